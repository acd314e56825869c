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
import { DEMO_ACTIONS } from './support';

interface InspectLine {
  kind: string;
  class: string | null;
  action: string;
  httpStatus: number;
  url: string;
  ticket: string | null;
  user: { platform: string | null; userId: string | null } | null;
}

/** What the demo requests of the sandbox in one run (the sign request and its 9 CME calls). */
const DEMO_PATHS = [
  '/dev/signature',
  '/?signature=…',
  '/PaaS/Material/DescribeClass',
  '/PaaS/Material/CreateClass',
  '/PaaS/Material/ListMedia',
  '/PaaS/Project/DescribeProjects',
  '/PaaS/Team/DescribeTeams',
  '/proxy/PaaS/Team/DescribeJoinTeams',
  '/PaaS/Material/DeleteMaterial',
  '/PaaS/Material/DeleteClass',
];

/** A CME call (login or client API), as the demo makes them. */
const isCme = (url: string) => url.includes('/PaaS/') || url.includes('?signature=');

interface Recorded {
  panel: TestPanel;
  /** The browser's HAR of the tab. */
  har: Har['log'];
  /** Its CME calls of the demo run made once DevTools recorded (all of them in Chromium). */
  run: Har['log']['entries'];
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
  let recorded: Promise<Recorded> | null = null;
  const demoHar = () => (recorded ??= recordDemo());
  async function recordDemo(): Promise<Recorded> {
    const page = await browser.openPage(`${sandbox.url}/demo`);
    const panel = await browser.openPanel(page);
    const readHar = () =>
      panel.evaluate<Har['log']>(`(async () => {
        const api = window.browser ?? window.chrome;
        const har = window.browser
          ? await api.devtools.network.getHAR()
          : await new Promise((resolve) => api.devtools.network.getHAR(resolve));
        return JSON.parse(JSON.stringify(har));
      })()`);
    // The run that started with the page may still be going: a click on the disabled button is lost.
    const runEnded = () => page.evaluate<boolean>(`!document.getElementById('run').disabled`);
    await poll('the demo run to end', runEnded);
    // The precondition: the browser's DevTools records this tab's requests. Chromium's does once the
    // panel is open; Firefox's HAR collector starts on its own schedule after the toolbox opens, and
    // what the page requested before it started is in no HAR. Each probe is a request of its own (not a
    // CME call); once one shows in getHAR the collector runs, and the demo then runs once.
    let probes = 0;
    await poll(
      "DevTools recording the page's requests",
      async () => {
        const marker = `probe=${++probes}`;
        await page.evaluate(`fetch('__sandbox/stats?${marker}').then(() => true)`);
        // Firefox lists a request in getHAR a little after the page has its answer: any probe seen is proof.
        return (await readHar()).entries.some((e) => e.request.url.includes('__sandbox/stats?probe='));
      },
      60_000,
      250,
    );
    const clickedAt = Date.now();
    await page.click('#run');
    await poll('the demo to finish its calls', runEnded);
    // What we control: our panel lists every CME call of that run, in order (live, from the same DevTools).
    const listed = await poll('our panel to list the run', async () => {
      const rows = await panel.evaluate<{ action: string; startedAt: number }[]>('window.__cmePanel.rows()');
      const run = rows.filter((r) => r.startedAt >= clickedAt).map((r) => r.action);
      return run.length >= DEMO_ACTIONS.length ? run : null;
    });
    expect(listed).toEqual(DEMO_ACTIONS);
    // Then the browser's HAR, read once: what it holds of the run is what the tests below work on.
    const har = await readHar();
    const run = har.entries.filter((e) => Date.parse(e.startedDateTime) >= clickedAt);
    const held = run.map(
      (e) => new URL(e.request.url).pathname + (e.request.url.includes('?signature=') ? '?signature=…' : ''),
    );
    const cme = run.filter((e) => isCme(e.request.url));
    if (name === 'chromium') {
      // Chromium's DevTools log holds every request made while it is attached.
      expect(held).toEqual(expect.arrayContaining(DEMO_PATHS));
    } else if (cme.length < DEMO_ACTIONS.length) {
      // Firefox's may lack some (README, "HAR files"): the tests below check what it does hold.
      console.warn(
        `Firefox's HAR held ${cme.length} of the run's ${DEMO_ACTIONS.length} CME calls: ${held.join(' ')}`,
      );
    }
    expect(
      cme.length,
      `the browser's HAR held none of the run's CME calls: ${held.join(' ')}`,
    ).toBeGreaterThan(0);
    return { panel, har, run: cme };
  }

  it('lists the CME calls of the browser-written HAR', async () => {
    const { har, run } = await demoHar();
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
    // Exactly the CME calls the HAR holds (the run's, and any of the page's first run it caught).
    const actionOf = (url: string) =>
      url.includes('?signature=') ? 'Login' : (url.split('PaaS/')[1] ?? '').split('?')[0]!;
    const sorted = (list: string[]) => [...list].sort();
    const actions = lines.map((l) => (l.class ? `${l.class}/${l.action}` : l.action));
    const cmeInHar = har.entries.filter((e) => isCme(e.request.url));
    expect(sorted(actions)).toEqual(sorted(cmeInHar.map((e) => actionOf(e.request.url))));
    expect(actions).toEqual(expect.arrayContaining(run.map((e) => actionOf(e.request.url))));
    // Tickets and signatures masked.
    for (const l of lines) {
      if (l.kind === 'login') {
        expect(l.httpStatus).toBe(200);
        expect(l.url).not.toMatch(/signature=[A-Za-z0-9%]{40}/);
      } else {
        expect(l.ticket).toMatch(/^tf_…/);
      }
    }
    expect(out).not.toMatch(/tf_[0-9a-f]{32}/);
  });

  it('keeps every field HAR 1.2 defines of its CME calls when imported and exported again', async () => {
    const { har } = await demoHar();
    const original = { log: har };
    writeHarCopy(name, original);
    const imported = importHar(JSON.stringify(original));
    expect(imported.problems).toEqual([]);
    expect(imported.rows).toHaveLength(har.entries.filter((e) => isCme(e.request.url)).length);
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
    const { panel, har, run } = await demoHar();
    // The calls our panel captured and stored (IndexedDB, as the panel wrote them): each CME call of the
    // run that the browser's HAR holds.
    const keys = new Set(run.map(entryKeyOf));
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
      return matched.length === keys.size
        ? { ...exported, log: { ...exported.log, entries: matched } }
        : null;
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
    // The page: its title, and its start within a second — Firefox names no page for a live call, and
    // reading its HAR during traffic stalls its events, so the capture makes the page from the document
    // (its URL, its time origin), where DevTools' page starts with the document's first request.
    // Firefox's page starts with the first request DevTools recorded (after the toolbox opened), ours with
    // the document (its time origin): ours may be earlier, never later than a second after.
    if (pa) {
      same('page.title', pa.title, pb?.title);
      const late = Date.parse(pb?.startedDateTime ?? '') - Date.parse(pa.startedDateTime);
      if (!(late <= 1000)) same('page.startedDateTime', pa.startedDateTime, pb?.startedDateTime);
    }
    if (x._initiator) same('_initiator', x._initiator, y._initiator);
  });
  return out;
}

/** Keeps a copy of the browser's HAR where a developer asked for one (to refresh test/fixtures). */
function writeHarCopy(browserName: string, har: unknown): void {
  const dir = process.env.CME_E2E_HAR_DIR;
  if (dir) writeFileSync(join(dir, `${browserName}-getHAR.har`), JSON.stringify(har, null, 2));
}
