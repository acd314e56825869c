/**
 * What scenarios (and `npm run screenshots`) share: the sandbox they talk to, RPC from an extension page,
 * the demo's calls, and driving the panel, the popup and the options page.
 */
import type { TestBrowser, TestPage, TestPanel } from '../harness';
import { poll } from '../harness/util';

/** Send one RPC to the background from an extension page, as our own pages do; resolves the answer envelope. */
export async function rpcRaw<T = unknown>(page: TestPage, method: string, params: unknown): Promise<T> {
  return page.evaluate<T>(`(async () => {
    const api = globalThis.browser ?? globalThis.chrome;
    try {
      return await api.runtime.sendMessage({ source: 'cme-devtools', kind: 'rpc', id: crypto.randomUUID(),
        method: ${JSON.stringify(method)}, params: ${JSON.stringify(params)} });
    } catch (e) { return { transportError: String(e && e.message || e) }; }
  })()`);
}

/** Send one RPC and return its result; throws with the remote error otherwise. */
export async function rpc<T = Record<string, unknown>>(
  page: TestPage,
  method: string,
  params: unknown = {},
): Promise<T> {
  const answer = await rpcRaw<{
    ok?: boolean;
    result?: T;
    error?: { message: string };
    transportError?: string;
  }>(page, method, params);
  if (!answer || answer.ok !== true) throw new Error(`${method} failed: ${JSON.stringify(answer)}`);
  return answer.result as T;
}

/** Ask the sandbox's stand-in developer backend for a Login signature (as the app's server would). */
export async function devSignature(sandboxUrl: string, userId: string): Promise<string> {
  const res = await fetch(`${sandboxUrl}/dev/signature`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ userId }),
  });
  const body = (await res.json()) as { signature: string };
  return body.signature;
}

/**
 * Saves the sandbox as an environment (named 'Sandbox') and logs `userId` in there through the background,
 * as the popup would; returns the stored ticket's id.
 */
export async function storeSandboxTicket(
  browser: TestBrowser,
  sandboxUrl: string,
  userId: string,
  label: string,
): Promise<string> {
  const ext = await browser.openExtensionPage('/popup.html');
  try {
    const env = await rpc<{ id: string }>(ext, 'environments.save', {
      name: 'Sandbox',
      loginUrl: sandboxUrl,
      apiBase: sandboxUrl,
    });
    const login = await rpc<{ ok: boolean; ticket?: { id: string } }>(ext, 'login.withSignature', {
      environmentId: env.id,
      signature: await devSignature(sandboxUrl, userId),
      label,
    });
    if (!login.ok || !login.ticket) throw new Error(`logging ${userId} in to the sandbox failed`);
    return login.ticket.id;
  } finally {
    await ext.close();
  }
}

/**
 * Opens the sandbox demo, shows our panel once it captures, and runs the demo once ("Run again"): no
 * navigation happens while the panel listens, so none can race the calls (Firefox may report a reload's
 * navigation after its first calls finished). The page's URL is then the plain demo's, so a later reload
 * runs the demo on load as a user's would. Resolves with the panel's rows of that run.
 */
export async function openDemoWithPanel(
  browser: TestBrowser,
  sandboxUrl: string,
): Promise<{ demo: TestPage; panel: TestPanel; rows: HookRow[] }> {
  const demo = await browser.openPage(`${sandboxUrl}/demo?manual`);
  const panel = await browser.openPanel(demo);
  await demo.evaluate(`(history.replaceState(null, '', '/demo'), true)`);
  await demo.click('#run');
  const rows = await waitForCount(panel, DEMO_ACTIONS.length, 20_000, demo);
  return { demo, panel, rows };
}

/** The demo's CME calls, in order (its dev-backend signing request is not one). */
export const DEMO_ACTIONS = [
  'Login',
  'DescribeClass',
  'CreateClass',
  'ListMedia',
  'DescribeProjects',
  'DescribeTeams',
  'DescribeJoinTeams',
  'DeleteMaterial',
  'DeleteClass',
];
/** The Code of the demo's one failing call (DeleteMaterial, HTTP 200). */
export const FAILING_CODE = 'InvalidParameterValue.MaterialId';

/** A row of the panel's test hook (`window.__cmePanel.rows()`). */
export interface HookRow {
  id: number;
  seq: number;
  kind: string;
  actionClass: string | null;
  action: string | null;
  code: string | null;
  ok: boolean;
  httpStatus: number;
  platform: string | null;
  userId: string | null;
  ticket: string | null;
  url: string;
}

export const rowsOf = (panel: TestPanel) => panel.evaluate<HookRow[]>('window.__cmePanel.rows()');
export const countOf = (panel: TestPanel) => panel.evaluate<number>('window.__cmePanel.count()');

/** Waits until the panel lists at least `n` calls. */
export async function waitForCount(
  panel: TestPanel,
  n: number,
  timeoutMs = 20_000,
  page?: TestPage,
): Promise<HookRow[]> {
  try {
    await poll(`${n} calls in the panel`, async () => (await countOf(panel)) >= n, timeoutMs);
  } catch (error) {
    // Name what was listed: a failure in CI then says which call went missing.
    const listed = await rowsOf(panel).then(
      (rows) => rows.map((r) => `${r.action ?? r.kind}:${r.code ?? '-'}`).join(', '),
      () => 'unknown',
    );
    // And what the page itself made (the demo lists its calls): was a call lost, or never made?
    const made = page
      ? await page
          .evaluate<string>(
            `Array.from(document.querySelectorAll('#rows tr')).map((tr) => tr.innerText.split('\\n').slice(0, 3).join(' ')).join(' | ')`,
          )
          .catch(() => 'unknown')
      : 'unknown';
    // And what the capture did (events, body reads, navigations): where a call stalled or went missing.
    const steps = await panel
      .evaluate<{ at: number; what: string; on?: string }[]>('window.__cmePanel.trace()')
      .then(
        (list) =>
          list
            .slice(-60)
            .map((x) => `${x.at}ms ${x.what}${x.on ? ` ${x.on}` : ''}`)
            .join('; '),
        (e: unknown) => `unknown (${String(e)})`,
      );
    throw new Error(
      `${(error as Error).message}; listed: [${listed}]; the page made: [${made}]; capture trace: [${steps}]`,
      { cause: error },
    );
  }
  return rowsOf(panel);
}

/** Selects a row by its id (scrolling it into the virtual list's window first). */
export async function selectRow(panel: TestPanel, id: number): Promise<void> {
  await panel.evaluate(`(async () => {
    const rows = window.__cmePanel.rows();
    const index = rows.findIndex((r) => r.id === ${id});
    const scroller = document.querySelector('.cme-list-scroller');
    scroller.scrollTop = Math.max(0, index * 22 - 40);
    scroller.dispatchEvent(new document.defaultView.Event('scroll'));
    for (let i = 0; i < 40 && !document.querySelector('[data-id="${id}"]'); i++) await new Promise((r) => setTimeout(r, 25));
    return true;
  })()`);
  await panel.click(`[data-id="${id}"]`);
}

/**
 * Opens the detail's tab `tab` (a button `tab-<tab>`) and waits until it shows the loaded call: the tab
 * selected and the call no longer loading. What the pane shows then is what the tab renders of the call
 * (a later render only masks more), so a check that something is absent needs no sleep after this.
 */
export async function showDetailTab(panel: TestPanel, tab: string): Promise<void> {
  await poll(`the ${tab} tab button`, () =>
    panel.evaluate<boolean>(`!!document.querySelector('button[name="tab-${tab}"]')`),
  );
  await panel.click(`button[name="tab-${tab}"]`);
  await poll(`the ${tab} tab of the loaded call`, () =>
    panel.evaluate<boolean>(
      `document.querySelector('button[name="tab-${tab}"]')?.getAttribute('aria-selected') === 'true' &&
       !!document.querySelector('.cme-detail-body') &&
       !document.querySelector('.cme-detail-body [data-detail="loading"]')`,
    ),
  );
}

/** A JS string literal of `text` in ASCII only (Firefox's frame scripts arrive as data: URLs read as Latin-1). */
export function asciiLiteral(text: string): string {
  return JSON.stringify(text).replace(
    /[\u0080-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** Waits until the panel's text contains `text` (any script, in both browsers). */
export async function waitForPanelText(panel: TestPanel, text: string, timeoutMs = 10_000): Promise<void> {
  await poll(
    `panel text ${JSON.stringify(text)}`,
    () => panel.evaluate<boolean>(`document.body.innerText.includes(${asciiLiteral(text)})`),
    timeoutMs,
  );
}

/** Sets a <select> (or any input) and fires its change event, as a user's choice would; page or panel. */
export async function choose(target: TestPage | TestPanel, selector: string, value: string): Promise<void> {
  await target.evaluate(`(() => {
    const s = document.querySelector(${JSON.stringify(selector)});
    s.value = ${JSON.stringify(value)};
    s.dispatchEvent(new document.defaultView.Event('change', { bubbles: true }));
    return true;
  })()`);
}

/** Load the page again (the harness's reload never settles on moz-extension:// pages; goto does). */
export async function reopen(page: TestPage): Promise<void> {
  await page.goto(await page.evaluate<string>('location.href'));
}

/** Popup: type into the action combobox and click the option with that path (`Class/Action`). */
export async function pickAction(page: TestPage, path: string): Promise<void> {
  await page.fill('#popup-action', path.split('/')[1]!);
  await page.click(`[role="option"][data-path="${path}"]`);
}

/** Popup: the text of the identity picker's chosen ticket ('' while none). */
export async function pickedTicket(page: TestPage): Promise<string> {
  return page.evaluate<string>(
    `document.querySelector('#popup-ticket')?.selectedOptions[0]?.textContent ?? ''`,
  );
}

/** Popup: the answer's text ('' while none). */
export async function resultText(page: TestPage): Promise<string> {
  return page.evaluate<string>(`document.querySelector('#popup-result')?.innerText ?? ''`);
}

/** Set the UI language through the options page, as a user would. */
export async function setLanguage(browser: TestBrowser, value: 'en' | 'zh_CN' | 'auto'): Promise<void> {
  const options = await browser.openExtensionPage('/options.html');
  await poll('the options page', () =>
    options.evaluate<boolean>(`!!document.querySelector('#options-language-${value}')`),
  );
  await options.click(`#options-language-${value}`);
  await poll(`language ${value} saved`, () =>
    options.evaluate<boolean>(`document.querySelector('#options-language-${value}').checked`),
  );
  await options.close();
}

/** Panel: types `text` into the filter box (as a `/regex/` when `regex`), as a user would. */
export async function setPanelFilter(panel: TestPanel, text: string, regex = false): Promise<void> {
  // The filter language: a regex is written `/…/` in the one filter box.
  const query = regex ? `/${text}/` : text;
  await panel.evaluate(`(() => {
    const input = document.querySelector('input[name="filter"]');
    input.value = ${asciiLiteral(query)};
    input.dispatchEvent(new document.defaultView.Event('input', { bubbles: true }));
    return true;
  })()`);
}
