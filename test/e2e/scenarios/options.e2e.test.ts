/**
 * The options page in a real browser with the built extension, against the real sandbox: host access shown
 * and asked for from the click (a prompt headless browsers cannot answer: the request itself is recorded,
 * and the state shown must match the browser's), a custom environment the popup then uses, the dev-server
 * URL template, session-only keys, a corrupt setting shown as a note, the language followed live, and
 * clearing data after a confirmation with counts.
 */
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../../lib/node/sandbox/main';
import { DEMO_KEY } from '../../../lib/node/sandbox/options';
import { browsersUnderTest, launch, type TestBrowser, type TestPage } from '../harness';
import { poll } from '../harness/util';
import { rpc } from './support';

const SHOTS = '/tmp/shots';

/** Load the page again (the harness's reload never settles on moz-extension:// pages; goto does). */
async function reopen(page: TestPage): Promise<void> {
  await page.goto(await page.evaluate<string>('location.href'));
}

/** Commit a text field as a user leaving it would (fill, then blur: a change event). */
async function commit(page: TestPage, selector: string, value: string): Promise<void> {
  await page.fill(selector, value);
  await page.evaluate(`document.querySelector(${JSON.stringify(selector)}).blur()`);
}

async function choose(page: TestPage, selector: string, value: string): Promise<void> {
  await page.evaluate(`(() => { const el = document.querySelector(${JSON.stringify(selector)});
    el.value = ${JSON.stringify(value)}; el.dispatchEvent(new Event('change', { bubbles: true })); return true; })()`);
}

/** Record every permissions.request the page makes (the call still goes to the browser). */
async function recordPermissionRequests(page: TestPage): Promise<void> {
  await page.evaluate(`(() => {
    const api = (globalThis.browser && globalThis.browser.permissions) || globalThis.chrome.permissions;
    const original = api.request;
    window.__permissionRequests = [];
    window.__permissionAnswers = [];
    api.request = function (...args) {
      window.__permissionRequests.push(JSON.parse(JSON.stringify(args[0])));
      const answer = original.apply(this, args);
      // What the browser decided, once it did (a prompt nobody answers never settles).
      Promise.resolve(answer).then(
        (granted) => window.__permissionAnswers.push(granted ? 'granted' : 'denied'),
        () => window.__permissionAnswers.push('error'),
      );
      return answer;
    };
    return true;
  })()`);
}

async function accessOf(page: TestPage, envName: string): Promise<string | null> {
  return page.evaluate<string | null>(
    `document.querySelector('.options-env-row[data-env-name=${JSON.stringify(envName)}] .options-access')?.dataset.access ?? null`,
  );
}

async function contains(page: TestPage, origin: string): Promise<boolean> {
  return page.evaluate<boolean>(`(async () => {
    const api = (globalThis.browser && globalThis.browser.permissions) || globalThis.chrome.permissions;
    return await api.contains({ origins: [${JSON.stringify(origin)}] });
  })()`);
}

describe.each(browsersUnderTest())('options page in %s', (name) => {
  let sandbox: RunningSandbox;
  let browser: TestBrowser;
  let page: TestPage;
  let sandboxEnvId = '';

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    sandbox = await startSandbox({ port: 0, quiet: true });
    browser = await launch(name);
    page = await browser.openExtensionPage('/options.html');
  });
  afterAll(async () => {
    await browser?.close();
    await sandbox?.close();
  });

  it('shows a corrupt stored setting as a note, falls back, and heals once set', async () => {
    await page.waitForText('Tencent Cloud');
    await page.evaluate(
      `(globalThis.browser ?? globalThis.chrome).storage.local.set({ settings: { version: 2, maxBodyBytes: 'lots' } })`,
    );
    await reopen(page);
    await page.waitForText('Some stored settings were invalid');
    await page.waitForText('“Bytes kept of each body” had an invalid value');
    expect(await page.evaluate<string>(`document.querySelector('#options-max-body').value`)).toBe(
      String(256 * 1024),
    );
    await commit(page, '#options-max-body', '3');
    await page.waitForText('Not saved: 1024 – 10485760');
    await commit(page, '#options-max-body', '65536');
    await page.waitForText('Saved');
    await reopen(page);
    await page.waitForText('Tencent Cloud');
    expect(await page.text()).not.toContain('Some stored settings were invalid');
  });

  it('shows the built-in Tencent Cloud hosts as granted', async () => {
    expect(await accessOf(page, 'Tencent Cloud')).toBe('granted');
  });

  it('adds a custom environment, asking for its host from the click, and shows the real state', async () => {
    await recordPermissionRequests(page);
    await page.fill('#options-env-name', 'Sandbox');
    await page.fill('#options-env-login', sandbox.url);
    await page.click('#options-env-add');
    const origin = `${sandbox.url}/*`;
    await poll('the sandbox row', async () => (await accessOf(page, 'Sandbox')) !== null);
    expect(await page.evaluate(`window.__permissionRequests`)).toEqual([{ origins: [origin] }]);
    // A headless browser's prompt cannot be answered (Chromium never; Firefox unless its prompts are
    // turned off): whatever the browser decided, the page must show exactly that.
    // No fixed wait: the page, then the browser's grants, then whether the request was answered are read
    // in that order. No answer yet: the page must say "asking" and nothing may be granted; an answer:
    // the page must come to show it, as the browser's grants do.
    const shown = await accessOf(page, 'Sandbox');
    const grantedThen = await contains(page, origin);
    const answers = await page.evaluate<string[]>(`window.__permissionAnswers`);
    if (answers.length === 0) {
      expect({ shown, grantedThen }).toEqual({ shown: 'asking', grantedThen: false });
    } else {
      expect(answers).toHaveLength(1);
      await poll('the answer shown', async () => (await accessOf(page, 'Sandbox')) === answers[0]);
    }
    const granted = await contains(page, origin);
    if (answers.length > 0) expect(granted).toBe(answers[0] === 'granted');
    const envs = await rpc<{ id: string; name: string; loginUrl: string; apiBase: string }[]>(
      page,
      'environments.list',
    );
    const env = envs.find((e) => e.name === 'Sandbox')!;
    expect(env).toMatchObject({ loginUrl: sandbox.url, apiBase: sandbox.url });
    sandboxEnvId = env.id;
    if (!granted) {
      // "Grant access" asks again, from its own click.
      await page.click(`.options-env-row[data-env-name="Sandbox"] .options-grant`);
      expect(await page.evaluate(`window.__permissionRequests.length`)).toBe(2);
    }
  });

  it('stores the dev-server URL template and the default environment', async () => {
    await commit(page, '#options-dev-server', `${sandbox.url}/dev/signature?userId={userId}`);
    await page.waitForText('Saved');
    await choose(page, '#options-default-env', sandboxEnvId);
    await poll('default saved', async () => (await page.text()).includes('Saved'));
  });

  it('holds local-signing keys for the session only, masked, and forgets them', async () => {
    await page.waitForText('Production keys belong on your server');
    await page.fill('#options-secret-id', DEMO_KEY.secretId);
    await page.fill('#options-secret-key', DEMO_KEY.secretKey);
    await page.click('#options-keys-save');
    await page.waitForText('Keys for this session:');
    const text = await page.text();
    expect(text).not.toContain(DEMO_KEY.secretKey);
    expect(text).not.toContain(DEMO_KEY.secretId);
    expect(await rpc(page, 'keys.status')).toMatchObject({ present: true });
    await page.click('#options-keys-forget');
    await page.waitForText('No keys in this session.');
    expect(await rpc(page, 'keys.status')).toEqual({ present: false, secretId: null });
  });

  it('lets the popup log in to the new environment and call it', async () => {
    const popup = await browser.openExtensionPage('/popup.html');
    await popup.waitForText('No stored ticket yet');
    const prefilled = await popup.evaluate<{ env: string; url: string }>(`({
      env: document.querySelector('#popup-login-env').value,
      url: document.querySelector('#popup-login-url').value,
    })`);
    expect(prefilled).toEqual({ env: sandboxEnvId, url: `${sandbox.url}/dev/signature?userId={userId}` });
    await popup.fill('#popup-login-user', 'opt_user');
    await popup.click('#popup-login-submit');
    await poll('the new ticket picked', () =>
      popup.evaluate<boolean>(
        `(document.querySelector('#popup-ticket')?.selectedOptions[0]?.textContent ?? '').includes('opt_user · Sandbox')`,
      ),
    );
    await popup.fill('#popup-action', 'DescribeClass');
    await popup.click('[role="option"][data-path="Material/DescribeClass"]');
    const before = sandbox.stats.byAction['DescribeClass'] ?? 0;
    await popup.click('#popup-send');
    await poll('the answer', async () =>
      (await popup.evaluate<string>(`document.querySelector('#popup-result').innerText`)).includes('Success'),
    );
    expect(sandbox.stats.byAction['DescribeClass']).toBe(before + 1);
    await popup.close();
  });

  it('follows the language choice live, and looks right in both languages and themes', async () => {
    await reopen(page);
    await page.waitForText('Sandbox');
    await page.screenshot(`${SHOTS}/options-${name}-en-light.png`);
    await page.evaluate(`document.documentElement.dataset.theme = 'dark'`);
    await page.screenshot(`${SHOTS}/options-${name}-en-dark.png`);
    await page.click('#options-language-zh_CN');
    await page.waitForText('主机权限');
    await page.evaluate('window.scrollTo(0, 0)');
    await poll(
      'the document language',
      async () => (await page.evaluate<string>(`document.documentElement.lang`)) === 'zh-CN',
    );
    await page.screenshot(`${SHOTS}/options-${name}-zh_CN-dark.png`);
    await page.evaluate(`document.documentElement.dataset.theme = 'light'`);
    await page.screenshot(`${SHOTS}/options-${name}-zh_CN-light.png`);
    await page.click('#options-language-en');
    await page.waitForText('Host access');
  });

  it('clears tickets, history and captures after showing how many will go', async () => {
    const counts = await rpc<{ tickets: number; history: number }>(page, 'data.counts');
    expect(counts.tickets).toBeGreaterThanOrEqual(1);
    await page.click('#options-clear');
    await page.waitForText(`Tickets (${counts.tickets})`);
    await page.waitForText(`Call history (${counts.history})`);
    await page.waitForText('Captured calls (');
    await page.click('#options-clear-confirm');
    await page.waitForText('Cleared.');
    expect(await rpc(page, 'data.counts')).toMatchObject({
      tickets: 0,
      history: 0,
      captures: 0,
      environments: 2,
    });
    expect(await rpc(page, 'tickets.list', {})).toEqual([]);
    await page.waitForText('0 tickets · 0 history rows · 0 captured calls · 2 environments');
  });
});
