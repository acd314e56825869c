/**
 * Login diagnosis in real Chromium and Firefox: the sandbox's CME clock runs 7 minutes behind this
 * computer's (`--clock-skew 420`), as if the developer's signing server were 7 minutes ahead. The demo's
 * login is refused; the panel's row carries the diagnosis badge and its detail says why, in en and zh_CN.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../../lib/node/sandbox/main';
import { browsersUnderTest, launch, type TestBrowser, type TestPage, type TestPanel } from '../harness';
import { poll } from '../harness/util';
import { rowsOf, selectRow, setLanguage, waitForCount } from './support';

describe.each(browsersUnderTest())('login diagnosis in %s', (name) => {
  let sandbox: RunningSandbox;
  let browser: TestBrowser;
  let demo: TestPage;
  let panel: TestPanel;

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, quiet: true, clockSkewSeconds: 420 });
    browser = await launch(name, { devtools: true });
  });
  afterAll(async () => {
    await setLanguage(browser, 'en').catch(() => {});
    await browser?.close();
    await sandbox?.close();
  });

  it('badges the refused login and explains the clock in the detail', async () => {
    demo = await browser.openPage(`${sandbox.url}/demo?manual`);
    panel = await browser.openPanel(demo);
    await demo.click('#run');
    // The login is refused: the demo makes no client API call after it.
    const [login] = await waitForCount(panel, 1, 20_000, demo);
    expect(login).toMatchObject({ kind: 'login', ok: false });
    await poll('the diagnosis badge on the row', () =>
      panel.evaluate<boolean>(
        `!!document.querySelector('.cme-row[data-id="${login!.id}"] [data-login-diagnosis="error"]')`,
      ),
    );
    await selectRow(panel, login!.id);
    const finding = `[data-section="login-diagnosis"] [data-finding="signed-in-future"]`;
    await poll('the clock finding', () => panel.evaluate<boolean>(`!!document.querySelector('${finding}')`));
    const en = await panel.evaluate<string>(`document.querySelector('${finding}').textContent`);
    expect(en).toBe(
      "Signed 7 min in the future (by the server's clock): your signing server's clock is ahead.",
    );
    const clock = await panel.evaluate<string>(
      `document.querySelector('[data-section="login-diagnosis"] [data-finding="computer-clock"]')?.textContent ?? ''`,
    );
    expect(clock).toBe("This computer's clock is 7 min ahead of the server's.");
    await panel.screenshot(`test-results/login-diagnosis-${name}-en.png`);

    await setLanguage(browser, 'zh_CN');
    await poll('the finding in Chinese', () =>
      panel.evaluate<boolean>(
        `document.querySelector('${finding}')?.textContent.includes('签名时间在未来 7 分钟') === true`,
      ),
    );
    expect(
      await panel.evaluate<string>(
        `document.querySelector('[data-section="login-diagnosis"] h4').textContent`,
      ),
    ).toBe('登录诊断');
    await panel.screenshot(`test-results/login-diagnosis-${name}-zh_CN.png`);
    expect((await rowsOf(panel)).length).toBe(1);
  });
});
