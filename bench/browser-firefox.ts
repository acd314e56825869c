/**
 * Real firefox-esr for the benchmarks, driven by puppeteer-core over WebDriver BiDi as the e2e harness does
 * (test/e2e/harness/firefox.ts: same binary, prefs and DevTools route), but with several extensions
 * installed at once (ours and the floor) and a panel's count posted from its frame as it changes, so a run
 * is watched without reaching into the panel per read. Firefox internals (gDevTools, frame scripts) are
 * asserted early and loudly, as in the harness.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { chromeEval, GECKO_ID, inPanelBrowser, toolboxPanelBrowser } from '../test/e2e/harness/firefox';
import { poll } from '../test/e2e/harness/util';
import { browserPath } from '../test/setup/browsers';

export { GECKO_ID };

/** What a panel's count did since its watch began: the first count, the latest, and when it last changed. */
export interface CountWatch {
  base: number | null;
  n: number;
  /** Date.now() in the panel's process when the count last changed (0: not yet). */
  changedAt: number;
  /** Time the panel process's main thread answered a 5 ms timer more than 50 ms late (summed), and the longest. */
  stalledMs: number;
  maxStallMs: number;
}

/** A panel shown in a tab's toolbox. */
export interface FirefoxPanel {
  /** Evaluates `body` in the panel's window (as `window`/`document`); JSON result. */
  evaluate<T>(body: string): Promise<T>;
  /** Posts `count` (an expression over `window`) from the panel each time it changes (read every 5 ms), until it reaches `stopAt`. */
  watch(count: string, stopAt: (base: number) => number): Promise<number>;
  /** The watch so far. */
  watched(): Promise<CountWatch>;
  /** Shows the console over the panel (the panel stays loaded, hidden). */
  hide(): Promise<void>;
  /** Closes the toolbox. */
  close(): Promise<void>;
}

/** The running browser. */
export interface FirefoxBench {
  browser: Browser;
  /** The id of each installed extension, in the order given. */
  ids: string[];
  open(url: string): Promise<Page>;
  /** Opens DevTools on the tab showing `url` and selects the panel of extension `id`. */
  showPanel(url: string, id: string, ready: string): Promise<FirefoxPanel>;
  close(): Promise<void>;
  /** Starts Firefox's sampling profiler (every CAPTURE_FIREFOX_PROFILE_MS, default 1 ms; JS stacks, main threads), or stops it and gives its profile. */
  profile(start: boolean): Promise<string | null>;
}

/** Launches firefox-esr with `extensions` (folders) installed as temporary add-ons. */
export async function launchFirefoxBench(extensions: string[]): Promise<FirefoxBench> {
  const profileDir = mkdtempSync(join(tmpdir(), 'cme-bench-firefox-'));
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: browserPath('firefox'),
    headless: true,
    defaultViewport: null,
    userDataDir: profileDir,
    // A 10,000-call page run takes minutes in Firefox with DevTools open.
    protocolTimeout: 900_000,
    args: ['--remote-allow-system-access', '--width=1400', '--height=900'],
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: randomUUID() }),
      'devtools.toolbox.host': 'bottom',
      'devtools.toolbox.footer.height': 720,
      'intl.locale.requested': 'en',
    },
  });
  const ids: string[] = [];
  try {
    for (const dir of extensions) ids.push(await browser.installExtension(dir));
  } catch (error) {
    await browser.close();
    throw error;
  }

  const chrome = <T>(expression: string) => chromeEval<T>(browser, expression);
  return {
    browser,
    ids,
    async open(url) {
      const page = await browser.newPage();
      await page.goto(url);
      return page;
    },
    async showPanel(url, id, ready) {
      const slot = `s${randomUUID().replace(/-/g, '')}`;
      await chrome(`(async () => {
        const { require } = ChromeUtils.importESModule('resource://devtools/shared/loader/Loader.sys.mjs');
        const { gDevTools } = require('devtools/client/framework/devtools');
        const tab = gBrowser.tabs.find((t) => t.linkedBrowser.currentURI.spec === ${JSON.stringify(url)});
        if (!tab) throw new Error('inspected tab not found');
        gBrowser.selectedTab = tab;
        const toolbox = await gDevTools.showToolboxForTab(tab, { toolId: 'webconsole' });
        window.__cmeBench = window.__cmeBench || {};
        window.__cmeBench[${JSON.stringify(slot)}] = { toolbox, tab, gDevTools, watch: null };
        return true;
      })()`);
      const S = `window.__cmeBench[${JSON.stringify(slot)}]`;
      const toolId = await poll(`the panel of ${id} in the Firefox toolbox`, () =>
        chrome<string | null>(
          `(${S}.toolbox.getAdditionalTools().find((t) => t.extensionId === ${JSON.stringify(id)}) || {}).id || null`,
        ),
      );
      await chrome(`${S}.toolbox.selectTool(${JSON.stringify(toolId)}).then(() => true)`);
      const evaluate = <T>(body: string) => chrome<T>(inPanelBrowser(panelBrowser(S), body));
      await poll(`the panel of ${id} ready`, () => evaluate<boolean>(ready), 30_000, 200);
      // The panel's frame from now on, even when another tool is shown over it.
      await chrome(`(${S}.browser = ${panelBrowser(S)}, true)`);
      return {
        evaluate,
        async watch(count, stopAt) {
          return chrome<number>(watchCount(S, count, stopAt));
        },
        watched: () => chrome<CountWatch>(`${S}.watch`),
        async hide() {
          await chrome(`${S}.toolbox.selectTool('webconsole').then(() => true)`);
        },
        async close() {
          await chrome(`(async () => {
            const s = ${S};
            if (s.stop) s.stop();
            await s.gDevTools.closeToolboxForTab(s.tab);
            delete window.__cmeBench[${JSON.stringify(slot)}];
            return true;
          })()`);
        },
      };
    },
    async profile(start) {
      if (start) {
        const ms = Number(process.env.CAPTURE_FIREFOX_PROFILE_MS ?? 1);
        await chrome(`(Services.profiler.StartProfiler(1 << 24, ${ms}, ['js', 'cpu'], ['GeckoMain']), true)`);
        return null;
      }
      const json = await chrome<string>(`(async () => {
        const p = await Services.profiler.getProfileDataAsync();
        Services.profiler.StopProfiler();
        return JSON.stringify(p);
      })()`);
      return json;
    },
    async close() {
      await browser.close();
      rmSync(profileDir, { recursive: true, force: true });
    },
  };
}

/** Chrome-scope code: the panel's `<browser>` of the toolbox in slot `S` (kept there once found). */
function panelBrowser(S: string): string {
  return `(${S}.browser || ${toolboxPanelBrowser(`${S}.toolbox`)})`;
}

/**
 * Chrome-scope code that starts the count watch: a frame script reads `count` every 5 ms in the panel and
 * posts each change with the panel's Date.now(); the chrome side keeps the latest in `${S}.watch`.
 * Resolves with the first count.
 */
function watchCount(S: string, count: string, stopAt: (base: number) => number): string {
  const name = `cme-bench-watch-${randomUUID()}`;
  const stopFn = stopAt.toString();
  const frameScript = `(() => {
    const window = content.wrappedJSObject;
    // The frame script's own timers: a hidden panel's window timers may be throttled.
    const { setInterval, clearInterval } = ChromeUtils.importESModule('resource://gre/modules/Timer.sys.mjs');
    const read = () => { try { return Number(${count}); } catch (e) { return -1; } };
    let last = read();
    const until = (${stopFn})(last);
    sendAsyncMessage(${JSON.stringify(name)}, { n: last, at: 0 });
    // Ticks that came late: the panel process's main thread was busy (stalls over 50 ms, summed).
    let tick = Date.now(); let stalledMs = 0; let maxStallMs = 0;
    const id = setInterval(() => {
      const now = Date.now(); const gap = now - tick; tick = now;
      if (gap > 50) { stalledMs += gap; if (gap > maxStallMs) maxStallMs = gap; }
      const n = read();
      if (n !== last || gap > 50) { const changed = n !== last; last = n;
        sendAsyncMessage(${JSON.stringify(name)}, { n, at: changed ? now : 0, stalledMs, maxStallMs }); }
      if (n >= until) clearInterval(id);
    }, 5);
    addMessageListener(${JSON.stringify(`${name}:stop`)}, () => clearInterval(id));
  })()`;
  return `(async () => {
    const s = ${S};
    const mm = ${panelBrowser(S)}.messageManager;
    s.watch = { base: null, n: -1, changedAt: 0, stalledMs: 0, maxStallMs: 0 };
    const onMsg = (m) => {
      const w = s.watch;
      if (w.base === null) w.base = m.data.n;
      w.n = m.data.n;
      if (m.data.at) w.changedAt = m.data.at;
      if (m.data.stalledMs !== undefined) { w.stalledMs = m.data.stalledMs; w.maxStallMs = m.data.maxStallMs; }
    };
    mm.addMessageListener(${JSON.stringify(name)}, onMsg);
    s.stop = () => { mm.sendAsyncMessage(${JSON.stringify(`${name}:stop`)}, {}); mm.removeMessageListener(${JSON.stringify(name)}, onMsg); };
    mm.loadFrameScript('data:text/javascript;charset=utf-8,' + encodeURIComponent(${JSON.stringify(frameScript)}), false);
    const t0 = Date.now();
    while (s.watch.base === null) {
      if (Date.now() - t0 > 5000) throw new Error('the panel never posted its count');
      await new Promise((r) => setTimeout(r, 20));
    }
    return s.watch.base;
  })()`;
}
