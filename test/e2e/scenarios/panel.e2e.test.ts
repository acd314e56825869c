/**
 * The DevTools panel in real Chromium and Firefox against the sandbox's demo page: the demo's calls
 * listed with actions, Codes and identity, the failing call explained, a replay under another stored
 * ticket with a diff, an export without full tickets, the log kept (and no call lost or doubled) when
 * the panel reopens while the page makes calls, navigation clearing unless Preserve log is on, filters,
 * and screenshots in both themes and both languages.
 *
 * DevTools records a tab's requests only once its front end is attached, which happens after the first
 * load of the demo: each scenario reloads the demo once the panel is open.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { explainError } from '../../../lib/cme/errors';
import { startSandbox, type RunningSandbox } from '../../../lib/node/sandbox/main';
import { DEFAULT_PLATFORM } from '../../../lib/node/sandbox/options';
import { browsersUnderTest, launch, type TestBrowser, type TestPage, type TestPanel } from '../harness';
import { poll } from '../harness/util';
import {
  choose,
  DEMO_ACTIONS,
  FAILING_CODE,
  rowsOf,
  rpc,
  selectRow,
  waitForCount,
  waitForPanelText,
  storeSandboxTicket,
  openDemoWithPanel,
  type HookRow,
} from './support';

describe.each(browsersUnderTest())('DevTools panel in %s', (name) => {
  let sandbox: RunningSandbox;
  let browser: TestBrowser;
  let demo: TestPage;
  let panel: TestPanel;
  let otherTicketId = '';

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, quiet: true });
    browser = await launch(name, { devtools: true });
    // A second identity's stored ticket, to replay under.
    otherTicketId = await storeSandboxTicket(browser, sandbox.url, 'other_user', 'other');
  });
  afterAll(async () => {
    await browser?.close();
    await sandbox?.close();
  });

  it('lists the demo calls with actions, Codes and identity', async () => {
    let rows: HookRow[];
    ({ demo, panel, rows } = await openDemoWithPanel(browser, sandbox.url));
    expect(rows.map((r) => r.action)).toEqual(DEMO_ACTIONS);
    const failing = rows.find((r) => r.action === 'DeleteMaterial')!;
    expect(failing).toMatchObject({ ok: false, code: FAILING_CODE, httpStatus: 200 });
    // A current-shape login answer carries no Code; every client API call but one succeeds.
    expect(rows[0]).toMatchObject({ kind: 'login', ok: true });
    // Every call's Code at once, so a failure names the call.
    expect(rows.slice(1).map((r) => `${r.action}:${r.code}`)).toEqual(
      DEMO_ACTIONS.slice(1).map((a) => `${a}:${a === 'DeleteMaterial' ? FAILING_CODE : 'Success'}`),
    );
    for (const r of rows.filter((x) => x.kind === 'api')) {
      expect(r).toMatchObject({ platform: DEFAULT_PLATFORM, userId: 'demo_user' });
    }
    expect(rows.find((r) => r.action === 'DescribeJoinTeams')?.url).toContain('/proxy/PaaS/');
    const text = await panel.text();
    expect(text).toContain('Material/DeleteMaterial');
    expect(text).toContain('demo_platform/demo_user');
  });

  it('explains the failing call', async () => {
    const rows = await rowsOf(panel);
    await selectRow(panel, rows.find((r) => r.action === 'DeleteMaterial')!.id);
    const explained = explainError(FAILING_CODE, 'api')!;
    await panel.waitForText(explained.messageEn);
    await panel.waitForText(FAILING_CODE);
    await panel.screenshot(`/tmp/shots/panel-${name}-light-en-detail.png`);
  });

  it('replays a call under another stored ticket and shows a diff', async () => {
    const rows = await rowsOf(panel);
    await selectRow(panel, rows.find((r) => r.action === 'DescribeClass')!.id);
    await panel.click('button[name="tab-replay"]');
    await poll('the replay form', () =>
      panel.evaluate<boolean>(`!!document.querySelector('input[name="replay-mode"][value="ticket"]')`),
    );
    await panel.click('input[name="replay-mode"][value="ticket"]');
    await poll('the stored tickets in the picker', () =>
      panel.evaluate<boolean>(
        `!!document.querySelector('select[name="replay-ticket"] option[value="${otherTicketId}"]')`,
      ),
    );
    await choose(panel, 'select[name="replay-ticket"]', otherTicketId);
    const denied = () => sandbox.stats.byActionCode['DescribeClass']?.['OperationDenied.PermissionDeny'] ?? 0;
    const deniedBefore = denied();
    await panel.click('button[name="replay-run"]');
    await poll(
      'the replay result',
      () => panel.evaluate<boolean>(`!!document.querySelector('[data-replay="result"]')`),
      20_000,
    );
    await panel.waitForText('Differences');
    // Sent with other_user's stored ticket: the sandbox refused other_user acting for demo_user.
    expect(denied()).toBe(deniedBefore + 1);
    await panel.waitForText('OperationDenied.PermissionDeny');
    const diff = await panel.evaluate<string>(`document.querySelector('[data-section="diff"]').innerText`);
    expect(diff).toContain('Code');
    const ext = await browser.openExtensionPage('/popup.html');
    const tickets = await rpc<{ id: string; authorization: string; userId: string }[]>(
      ext,
      'tickets.list',
      {},
    );
    const other = tickets.find((t) => t.id === otherTicketId);
    const history = await rpc<{ ticketId: string | null; url: string; replayOf: unknown }[]>(
      ext,
      'history.list',
      { limit: 5 },
    );
    await ext.close();
    const replayed = history.find((h) => h.replayOf !== null)!;
    expect(replayed.ticketId).toBe(otherTicketId);
    expect(other).toMatchObject({ id: otherTicketId, userId: 'other_user' });
    expect(new URL(replayed.url).searchParams.get('auth')).toBe(other!.authorization);
    const demoTicket = sandbox.state.tickets.find((t) => t.userId === 'demo_user')!.ticket;
    expect(demoTicket).not.toBe(other!.authorization);
    await panel.screenshot(`/tmp/shots/panel-${name}-light-en-replay.png`);
  });

  it('exports a HAR that holds no full ticket', async () => {
    const rows = await rowsOf(panel);
    // Every ticket the sandbox issued (the panel's hook gives them masked only).
    const tickets = sandbox.state.tickets.map((t) => t.ticket);
    expect(tickets.length).toBeGreaterThan(1);
    expect(rows.some((r) => r.ticket !== null && tickets.includes(r.ticket))).toBe(false);
    await panel.click('button[name="export"]');
    await poll('the export link', () =>
      panel.evaluate<boolean>(`!!document.querySelector('a[data-export]')`),
    );
    const har = await panel.evaluate<string>(`(async () => {
      const a = document.querySelector('a[data-export]');
      const res = await document.defaultView.fetch(a.href);
      return await res.text();
    })()`);
    const parsed = JSON.parse(har) as { log: { version: string; entries: { request: { url: string } }[] } };
    expect(parsed.log.version).toBe('1.2');
    expect(parsed.log.entries).toHaveLength(rows.length);
    for (const t of tickets) {
      expect(har).not.toContain(t);
      expect(har).not.toContain(encodeURIComponent(t));
    }
  });

  it('keeps the log when the panel reopens, losing and doubling no call made meanwhile', async () => {
    await panel.click('input[name="preserve"]');
    const before = await rowsOf(panel);
    // The page makes its calls while the panel page reloads: some reach it live, the rest through getHAR.
    await panel.evaluate('(setTimeout(() => location.reload(), 0), true)');
    await demo.reload();
    await poll(
      'the reloaded panel',
      () =>
        panel
          .evaluate<boolean>('!!window.__cmePanel && document.readyState === "complete"')
          .catch(() => false),
      20_000,
    );
    const after = await waitForCount(panel, before.length + DEMO_ACTIONS.length);
    // Nothing more can come of the reload once one more call, made after the demo's last answer, is
    // listed: the backlog is taken before any live call, and calls are listed in the order they finished.
    await poll('the demo run to end', () =>
      demo.evaluate<boolean>(`!document.getElementById('run').disabled`),
    );
    await demo.evaluate(`api('Team/DescribeTeams', {}).then(() => true)`);
    const settled = await poll('the call made after the demo', async () => {
      const rows = await rowsOf(panel);
      return rows.length > before.length + DEMO_ACTIONS.length && rows.at(-1)!.action === 'DescribeTeams'
        ? rows
        : null;
    });
    expect(settled.map((r) => r.action)).toEqual([
      ...before.map((r) => r.action),
      ...DEMO_ACTIONS,
      'DescribeTeams',
    ]);
    expect(settled.slice(0, before.length).map((r) => r.id)).toEqual(before.map((r) => r.id));
    expect(after.slice(0, before.length + DEMO_ACTIONS.length)).toEqual(
      settled.slice(0, before.length + DEMO_ACTIONS.length),
    );
  });

  it('clears on a new document unless Preserve log is on', async () => {
    expect(await panel.evaluate<boolean>('document.querySelector(\'input[name="preserve"]\').checked')).toBe(
      true,
    );
    await panel.click('input[name="preserve"]');
    await demo.reload();
    await poll(
      'a fresh log',
      async () => {
        const rows = await rowsOf(panel);
        return rows.length === DEMO_ACTIONS.length && rows[0]!.seq === 1;
      },
      20_000,
    );
    expect((await rowsOf(panel)).map((r) => r.action)).toEqual(DEMO_ACTIONS);
  });

  it('filters by text inside bodies and by status', async () => {
    await panel.evaluate(`(() => {
      const input = document.querySelector('input[name="filter"]');
      input.value = 'TeamSet';
      input.dispatchEvent(new document.defaultView.Event('input', { bubbles: true }));
      return true;
    })()`);
    await poll('the body match', () =>
      panel.evaluate<boolean>(`document.querySelectorAll('.cme-row').length === 2`),
    );
    const shown = await panel.evaluate<string>(`document.querySelector('.cme-list-body').innerText`);
    expect(shown).toContain('Team/DescribeTeams');
    expect(shown).toContain('Team/DescribeJoinTeams');
    await panel.evaluate(`(() => {
      const input = document.querySelector('input[name="filter"]');
      input.value = '';
      input.dispatchEvent(new document.defaultView.Event('input', { bubbles: true }));
      return true;
    })()`);
    await choose(panel, 'select[name="status"]', 'failed');
    await poll('only the failing call', () =>
      panel.evaluate<boolean>(`document.querySelectorAll('.cme-row').length === 1`),
    );
    await choose(panel, 'select[name="status"]', '');
    await panel.screenshot(`/tmp/shots/panel-${name}-light-en-list.png`);
  });

  it('asks before a stored ticket goes to a host outside its environment, and sends nothing when declined', async () => {
    // The same sandbox under another loopback name: not a host of the environment the ticket was issued for.
    const host = `localhost:${sandbox.port}`;
    await demo.goto(`http://${host}/demo`);
    const row = await poll(
      'the demo calls made on that host',
      async () =>
        (await rowsOf(panel)).find(
          (r) => r.action === 'DescribeClass' && r.url.startsWith(`http://${host}/`),
        ),
      20_000,
    );
    await waitForCount(panel, DEMO_ACTIONS.length);
    await selectRow(panel, row.id);
    await poll('the call detail', () =>
      panel.evaluate<boolean>(`!!document.querySelector('button[name="tab-replay"]')`),
    );
    await panel.click('button[name="tab-replay"]');
    await poll('the replay form', () =>
      panel.evaluate<boolean>(`!!document.querySelector('input[name="replay-mode"][value="ticket"]')`),
    );
    await panel.click('input[name="replay-mode"][value="ticket"]');
    await poll('the stored tickets in the picker', () =>
      panel.evaluate<boolean>(
        `!!document.querySelector('select[name="replay-ticket"] option[value="${otherTicketId}"]')`,
      ),
    );
    await choose(panel, 'select[name="replay-ticket"]', otherTicketId);
    const describes = () => sandbox.stats.byAction['DescribeClass'] ?? 0;
    const before = describes();
    const asked = async () => {
      await panel.click('button[name="replay-run"]');
      await poll('the question', () =>
        panel.evaluate<boolean>(`!!document.querySelector('[data-replay="confirm-host"]')`),
      );
      return panel.evaluate<string>(`document.querySelector('[data-replay="confirm-host"]').innerText`);
    };
    const question = await asked();
    expect(question).toContain(`Send ${DEFAULT_PLATFORM}/other_user's ticket to ${host}?`);
    expect(question).toContain('issued for Sandbox');
    expect(describes()).toBe(before);
    await panel.click('button[name="replay-decline-host"]');
    await poll('the question to go', () =>
      panel.evaluate<boolean>(`!document.querySelector('[data-replay="confirm-host"]')`),
    );
    expect(await panel.evaluate<boolean>(`!!document.querySelector('[data-replay="result"]')`)).toBe(false);
    expect(describes()).toBe(before);
    // Asked again and allowed: exactly one call arrives, so the declined one sent nothing.
    await asked();
    await panel.click('button[name="replay-allow-host"]');
    await poll(
      'the replay result',
      () => panel.evaluate<boolean>(`!!document.querySelector('[data-replay="result"]')`),
      20_000,
    );
    expect(describes()).toBe(before + 1);
  });
});

describe.each(browsersUnderTest())('DevTools panel in %s, dark and Chinese', (name) => {
  let sandbox: RunningSandbox;
  let browser: TestBrowser;

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, quiet: true });
    browser = await launch(name, { devtools: true, dark: true, locale: 'zh-CN' });
  });
  afterAll(async () => {
    await browser?.close();
    await sandbox?.close();
  });

  it('follows the DevTools theme, and the language setting live', async () => {
    const { panel, rows } = await openDemoWithPanel(browser, sandbox.url);
    expect(await panel.evaluate<string>('document.documentElement.dataset.theme')).toBe('dark');
    // Headless browsers keep an en-US UI language inside DevTools whatever the launch locale, so the
    // language is picked in the settings, as the options page does; the open panel follows at once.
    const ext = await browser.openExtensionPage('/popup.html');
    await ext.evaluate(
      `(globalThis.browser ?? globalThis.chrome).storage.local.set({ settings: { version: 2, language: 'zh_CN' } })`,
    );
    await ext.close();
    await waitForPanelText(panel, '保留日志');
    await panel.screenshot(`/tmp/shots/panel-${name}-dark-zh-list.png`);
    await selectRow(panel, rows.find((r) => r.action === 'DeleteMaterial')!.id);
    await waitForPanelText(panel, explainError(FAILING_CODE, 'api')!.messageZh);
    await panel.screenshot(`/tmp/shots/panel-${name}-dark-zh-detail.png`);
  });
});
