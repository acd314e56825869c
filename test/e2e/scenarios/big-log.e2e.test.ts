/**
 * The panel reopened on a big capture log (issue 20): it lists the newest calls first and says it is still
 * loading the rest, then lists every call; a word that lies only past the first 2,048 characters of one
 * call's answer finds that call (the text index's deep pass over whole bodies). The log is written through
 * IndexedDB from the panel's own page, as the store writes it (summaries with their search text, bodies).
 */
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../../lib/node/sandbox/main';
import { browsersUnderTest, launch, type TestBrowser, type TestPanel } from '../harness';
import { poll } from '../harness/util';
import { countOf, setPanelFilter } from './support';

const SHOTS = '/tmp/shots';
const CALLS = 30_000;
/** The call whose answer holds the deep word, past 3,000 characters of other text. */
const DEEP_SEQ = 1234;
const DEEP_WORD = 'zz-deep-needle-7f3';

/** Writes `n` calls to tab `tabId`'s log (seq 1…n), in one transaction. */
function fill(n: number, tabId: number): string {
  return `(async () => {
    const tabId = ${tabId};
    const db = await new Promise((resolve, reject) => {
      const open = indexedDB.open('cme-devtools');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const tx = db.transaction(['captures', 'captureBodies'], 'readwrite');
    const url = 'https://web-paas-api.cme.qcloud.com/PaaS/Material/ListMedia';
    for (let seq = 1; seq <= ${n}; seq++) {
      const answer = seq === ${DEEP_SEQ}
        ? JSON.stringify({ Code: 'Success', Data: { Pad: 'x'.repeat(3000), Name: ${JSON.stringify(DEEP_WORD)} } })
        : JSON.stringify({ Code: 'Success', Data: { Name: 'clip-' + seq } });
      const raw = { startedAt: 1700000000000 + seq, durationMs: 5,
        request: { method: 'POST', url, headers: [], body: { text: '{}' } },
        response: { status: 200, headers: [], body: { text: answer, mimeType: 'application/json' } } };
      const text = ['material/listmedia', 'success', '200', 'post', url, '{}', answer.slice(0, 1900)].join('\\n').toLowerCase();
      const req = tx.objectStore('captures').add({ tabId, seq, startedAt: raw.startedAt, kind: 'api', method: 'POST',
        url, actionClass: 'Material', action: 'ListMedia', code: 'Success', ok: true, httpStatus: 200, durationMs: 5,
        size: answer.length, platform: null, userId: null, ticket: null, requestId: 'req-' + seq, message: null,
        englishMessage: null, text });
      req.onsuccess = () => tx.objectStore('captureBodies').put({ id: req.result, tabId, raw });
    }
    await new Promise((resolve, reject) => { tx.oncomplete = resolve; tx.onerror = () => reject(tx.error); });
    db.close();
    return true;
  })()`;
}

const progress = (panel: TestPanel) =>
  panel.evaluate<{ rest: string | null; text: string; rows: number; dropped: boolean } | null>(`(() => {
    const el = document.querySelector('.cme-list-progress');
    const hook = window.__cmePanel;
    const dropped = !!document.querySelector('[data-banner="dropped"]');
    return el && hook ? { rest: el.dataset.loadingRest, text: el.textContent, rows: hook.count(), dropped } : null;
  })()`);

for (const variant of [
  { theme: 'light', locale: 'en', loading: 'still loading the rest' },
  { theme: 'dark', locale: 'zh-CN', loading: '其余仍在加载' },
] as const) {
  describe.each(browsersUnderTest())(
    `a big log reopened in %s (${variant.theme}, ${variant.locale})`,
    (name) => {
      let sandbox: RunningSandbox;
      let browser: TestBrowser;
      let panel: TestPanel;

      beforeAll(async () => {
        mkdirSync(SHOTS, { recursive: true });
        sandbox = await startSandbox({ port: 0, quiet: true });
        browser = await launch(name, {
          devtools: true,
          dark: variant.theme === 'dark',
          locale: variant.locale,
        });
      });
      afterAll(async () => {
        await browser?.close();
        await sandbox?.close();
      });

      it('lists the newest calls first, says it is still loading, then lists them all; finds a word past 2,048 characters', async () => {
        const page = await browser.openPage(`${sandbox.url}/demo?manual`);
        panel = await browser.openPanel(page);
        // Written from an extension page (Firefox's panel scripts may not open IndexedDB).
        const tabId = await panel.evaluate<number>(
          '(window.browser ?? window.chrome).devtools.inspectedWindow.tabId',
        );
        const writer = await browser.openExtensionPage('/options.html');
        expect(await writer.evaluate(fill(CALLS, tabId))).toBe(true);
        // The options allow 100,000 calls per tab (the default lists 10,000); the language of this variant.
        const language = variant.locale === 'en' ? 'en' : 'zh_CN';
        await writer.evaluate(`(async () => {
        const area = (window.browser ?? window.chrome).storage.local;
        const got = await area.get('settings');
        await area.set({ settings: { version: 2, ...(got.settings || {}), maxEntriesPerTab: 100000, language: '${language}' } });
        return true;
      })()`);
        await panel.evaluate('(window.setTimeout(() => window.location.reload(), 0), true)');
        // (window.: Firefox evaluates in a sandbox over the panel's window.)
        // The newest first: rows listed, the newest call among them, and the line saying the rest is coming.
        const early = await poll(
          'the newest calls listed while the rest loads',
          async () => {
            const p = await progress(panel).catch(() => null);
            return p && p.rest === 'true' && p.rows > 0 && p.rows < CALLS ? p : null;
          },
          30_000,
          5,
        );
        expect(early.text).toContain(variant.loading);
        // The older calls are still to come: nothing says they were dropped.
        expect(early.dropped).toBe(false);
        const seqs = await panel.evaluate<number[]>('window.__cmePanel.rows().map((r) => r.seq)');
        expect(Math.max(...seqs)).toBe(CALLS);
        expect(Math.min(...seqs)).toBeGreaterThan(1);
        if (name === 'chromium')
          await panel.screenshot(`${SHOTS}/scale-loading-${variant.locale}-${variant.theme}.png`);
        await poll('every call listed', async () => (await countOf(panel)) === CALLS, 60_000);
        await poll('the loading line gone', async () => (await progress(panel))?.rest === 'false');

        // A word only in the answer's whole body (past the stored excerpt) finds its call.
        await setPanelFilter(panel, DEEP_WORD);
        await poll(
          'the deep match',
          async () =>
            panel.evaluate<boolean>(
              `document.querySelectorAll('.cme-row').length === 1 && document.querySelector('[aria-rowcount]').getAttribute('aria-rowcount') === '2'`,
            ),
          60_000,
        );
        // A word of the excerpts still filters at once to its call.
        await setPanelFilter(panel, 'clip-29999');
        await poll(
          'an excerpt match',
          async () =>
            panel.evaluate<boolean>(
              `document.querySelector('[aria-rowcount]').getAttribute('aria-rowcount') === '2'`,
            ),
          30_000,
        );
      });
    },
  );
}
