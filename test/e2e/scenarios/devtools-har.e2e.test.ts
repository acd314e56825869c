/**
 * The HAR that the browser's own DevTools writes (devtools.network.getHAR is the same log the Network
 * panel saves): `cme-devtools inspect` reads it; our import and export keep every field HAR 1.2 defines
 * of its CME calls; and the calls our panel captured live and stored keep them too.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Har } from 'har-format';
import { rawCallsToHar } from '../../../lib/cme/har';
import type { RawCall } from '../../../lib/cme/types';
import { startSandbox, type RunningSandbox } from '../../../lib/node/sandbox/main';
import { buildHarExport, importHar } from '../../../lib/ui/panel/export';
import { entryKeyOf, harSpecDiff } from '../../cme/har-compare';
import { validateHar } from '../../cme/har-schema';
import { browsersUnderTest, launch, type TestBrowser, type TestPanel } from '../harness';
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

  // One demo run recorded by the browser's DevTools, shared by the tests below.
  let recorded: Promise<{ panel: TestPanel; har: Har['log'] }> | null = null;
  const demoHar = () => (recorded ??= recordDemo());
  async function recordDemo(): Promise<{ panel: TestPanel; har: Har['log'] }> {
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
    return { panel, har: har as unknown as Har['log'] };
  }

  it('lists the demo page calls from the browser-written HAR', async () => {
    const { har } = await demoHar();
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

  it('keeps every field HAR 1.2 defines of its CME calls when imported and exported again', async () => {
    const { har } = await demoHar();
    const original = { log: har };
    writeHarCopy(name, original);
    const imported = importHar(JSON.stringify(original));
    expect(imported.problems).toEqual([]);
    expect(imported.rows.length).toBeGreaterThanOrEqual(4);
    const body = async (id: number) => imported.bodies.get(id);
    const exported = JSON.parse((await buildHarExport(imported.rows, body, true)).text) as Har;
    expect(validateHar(exported)).toEqual([]);
    expect(exported.log.entries).toHaveLength(imported.rows.length);
    expect(harSpecDiff(original, exported)).toEqual([]);
    // What the browser wrote of these calls, kept (harSpecDiff compared each entry): HTTP versions (Firefox
    // leaves some entries' empty, so not every one has one), the timing phases, the page.
    expect(exported.log.entries.some((e) => e.request.httpVersion !== '')).toBe(true);
    expect(exported.log.entries.every((e) => Object.keys(e.timings).length >= 3)).toBe(true);
    const pagerefs = har.entries.some((e) => e.pageref !== undefined);
    if (pagerefs) expect(exported.log.pages?.length).toBeGreaterThan(0);
    // Masked, it holds no ticket and no whole signature, and is still valid HAR.
    const masked = (await buildHarExport(imported.rows, body, false)).text;
    expect(validateHar(JSON.parse(masked))).toEqual([]);
    expect(masked).not.toMatch(/tf_[0-9a-f]{32}/);
    expect(masked).not.toMatch(/signature=[A-Za-z0-9%+/]{40}/);
  });

  it('keeps what the browser gave of each call through the live capture and the store', async () => {
    const { panel, har } = await demoHar();
    // The calls our panel captured and stored (IndexedDB, as the panel wrote them).
    const keys = new Set(har.entries.map(entryKeyOf));
    const stored = await poll('the panel to store the demo calls', async () => {
      // The panel's own IndexedDB: in Firefox the adapter runs this in a frame script, where the
      // panel's window is \`content\` (its own \`indexedDB\` would be the frame script's).
      const raws = await panel.evaluate<RawCall[]>(`(async () => {
        const w = typeof content === 'object' && content !== null ? content : window;
        const db = await new Promise((resolve, reject) => {
          const open = w.indexedDB.open('cme-devtools');
          open.onsuccess = () => resolve(open.result);
          open.onerror = () => reject(open.error);
        });
        try {
          const read = db.transaction('captureBodies').objectStore('captureBodies').getAll();
          return (await new Promise((resolve, reject) => {
            read.onsuccess = () => resolve(read.result);
            read.onerror = () => reject(read.error);
          })).map((row) => row.raw);
        } finally {
          db.close();
        }
      })()`);
      const exported = rawCallsToHar(raws, { reveal: true });
      const matched = exported.log.entries.filter((e) => keys.has(entryKeyOf(e)));
      return matched.length >= 4 ? { ...exported, log: { ...exported.log, entries: matched } } : null;
    });
    expect(validateHar(stored)).toEqual([]);
    // A live event and a later getHAR may differ where the browser learned more in between (Chromium's
    // raw headers, sizes and version spelling; Firefox numbers its pages anew on each getHAR): compared
    // are the fields a request keeps from start to end, and the page by its URL and start.
    expect(liveDiff({ log: har }, stored)).toEqual([]);
    expect(stored.log.entries.every((e) => e.request.httpVersion !== '')).toBe(true);
    if (name === 'chromium') {
      // Chromium says which script made each call.
      expect(stored.log.entries.filter((e) => e._initiator !== undefined).length).toBeGreaterThan(0);
    }
  });
});

/** What `copy` (our capture, stored and exported) lost of the fields a request keeps from start to end. */
function liveDiff(original: Har, copy: Har): string[] {
  const out: string[] = [];
  const byKey = new Map(original.log.entries.map((e) => [entryKeyOf(e), e] as const));
  const pageOf = (log: Har['log'], ref: string | undefined) => log.pages?.find((p) => p.id === ref);
  copy.log.entries.forEach((y, i) => {
    const x = byKey.get(entryKeyOf(y))!;
    const same = (what: string, a: unknown, b: unknown) => {
      if (JSON.stringify(a) !== JSON.stringify(b))
        out.push(`entries[${i}].${what}: ${JSON.stringify(a)} became ${JSON.stringify(b)}`);
    };
    same('time', x.time, y.time);
    // The spec's phases (Chromium adds its own `_` ones), in any order.
    const phases = (t: object) =>
      Object.entries(t)
        .filter(([k]) => !k.startsWith('_'))
        .sort(([a], [b]) => a.localeCompare(b));
    same('timings', phases(x.timings), phases(y.timings));
    same('serverIPAddress', x.serverIPAddress, y.serverIPAddress);
    same('connection', x.connection, y.connection);
    same('response.status', x.response.status, y.response.status);
    same('request.cookies', x.request.cookies, y.request.cookies);
    same('response.cookies', x.response.cookies, y.response.cookies);
    same('request.httpVersion', x.request.httpVersion.toUpperCase(), y.request.httpVersion.toUpperCase());
    same('response.httpVersion', x.response.httpVersion.toUpperCase(), y.response.httpVersion.toUpperCase());
    const [pa, pb] = [pageOf(original.log, x.pageref), pageOf(copy.log, y.pageref)];
    if (pa)
      same(
        'page',
        [pa.title, Date.parse(pa.startedDateTime)],
        [pb?.title, Date.parse(pb?.startedDateTime ?? '')],
      );
    if (x._initiator) same('_initiator', x._initiator, y._initiator);
  });
  return out;
}

/** Keeps a copy of the browser's HAR where a developer asked for one (to refresh test/fixtures). */
function writeHarCopy(browserName: string, har: unknown): void {
  const dir = process.env.CME_E2E_HAR_DIR;
  if (dir) writeFileSync(join(dir, `${browserName}-getHAR.har`), JSON.stringify(har, null, 2));
}
