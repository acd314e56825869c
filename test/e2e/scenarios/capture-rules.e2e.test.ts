/**
 * Capture rules in real Chromium and Firefox: an app that puts its own backend in front of CME (renamed
 * path `/api/cme/<Class>/<Action>`, ticket in `X-CME-Auth`; ./proxy-app.ts) is invisible to the panel
 * until a rule says how to read it. The rule is written in the panel's editor with a live preview over the
 * tab's recent requests, saved through the extension's RPC; the calls already made and the new ones are
 * then captured, decoded (action, Code), attributed to the user who logged in with the ticket, masked in
 * every view and in the HAR export, and replayed — as captured and under another stored ticket, put back
 * in the header.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../../lib/node/sandbox/main';
import { DEFAULT_PLATFORM } from '../../../lib/node/sandbox/options';
import { browsersUnderTest, launch, type TestBrowser, type TestPage, type TestPanel } from '../harness';
import { poll } from '../harness/util';
import { PROXY_APP_ACTIONS, PROXY_APP_USER, startProxyApp, type ProxyApp } from './proxy-app';
import {
  asciiLiteral,
  choose,
  rowsOf,
  rpc,
  selectRow,
  showDetailTab,
  storeSandboxTicket,
  waitForCount,
  waitForPanelText,
} from './support';

const PATTERN = '/api/cme/<Class>/<Action>';
const RULE = { pattern: PATTERN, ticket: { in: 'header', name: 'X-CME-Auth' } };

/** Types into an input of the panel as a user would (Preact listens to `input`). */
async function typeInPanel(panel: TestPanel, selector: string, value: string): Promise<void> {
  await panel.evaluate(`(() => {
    const input = document.querySelector(${JSON.stringify(selector)});
    input.value = ${asciiLiteral(value)};
    input.dispatchEvent(new document.defaultView.Event('input', { bubbles: true }));
    return true;
  })()`);
}

/** Runs the app once (its Run button) and waits until its last call answered. */
async function runApp(page: TestPage): Promise<void> {
  await poll('the app to be idle', () => page.evaluate<boolean>(`!document.getElementById('run').disabled`));
  const before = await page.evaluate<number>(`document.querySelectorAll('#log li').length`);
  await page.click('#run');
  await poll(
    'the app run to end',
    () =>
      page.evaluate<boolean>(
        `document.querySelectorAll('#log li').length >= ${before + 1 + PROXY_APP_ACTIONS.length} && !document.getElementById('run').disabled`,
      ),
    20_000,
  );
}

/** Opens the panel's capture rules pane and types the rule; resolves once the preview shows. */
async function editRule(panel: TestPanel): Promise<void> {
  await panel.click('button[name="rules"]');
  await poll('the rule editor', () =>
    panel.evaluate<boolean>(`!!document.querySelector('#cme-rule-pattern')`),
  );
  await typeInPanel(panel, '#cme-rule-pattern', PATTERN);
  await typeInPanel(panel, '#cme-rule-name', 'X-CME-Auth');
}

describe.each(browsersUnderTest())('capture rules in %s', (name) => {
  let sandbox: RunningSandbox;
  let app: ProxyApp;
  let browser: TestBrowser;
  let page: TestPage;
  let panel: TestPanel;
  let otherTicketId = '';
  let appEnvId = '';

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, quiet: true });
    app = await startProxyApp(sandbox.url);
    browser = await launch(name, { devtools: true });
    const ext = await browser.openExtensionPage('/popup.html');
    // The app's environment: logins at the sandbox; its rules come from the panel below.
    appEnvId = (
      await rpc<{ id: string }>(ext, 'environments.save', {
        name: 'My app',
        loginUrl: sandbox.url,
        apiBase: sandbox.url,
      })
    ).id;
    await ext.close();
    // A second identity's stored ticket, to replay under.
    otherTicketId = await storeSandboxTicket(browser, sandbox.url, 'other_user', 'other');
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await sandbox?.close();
  });

  it('previews a rule over the tab’s recent requests, saves it, and captures those calls and new ones', async () => {
    page = await browser.openPage(`${app.url}/?manual`);
    panel = await browser.openPanel(page);
    await runApp(page);
    expect(app.forwarded).toEqual([
      'Material/DescribeClass',
      'Material/ListMedia',
      'Project/DescribeProjects',
    ]);
    // Without a rule only the login is a CME call.
    const before = await waitForCount(panel, 1);
    expect(before.map((r) => r.action)).toEqual(['Login']);

    await editRule(panel);
    await poll(
      'the preview of 3 matches',
      () => panel.evaluate<boolean>(`document.querySelector('.cme-rules-preview')?.dataset.matches === '3'`),
      10_000,
    );
    const preview = await panel.evaluate<string>(`document.querySelector('.cme-rules-preview').innerText`);
    expect(preview).toMatch(/Matches 3 of the last \d+ requests of this tab/);
    expect(preview).toContain('Material/ListMedia');
    await panel.screenshot(`/tmp/shots/rules-${name}-light-en-preview.png`);

    await panel.click('#cme-rule-save');
    const rows = await waitForCount(panel, 1 + PROXY_APP_ACTIONS.length);
    expect(rows.map((r) => r.action)).toEqual(['Login', ...PROXY_APP_ACTIONS]);
    for (const r of rows.slice(1)) {
      expect(r).toMatchObject({
        kind: 'api',
        code: 'Success',
        ok: true,
        platform: DEFAULT_PLATFORM,
        userId: PROXY_APP_USER,
      });
      expect(r.url).toContain('/api/cme/');
    }
    const ext = await browser.openExtensionPage('/popup.html');
    const envs = await rpc<{ id: string; captureRules?: unknown[] }[]>(ext, 'environments.list', {});
    await ext.close();
    expect(envs.find((e) => e.id === appEnvId)?.captureRules).toEqual([RULE]);

    // New traffic is captured live.
    await runApp(page);
    const after = await waitForCount(panel, 2 * (1 + PROXY_APP_ACTIONS.length));
    expect(after.slice(-PROXY_APP_ACTIONS.length).map((r) => r.action)).toEqual(PROXY_APP_ACTIONS);
    await panel.screenshot(`/tmp/shots/rules-${name}-light-en-saved.png`);
    await panel.click('button[name="rules-close"]');
    await selectRow(panel, after.find((r) => r.action === 'ListMedia')!.id);
    await waitForPanelText(panel, `Captured by the rule ${PATTERN} (ticket in the header X-CME-Auth)`);
    await panel.screenshot(`/tmp/shots/rules-${name}-light-en-calls.png`);
  });

  it('masks the ticket in every view and in the HAR export', async () => {
    const tickets = sandbox.state.tickets.map((t) => t.ticket);
    const appTicket = sandbox.state.tickets.find((t) => t.userId === PROXY_APP_USER)!.ticket;
    expect(app.tickets).toContain(appTicket);
    const rows = await rowsOf(panel);
    expect(rows.some((r) => r.ticket !== null && tickets.includes(r.ticket))).toBe(false);
    await selectRow(panel, rows.find((r) => r.action === 'DescribeClass')!.id);
    const tabs = await panel.evaluate<string[]>(
      `Array.from(document.querySelectorAll('.cme-detail .cme-tabs button[role="tab"]')).map((b) => b.getAttribute('name'))`,
    );
    expect(tabs.length).toBeGreaterThan(1);
    for (const tab of tabs) {
      await showDetailTab(panel, tab!.replace(/^tab-/, ''));
      const html = await panel.evaluate<string>('document.documentElement.outerHTML');
      for (const t of tickets) expect(html, `${tab} shows a full ticket`).not.toContain(t);
    }
    await panel.click('button[name="export"]');
    await poll('the export link', () =>
      panel.evaluate<boolean>(`!!document.querySelector('a[data-export]')`),
    );
    const har = await panel.evaluate<string>(`(async () => {
      const a = document.querySelector('a[data-export]');
      const res = await document.defaultView.fetch(a.href);
      return await res.text();
    })()`);
    const parsed = JSON.parse(har) as {
      log: { entries: { request: { url: string; headers: { name: string; value: string }[] } }[] };
    };
    expect(parsed.log.entries).toHaveLength(rows.length);
    const proxied = parsed.log.entries.find((e) => e.request.url.includes('/api/cme/'))!;
    const header = proxied.request.headers.find((h) => h.name.toLowerCase() === 'x-cme-auth');
    expect(header?.value).toMatch(/^tf_.*…/);
    for (const t of tickets) {
      expect(har).not.toContain(t);
      expect(har).not.toContain(encodeURIComponent(t));
    }
  });

  it('replays a rule-captured call as captured, and under another ticket put back in the header', async () => {
    const rows = await rowsOf(panel);
    await selectRow(panel, rows.find((r) => r.action === 'DescribeClass')!.id);
    await panel.click('button[name="tab-replay"]');
    await poll('the replay form', () =>
      panel.evaluate<boolean>(`!!document.querySelector('button[name="replay-run"]')`),
    );
    const sent = app.forwarded.length;
    await panel.click('button[name="replay-run"]');
    await poll(
      'the replay result',
      () => panel.evaluate<boolean>(`!!document.querySelector('[data-replay="result"]')`),
      20_000,
    );
    expect(app.forwarded.slice(sent)).toEqual(['Material/DescribeClass']);
    const appTicket = sandbox.state.tickets.find((t) => t.userId === PROXY_APP_USER)!.ticket;
    expect(app.tickets.at(-1)).toBe(appTicket);

    await panel.click('input[name="replay-mode"][value="ticket"]');
    await poll('the stored tickets in the picker', () =>
      panel.evaluate<boolean>(
        `!!document.querySelector('select[name="replay-ticket"] option[value="${otherTicketId}"]')`,
      ),
    );
    await choose(panel, 'select[name="replay-ticket"]', otherTicketId);
    await panel.click('button[name="replay-run"]');
    // The other ticket belongs to the Sandbox environment: the app's host is asked for first.
    await poll('the host question', () =>
      panel.evaluate<boolean>(`!!document.querySelector('button[name="replay-allow-host"]')`),
    );
    expect(app.forwarded.length).toBe(sent + 1);
    await panel.click('button[name="replay-allow-host"]');
    await poll('the second replay', async () => app.forwarded.length === sent + 2, 20_000);
    const ext = await browser.openExtensionPage('/popup.html');
    const other = (await rpc<{ id: string; authorization: string }[]>(ext, 'tickets.list', {})).find(
      (t) => t.id === otherTicketId,
    )!;
    const history = await rpc<{ ticketId: string | null; url: string; replayOf: unknown }[]>(
      ext,
      'history.list',
      {
        limit: 5,
      },
    );
    await ext.close();
    expect(app.tickets.at(-1)).toBe(other.authorization);
    const replayed = history.find((h) => h.replayOf !== null && h.ticketId === otherTicketId)!;
    expect(replayed.url).toBe(`${app.url}/api/cme/Material/DescribeClass`);
    await poll(
      'the replay result',
      () => panel.evaluate<boolean>(`!!document.querySelector('[data-replay="result"]')`),
      20_000,
    );
    await panel.screenshot(`/tmp/shots/rules-${name}-light-en-replay.png`);
  });
});

describe.each(browsersUnderTest())('capture rules in %s, dark and Chinese', (name) => {
  let sandbox: RunningSandbox;
  let app: ProxyApp;
  let browser: TestBrowser;

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, quiet: true });
    app = await startProxyApp(sandbox.url);
    browser = await launch(name, { devtools: true, dark: true, locale: 'zh-CN' });
    const ext = await browser.openExtensionPage('/popup.html');
    await rpc(ext, 'environments.save', { name: '我的应用', loginUrl: sandbox.url, apiBase: sandbox.url });
    await ext.evaluate(
      `(globalThis.browser ?? globalThis.chrome).storage.local.set({ settings: { version: 2, language: 'zh_CN' } })`,
    );
    await ext.close();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await sandbox?.close();
  });

  it('shows the editor, its preview and the captured calls', async () => {
    const page = await browser.openPage(`${app.url}/?manual`);
    const panel = await browser.openPanel(page);
    await runApp(page);
    await waitForCount(panel, 1);
    await editRule(panel);
    await waitForPanelText(panel, '匹配本标签页最近');
    await panel.screenshot(`/tmp/shots/rules-${name}-dark-zh-preview.png`);
    await panel.click('#cme-rule-save');
    await waitForCount(panel, 1 + PROXY_APP_ACTIONS.length);
    await waitForPanelText(panel, '已保存');
    await panel.screenshot(`/tmp/shots/rules-${name}-dark-zh-saved.png`);
  });
});
