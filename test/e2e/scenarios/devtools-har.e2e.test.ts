/**
 * `cme-devtools inspect` reads a HAR that the browser's own DevTools wrote (devtools.network.getHAR is the
 * same log the Network panel saves), not only our hand-made fixture.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../../lib/node/sandbox/main';
import { browsersUnderTest, launch, type TestBrowser } from '../harness';
import { poll } from '../harness/util';

interface InspectLine {
  kind: string;
  class: string | null;
  action: string;
  httpStatus: number;
  url: string;
  ticket: string | null;
  user: { platform: string | null; userId: string | null } | null;
}

describe.each(browsersUnderTest())('inspect a HAR from %s DevTools', (name) => {
  let sandbox: RunningSandbox;
  let browser: TestBrowser;
  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, quiet: true });
    browser = await launch(name, { devtools: true });
  });
  afterAll(async () => {
    await browser?.close();
    await sandbox?.close();
  });

  it('lists the demo page calls from the browser-written HAR', async () => {
    const page = await browser.openPage(`${sandbox.url}/demo`);
    const panel = await browser.openPanel(page);
    // Run the demo's calls again now that DevTools records them ("Run again" on the page), and read the
    // HAR the browser's DevTools writes. Firefox's HAR collector starts on its own schedule after the
    // toolbox opens (under load it has missed the start of a run): a run it did not hold whole is run again.
    const readHar = () =>
      panel.evaluate<{ entries: { request: { url: string } }[] }>(`(async () => {
        const api = window.browser ?? window.chrome;
        const har = window.browser
          ? await api.devtools.network.getHAR()
          : await new Promise((resolve) => api.devtools.network.getHAR(resolve));
        return JSON.parse(JSON.stringify(har));
      })()`);
    let seen: string[] = [];
    let har: { entries: { request: { url: string } }[] } | null = null;
    for (let attempt = 1; attempt <= 3 && !har; attempt++) {
      // The run that started with the page may still be going: a click on the disabled button is lost.
      await poll('the demo run to end', () =>
        page.evaluate<boolean>(`!document.getElementById('run').disabled`),
      );
      const before = sandbox.stats.byAction['DeleteClass'] ?? 0;
      await page.click('#run');
      await poll(
        'the demo to finish its calls',
        async () => (sandbox.stats.byAction['DeleteClass'] ?? 0) > before,
      );
      har = await poll(
        'a HAR with the demo calls',
        async () => {
          const log = await readHar();
          const urls = log.entries.map((e) => e.request.url);
          seen = urls.map((u) =>
            u.replace(/^https?:\/\/[^/]+/, '').replace(/([?&](auth|signature)=)[^&]+/, '$1…'),
          );
          const has = (part: string) => urls.some((u) => u.includes(part));
          return has('?signature=') &&
            has('/PaaS/Material/DescribeClass') &&
            has('/PaaS/Material/DeleteClass')
            ? log
            : null;
        },
        5000,
      ).catch(() => null);
    }
    if (!har)
      throw new Error(`No HAR held a whole demo run in 3 runs; the last held: ${JSON.stringify(seen)}`);
    const dir = mkdtempSync(join(tmpdir(), 'cme-har-'));
    const file = join(dir, `${name}.har`);
    writeFileSync(file, JSON.stringify({ log: har }));
    const out = execFileSync(process.execPath, ['bin/cme-devtools.mjs', 'inspect', file, '--json'], {
      encoding: 'utf8',
    });
    const lines = out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as InspectLine);
    const actions = lines.map((l) => (l.class ? `${l.class}/${l.action}` : l.action));
    expect(actions).toEqual(
      expect.arrayContaining([
        'Login',
        'Material/DescribeClass',
        'Material/DeleteMaterial',
        'Material/DeleteClass',
      ]),
    );
    const login = lines.find((l) => l.kind === 'login')!;
    expect(login.httpStatus).toBe(200);
    expect(login.url).not.toMatch(/signature=[A-Za-z0-9%]{40}/);
    const api = lines.find((l) => l.action === 'DescribeClass')!;
    expect(api.ticket).toMatch(/^tf_…/);
    expect(out).not.toMatch(/tf_[0-9a-f]{32}/);
  });
});
