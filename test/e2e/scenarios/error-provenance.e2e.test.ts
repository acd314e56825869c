/**
 * Where an error Code's explanation comes from, in the panel's detail in real Chromium and Firefox, light
 * and dark, en and zh_CN: the demo's DeleteMaterial answers `InvalidParameterValue.MaterialId`, which
 * CME's client API docs document (a quiet line, no badge); the page then sends DeleteMaterial without its
 * MaterialId, which the sandbox answers with `MissingParameter`, a code CME documents for its server API
 * only (a line set off, and in English the message marked as our translation of CME's Chinese text).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { explainError } from '../../../lib/cme/errors';
import { startSandbox, type RunningSandbox } from '../../../lib/node/sandbox/main';
import { browsersUnderTest, launch, type TestBrowser, type TestPage, type TestPanel } from '../harness';
import { poll } from '../harness/util';
import {
  DEMO_ACTIONS,
  FAILING_CODE,
  openDemoWithPanel,
  selectRow,
  setLanguage,
  waitForCount,
  waitForPanelText,
  type HookRow,
} from './support';

const SERVER_CODE = 'MissingParameter';

const LINE = {
  'client-docs': { en: "From CME's client API docs.", zh_CN: '来自 CME 客户端 API 文档。' },
  'server-docs': {
    en: 'Not documented by CME for the client API: a server API (API 3.0) code.',
    zh_CN: 'CME 未为客户端 API 记录此错误码：这是服务端 API（API 3.0）的错误码。',
  },
} as const;

/** What the detail's error section shows: the Code, the provenance line and the mark on the message. */
interface Shown {
  code: string | null;
  source: string | null;
  line: string | null;
  mark: string | null;
}

function shown(panel: TestPanel): Promise<Shown> {
  return panel.evaluate<Shown>(`(() => {
    const s = document.querySelector('[data-section="error"]');
    const line = s && s.querySelector('.errx-source');
    const mark = s && s.querySelector('.errx-mark');
    return {
      code: s && s.querySelector('.errx-code') ? s.querySelector('.errx-code').textContent : null,
      source: line ? line.getAttribute('data-source') : null,
      line: line ? line.textContent : null,
      mark: mark ? mark.textContent : null,
    };
  })()`);
}

async function showCode(panel: TestPanel, row: HookRow): Promise<void> {
  await selectRow(panel, row.id);
  await poll(`the detail explaining ${row.code}`, async () => (await shown(panel)).code === row.code);
}

for (const theme of ['light', 'dark'] as const) {
  describe.each(browsersUnderTest())(`error provenance in %s, ${theme}`, (name) => {
    let sandbox: RunningSandbox;
    let browser: TestBrowser;
    let demo: TestPage;
    let panel: TestPanel;
    let rows: HookRow[];
    const shot = (lang: string, what: string) =>
      panel.screenshot(`/tmp/shots/error-provenance-${name}-${theme}-${lang}-${what}.png`);

    beforeAll(async () => {
      sandbox = await startSandbox({ port: 0, quiet: true });
      browser = await launch(name, { devtools: true, dark: theme === 'dark' });
      ({ demo, panel, rows } = await openDemoWithPanel(browser, sandbox.url));
      // The demo's own ticket, for a call CME's client API docs know nothing about: no MaterialId.
      const code = await demo.evaluate<string>(
        `fetch(location.origin + '/PaaS/Material/DeleteMaterial?auth=' + encodeURIComponent(auth), {
          method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}',
        }).then((r) => r.json()).then((j) => j.Code)`,
      );
      expect(code).toBe(SERVER_CODE);
      rows = await waitForCount(panel, DEMO_ACTIONS.length + 1, 20_000, demo);
    });
    afterAll(async () => {
      await browser?.close();
      await sandbox?.close();
    });

    it('says a documented client code comes from the client API docs, and a server-API code that it is one (en)', async () => {
      if (theme === 'dark') {
        expect(await panel.evaluate<string>('document.documentElement.dataset.theme')).toBe('dark');
      }
      await showCode(
        panel,
        rows.find((r) => r.code === FAILING_CODE)!,
      );
      expect(await shown(panel)).toEqual({
        code: FAILING_CODE,
        source: 'client-docs',
        line: LINE['client-docs'].en,
        mark: null,
      });
      await waitForPanelText(panel, explainError(FAILING_CODE, 'api')!.messageEn);
      await shot('en', 'documented');

      await showCode(
        panel,
        rows.find((r) => r.code === SERVER_CODE)!,
      );
      expect(await shown(panel)).toEqual({
        code: SERVER_CODE,
        source: 'server-docs',
        line: LINE['server-docs'].en,
        mark: 'our translation',
      });
      await waitForPanelText(panel, explainError(SERVER_CODE, 'api')!.messageEn);
      await shot('en', 'server-api');
    });

    it('says the same in Chinese, where the server-API message is CME’s own text (zh_CN)', async () => {
      await setLanguage(browser, 'zh_CN');
      await poll('the line in Chinese', async () => (await shown(panel)).line === LINE['server-docs'].zh_CN);
      expect(await shown(panel)).toEqual({
        code: SERVER_CODE,
        source: 'server-docs',
        line: LINE['server-docs'].zh_CN,
        mark: null,
      });
      await waitForPanelText(panel, explainError(SERVER_CODE, 'api')!.messageZh);
      await shot('zh_CN', 'server-api');

      await showCode(
        panel,
        rows.find((r) => r.code === FAILING_CODE)!,
      );
      expect(await shown(panel)).toEqual({
        code: FAILING_CODE,
        source: 'client-docs',
        line: LINE['client-docs'].zh_CN,
        mark: null,
      });
      await waitForPanelText(panel, explainError(FAILING_CODE, 'api')!.messageZh);
      await shot('zh_CN', 'documented');
    });
  });
}
