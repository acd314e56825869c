/**
 * The toolbar popup in a real browser with the built extension, against the real sandbox: log in through the
 * dev-server URL, pick DescribeClass and send it, refuse a body missing a required parameter (the sandbox
 * sees nothing), explain a failing call in English and Chinese, remember the draft across openings, re-run
 * a recent call; and screenshots in both languages, light and dark.
 */
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { explainError } from '../../../lib/cme/errors';
import { startSandbox, type RunningSandbox } from '../../../lib/node/sandbox/main';
import { DEFAULT_PLATFORM } from '../../../lib/node/sandbox/options';
import { browsersUnderTest, launch, type TestBrowser, type TestPage } from '../harness';
import { poll } from '../harness/util';
import {
  choose,
  devSignature,
  pickAction,
  pickedTicket,
  reopen,
  resultText,
  rpc,
  setLanguage,
} from './support';

const SHOTS = '/tmp/shots';

/** Replace the body editor's text. */
async function setBody(page: TestPage, text: string): Promise<void> {
  await page.fill('#popup-body', text);
}

/** The popup's root box, and whether anything makes it (or its scrolling part) scroll sideways. */
async function popupBox(page: TestPage) {
  return page.evaluate<{ width: number; height: number; overflowX: boolean }>(`(() => {
    const root = document.querySelector('.popup-root'); const main = document.querySelector('.popup-main');
    const r = root.getBoundingClientRect();
    return { width: r.width, height: r.height,
      overflowX: root.scrollWidth > root.clientWidth || main.scrollWidth > main.clientWidth };
  })()`);
}

describe.each(browsersUnderTest())('popup in %s', (name) => {
  let sandbox: RunningSandbox;
  let browser: TestBrowser;
  let page: TestPage;
  const calls = (action: string): number => sandbox.stats.byAction[action] ?? 0;
  const allCalls = (): number => Object.values(sandbox.stats.byAction).reduce((a, b) => a + b, 0);

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    sandbox = await startSandbox({ port: 0, quiet: true });
    browser = await launch(name);
    page = await browser.openExtensionPage('/popup.html');
    // The popup needs the sandbox environment (the options scenario adds it through the page).
    await rpc(page, 'environments.save', { name: 'Sandbox', loginUrl: sandbox.url, apiBase: sandbox.url });
    await reopen(page);
  });
  afterAll(async () => {
    await browser?.close();
    await sandbox?.close();
  });

  it('logs in through the dev-server URL pointing at the sandbox', async () => {
    await page.waitForText('No stored ticket yet');
    const env = await rpc<{ id: string; name: string }[]>(page, 'environments.list');
    await choose(page, '#popup-login-env', env.find((e) => e.name === 'Sandbox')!.id);
    await page.fill('#popup-login-url', `${sandbox.url}/dev/signature?userId={userId}`);
    await page.fill('#popup-login-user', 'e2e_user');
    const logins = calls('Login');
    await page.click('#popup-login-submit');
    const shown = await poll('the new ticket picked', () => pickedTicket(page));
    expect(shown).toBe(`${DEFAULT_PLATFORM} / e2e_user · Sandbox · active`);
    expect(calls('Login')).toBe(logins + 1);
    // The ticket is shown masked.
    const ticket = (await rpc<{ authorization: string }[]>(page, 'tickets.list'))[0]!.authorization;
    expect(await page.text()).not.toContain(ticket);
  });

  it('sends DescribeClass from its template and shows Success, the Data tree, duration and RequestId', async () => {
    await pickAction(page, 'Material/DescribeClass');
    const body = JSON.parse(await page.evaluate<string>(`document.querySelector('#popup-body').value`));
    expect(body).toEqual({ Platform: DEFAULT_PLATFORM, Owner: { Type: 'PERSON', Id: 'e2e_user' } });
    const before = calls('DescribeClass');
    await page.click('#popup-send');
    await poll('the answer', async () => (await resultText(page)).includes('Success'));
    expect(calls('DescribeClass')).toBe(before + 1);
    const view = await page.evaluate<{ badge: string; tree: number; requestId: string; duration: string }>(`({
      badge: document.querySelector('#popup-result .badge')?.textContent ?? '',
      tree: document.querySelectorAll('#popup-result .jt .jt-node').length,
      requestId: document.querySelector('#popup-request-id')?.textContent ?? '',
      duration: document.querySelector('#popup-duration')?.textContent ?? '',
    })`);
    expect(view.badge).toContain('Success');
    expect(view.tree).toBeGreaterThan(0);
    expect(view.requestId).toMatch(/\w{6,}/);
    expect(view.duration).toMatch(/\d+(\.\d+)? m?s/);
  });

  it('sends nothing while a required parameter is missing, naming it and its line', async () => {
    await pickAction(page, 'Material/DeleteMaterial');
    await setBody(page, '{\n}');
    const before = calls('DeleteMaterial');
    const requests = sandbox.stats.requests;
    await page.click('#popup-send');
    await page.waitForText('Line 1:1 Missing required parameter MaterialId (String)');
    await page.waitForText('Not sent: fix the body first.');
    expect(calls('DeleteMaterial')).toBe(before);
    expect(sandbox.stats.requests).toBe(requests);
    // A call sent after the refused one travels the same way (popup, background, sandbox): once it was
    // answered, a DeleteMaterial the refused click had started would have reached the sandbox before it.
    const requestId = () =>
      page.evaluate<string>(`document.querySelector('#popup-request-id')?.textContent ?? ''`);
    const previous = await requestId();
    const describes = calls('DescribeClass');
    const cmeCalls = allCalls();
    await pickAction(page, 'Material/DescribeClass');
    await page.click('#popup-send');
    await poll(
      'the next call answered',
      async () => calls('DescribeClass') === describes + 1 && (await requestId()) !== previous,
    );
    expect(calls('DeleteMaterial')).toBe(before);
    // Only that call reached the sandbox (CME calls counted: in Firefox a call costs one HTTP request more).
    expect(allCalls()).toBe(cmeCalls + 1);
    await pickAction(page, 'Material/DeleteMaterial');
  });

  it('explains a failing call in English, then in Chinese once the language is switched', async () => {
    await setBody(page, '{\n  "MaterialId": "no-such-material"\n}');
    const before = calls('DeleteMaterial');
    await page.click('#popup-send');
    await poll('the failing answer', async () =>
      (await resultText(page)).includes('InvalidParameterValue.MaterialId'),
    );
    expect(calls('DeleteMaterial')).toBe(before + 1);
    const ex = explainError('InvalidParameterValue.MaterialId', 'api')!;
    await page.waitForText(ex.messageEn);
    await page.waitForText(ex.hintEn!);
    await page.screenshot(`${SHOTS}/popup-${name}-en-light.png`);
    await setLanguage(browser, 'zh_CN');
    // The open popup follows the choice live.
    await page.waitForText(ex.messageZh);
    await page.waitForText(ex.hintZh!);
    await page.waitForText('发送');
    expect(await popupBox(page)).toMatchObject({ width: 460, overflowX: false });
    await page.screenshot(`${SHOTS}/popup-${name}-zh_CN-light.png`);
    await setLanguage(browser, 'en');
    await page.waitForText('Send');
  });

  it('fits the popup in both languages: 460 px wide, at most 600 px tall', async () => {
    const box = await popupBox(page);
    expect(box.width).toBe(460);
    expect(box.height).toBeLessThanOrEqual(600);
    expect(box.overflowX).toBe(false);
  });

  it('remembers identity, action and draft body across openings', async () => {
    await setBody(page, '{\n  "MaterialId": "draft-kept"\n}');
    // The debounced save has written the draft (storage.local is what the next opening reads).
    await poll('the draft saved', () =>
      page.evaluate<boolean>(`(async () => {
        const stored = (await (globalThis.browser ?? globalThis.chrome).storage.local.get('popupDraft')).popupDraft;
        return !!stored && stored.action === 'DeleteMaterial' && stored.body === ${JSON.stringify('{\n  "MaterialId": "draft-kept"\n}')};
      })()`),
    );
    await page.close();
    page = await browser.openExtensionPage('/popup.html');
    await page.waitForText('Recent calls');
    const state = await page.evaluate<{ action: string; body: string; ticket: string }>(`({
      action: document.querySelector('#popup-action').value,
      body: document.querySelector('#popup-body').value,
      ticket: document.querySelector('#popup-ticket').selectedOptions[0].textContent,
    })`);
    expect(state).toEqual({
      action: 'Material/DeleteMaterial',
      body: '{\n  "MaterialId": "draft-kept"\n}',
      ticket: `${DEFAULT_PLATFORM} / e2e_user · Sandbox · active`,
    });
  });

  it('re-runs a recent call', async () => {
    await page.waitForText('DescribeClass');
    const before = calls('DescribeClass');
    const index = await page.evaluate<number>(
      `[...document.querySelectorAll('.popup-recent-row')].findIndex((r) => r.querySelector('.popup-recent-action').textContent === 'DescribeClass')`,
    );
    expect(index).toBeGreaterThanOrEqual(0);
    await page.click(`.popup-recent-row:nth-child(${index + 1}) .popup-recent-rerun`);
    await poll('the re-run', async () => calls('DescribeClass') === before + 1);
    await poll('its answer', async () => (await resultText(page)).includes('Success'));
    expect(await page.evaluate<string>(`document.querySelector('#popup-action').value`)).toBe(
      'Material/DescribeClass',
    );
  });

  it('looks right in the dark', async () => {
    await page.evaluate(`document.documentElement.dataset.theme = 'dark'`);
    await page.screenshot(`${SHOTS}/popup-${name}-en-dark.png`);
    await setLanguage(browser, 'zh_CN');
    await page.waitForText('发送');
    await page.screenshot(`${SHOTS}/popup-${name}-zh_CN-dark.png`);
    await setLanguage(browser, 'auto');
  });

  it('decodes a signature pasted from an unencoded URL (even a leading + lost) and logs in with it repaired', async () => {
    // A signature with '+' in it, pasted as a URL that was never encoded leaves it: spaces for '+'.
    // The hardest case: the signature starts with '+', so the damaged paste starts with a space (1 in 64
    // signatures; the sandbox signs in about a millisecond).
    let signature = '';
    for (let i = 0; !signature.startsWith('+') && i < 2000; i++) {
      signature = await devSignature(sandbox.url, `paste_user_${i}`);
    }
    expect(signature).toMatch(/^\+/);
    const userId = /^paste_user_\d+$/.exec(
      new URLSearchParams(atob(signature).slice(20)).get('userId') ?? '',
    )?.[0];
    await page.evaluate(`document.documentElement.dataset.theme = 'light'`);
    await page.click('#popup-login-toggle'); // a ticket is stored: the login form opens on demand
    await page.click('#popup-method-signature');
    await page.fill('#popup-login-signature', signature.replaceAll('+', ' '));
    // Decoded in the popup itself: the user, and what was wrong with the paste.
    await poll('the decoded signature', async () =>
      (await page.evaluate<string>(`document.querySelector('.sig-view')?.textContent ?? ''`)).includes(
        userId!,
      ),
    );
    await page.waitForText("spaces where Base64 has '+'");
    await page.screenshot(`${SHOTS}/popup-${name}-en-light-signature.png`);
    const logins = calls('Login');
    await page.click('#popup-login-submit');
    await poll('the new ticket picked', async () => (await pickedTicket(page)).includes(userId!));
    expect(calls('Login')).toBe(logins + 1);
    // What went to the login URL is the signature as it was made, not the damaged paste.
    const rows = await rpc<{ action: string; url: string }[]>(page, 'history.list', { limit: 5 });
    const login = rows.find((r) => r.action === 'Login')!;
    expect(new URL(login.url).searchParams.get('signature')).toBe(signature);
  });
});

describe.each(browsersUnderTest())('popup in %s with a Chinese, dark browser', (name) => {
  let browser: TestBrowser;
  afterAll(async () => {
    await browser?.close();
  });

  it('follows the browser language and colour scheme', async () => {
    browser = await launch(name, { locale: 'zh-CN', dark: true });
    const page = await browser.openExtensionPage('/popup.html');
    // Firefox ESR here has no zh-CN language pack: its UI language stays en-US, and so does ours.
    const ui = await page.evaluate<string>(`(globalThis.browser ?? globalThis.chrome).i18n.getUILanguage()`);
    if (name === 'chromium') expect(ui).toMatch(/^zh/);
    const zh = ui.toLowerCase().startsWith('zh');
    await page.waitForText(zh ? '还没有保存的票据' : 'No stored ticket yet');
    expect(await page.evaluate<string>(`document.documentElement.dataset.theme`)).toBe('dark');
    expect(await page.evaluate<string>(`document.documentElement.lang`)).toBe(zh ? 'zh-CN' : 'en');
    await page.screenshot(`${SHOTS}/popup-${name}-${zh ? 'zh_CN' : 'en'}-dark-login.png`);
  });
});
