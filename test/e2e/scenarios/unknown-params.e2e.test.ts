/**
 * Unknown parameters in real Chromium and Firefox: the inspected page sends `Task/DeleteTask` with `taskId`
 * instead of `TaskId` (with the ticket the demo logged in with). CME, and the sandbox, answer only that
 * TaskId is missing; the panel's row carries a badge naming the likely spelling, and the detail says the
 * whole sentence, in English and in Chinese.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../../lib/node/sandbox/main';
import { browsersUnderTest, launch, type TestBrowser } from '../harness';
import { poll } from '../harness/util';
import { asciiLiteral, openDemoWithPanel, rowsOf, selectRow, waitForPanelText } from './support';

const SENTENCE_EN =
  'Unknown parameter taskId — did you mean TaskId? CME ignores parameters it does not know, without an error.';
const SENTENCE_ZH = '未知参数 taskId — 是否应为 TaskId？CME 会忽略它不认识的参数，且不报错。';

describe.each(browsersUnderTest())('unknown parameters in %s', (name) => {
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

  it('badges the call in the list and says the sentence in the detail', async () => {
    const { demo, panel } = await openDemoWithPanel(browser, sandbox.url);
    await poll('the demo run to end', () =>
      demo.evaluate<boolean>(`!document.getElementById('run').disabled`),
    );
    // The demo's own `api` helper posts with the ticket it logged in with (marked as an expected failure).
    await demo.evaluate(`api('Task/DeleteTask', { taskId: 'task-0001' }, true).then(() => true)`);
    const row = await poll('the DeleteTask call in the panel', async () =>
      (await rowsOf(panel)).find((r) => r.action === 'DeleteTask'),
    );
    // The sandbox answers as CME would: TaskId is missing; nothing says why.
    expect(row).toMatchObject({ actionClass: 'Task', ok: false, httpStatus: 200 });

    const badgeOf = (id: number) =>
      panel.evaluate<{ text: string; title: string } | null>(`(() => {
        const b = document.querySelector('[data-id="${id}"] .cme-unknown-badge');
        return b ? { text: b.textContent, title: b.getAttribute('title') } : null;
      })()`);
    expect(await poll('the badge on the row', () => badgeOf(row.id))).toEqual({
      text: '1 unknown parameter',
      title: 'taskId — did you mean TaskId?',
    });
    // Only that row has one: the demo's own calls send what the catalogue documents.
    expect(await panel.evaluate<number>(`document.querySelectorAll('.cme-unknown-badge').length`)).toBe(1);

    await selectRow(panel, row.id);
    await waitForPanelText(panel, SENTENCE_EN);
    // The badge stays in the action cell while the detail is open (the message column is hidden then).
    expect(await badgeOf(row.id)).toMatchObject({ text: '1 unknown parameter' });
    expect(
      await panel.evaluate<boolean>(
        `(() => { const b = document.querySelector('.cme-unknown-badge').getBoundingClientRect(); return b.width > 20 && b.height > 10; })()`,
      ),
    ).toBe(true);
    await panel.screenshot(`/tmp/shots/unknown-params-${name}.png`);

    // The language setting, as the options page saves it; the open panel follows at once.
    const ext = await browser.openExtensionPage('/popup.html');
    await ext.evaluate(
      `(globalThis.browser ?? globalThis.chrome).storage.local.set({ settings: { version: 2, language: 'zh_CN' } })`,
    );
    await ext.close();
    await waitForPanelText(panel, SENTENCE_ZH);
    expect(
      await panel.evaluate<boolean>(
        `(() => { const b = document.querySelector('.cme-unknown-badge');
          return b.textContent === ${asciiLiteral('1 个未知参数')} && b.getAttribute('title') === ${asciiLiteral('taskId — 是否应为 TaskId？')}; })()`,
      ),
    ).toBe(true);
    await panel.screenshot(`/tmp/shots/unknown-params-${name}-zh.png`);
  });
});
