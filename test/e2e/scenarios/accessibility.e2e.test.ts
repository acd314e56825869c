/**
 * Accessibility in real Chromium and Firefox: axe-core (WCAG 2.0/2.1 A and AA, best practices) over every
 * view of the panel (the call list, each tab of a call's detail, stats, faults, the capture rules pane), the
 * popup (login, a call with its answer) and the options page, in English and Chinese, light and dark: no
 * serious or critical violation; the rest is printed as a table. The call list keeps keyboard focus while
 * the demo's calls stream in, and names a failed call as failed.
 *
 * One browser launch per browser. The language is switched in the options page between passes, as a user
 * would; the theme by setting `data-theme` on each page's root, which is all the theme is to our CSS
 * (components/theme.css keys every colour and `color-scheme` on it; the panel takes it from the DevTools
 * theme, the popup and the options page from `prefers-color-scheme`, both fixed at launch).
 *
 * To cover a new view, add a row to VIEWS: a name, the page it is on, and a function that opens it from
 * wherever the previous view left that page (and waits until it shows).
 */
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../../lib/node/sandbox/main';
import { browsersUnderTest, launch, type TestBrowser, type TestPage, type TestPanel } from '../harness';
import type { BrowserName } from '../harness/types';
import { poll } from '../harness/util';
import { blocking, focusRings, runAxe, violationTable, type AxeViolation, type Evaluates } from './a11y';
import {
  choose,
  FAILING_CODE,
  openDemoWithPanel,
  pickAction,
  reopen,
  resultText,
  rpc,
  selectRow,
  setLanguage,
  storeSandboxTicket,
  waitForCount,
  type HookRow,
} from './support';

const SHOTS = '/tmp/shots';

type Lang = 'en' | 'zh_CN';
type Theme = 'light' | 'dark';

/** What a view's opener may use: the pages, the demo's rows and the pass it runs in. */
interface Ctx {
  name: BrowserName;
  sandbox: RunningSandbox;
  browser: TestBrowser;
  demo: TestPage;
  panel: TestPanel;
  popup: TestPage;
  options: TestPage;
  rows: HookRow[];
  lang: Lang;
  theme: Theme;
}

/** A view to check: where it is and how to get there. */
interface View {
  name: string;
  on: 'panel' | 'popup' | 'options';
  open(ctx: Ctx): Promise<void>;
  /** Also screenshot it (Chromium) as `a11y-<shot>-<lang>-<theme>.png`. */
  shot?: string;
}

/** Whether `selector` matches in the panel. */
const inPanel = (panel: TestPanel, selector: string) =>
  panel.evaluate<boolean>(`!!document.querySelector(${JSON.stringify(selector)})`);

/** Waits for `selector` in the panel. */
const panelShows = (panel: TestPanel, selector: string, timeoutMs = 10_000) =>
  poll(`${selector} in the panel`, () => inPanel(panel, selector), timeoutMs);

/** The list of calls, no detail open, no pane over it. */
async function showCalls(panel: TestPanel): Promise<void> {
  if (await inPanel(panel, 'button[name="find-close"]')) await panel.click('button[name="find-close"]');
  if (await inPanel(panel, 'button[name="rules-close"]')) await panel.click('button[name="rules-close"]');
  if (await inPanel(panel, 'button[name="close-detail"]')) await panel.click('button[name="close-detail"]');
  await panel.click('button[name="view-calls"]');
  await poll('the list alone', () =>
    panel.evaluate<boolean>(
      `!!document.querySelector('.cme-row') && !document.querySelector('[data-capture-rules], .cme-detail')`,
    ),
  );
}

/** The detail of the demo's call `action` on `tab`, loaded. */
async function showDetail(ctx: Ctx, action: string, tab: string): Promise<void> {
  await showCalls(ctx.panel);
  await selectRow(ctx.panel, ctx.rows.find((r) => r.action === action)!.id);
  await panelShows(ctx.panel, `button[name="tab-${tab}"]`);
  await ctx.panel.click(`button[name="tab-${tab}"]`);
  await poll(`the ${tab} tab of ${action}`, () =>
    ctx.panel.evaluate<boolean>(
      `document.querySelector('button[name="tab-${tab}"]').getAttribute('aria-selected') === 'true'
        && !!document.querySelector('.cme-detail-body > :not(.muted, .sr-only)')`,
    ),
  );
}

/** A body on the request or response tab, as a tree or as raw text. */
async function showBody(ctx: Ctx, tab: 'request' | 'response', raw: boolean): Promise<void> {
  await showDetail(ctx, 'DescribeClass', tab);
  const body = `[data-body="${tab === 'request' ? 'request' : 'response'}"]`;
  await panelShows(ctx.panel, body);
  const isRaw = () => inPanel(ctx.panel, `${body} .cme-raw`);
  if ((await isRaw()) !== raw) await ctx.panel.click(`${body} .cme-body-switch button`);
  await poll(`the ${tab} body ${raw ? 'raw' : 'as a tree'}`, async () => (await isRaw()) === raw);
}

/** Dispatches a key on the panel's focused element (or `selector`), as the keyboard would. */
const pressKey = (panel: TestPanel, init: Record<string, unknown>, selector?: string) =>
  panel.evaluate<boolean>(`(() => {
    const el = ${selector ? `document.querySelector(${JSON.stringify(selector)})` : 'document.activeElement ?? document.body'};
    return el.dispatchEvent(new document.defaultView.KeyboardEvent('keydown',
      Object.assign({ bubbles: true, cancelable: true }, ${JSON.stringify(init)})));
  })()`);

/** Types `text` into the filter box (focused) as one input event. */
const typeFilter = (panel: TestPanel, text: string) =>
  panel.evaluate(`(() => {
    const input = document.querySelector('input[name="filter"]');
    input.focus();
    input.value = ${JSON.stringify(text)};
    input.setSelectionRange(input.value.length, input.value.length);
    input.dispatchEvent(new document.defaultView.Event('input', { bubbles: true }));
    return true;
  })()`);

/** Closes what the issue-19 views open over the list (menu, overlay, suggestions) and empties the filter. */
async function closeOverlays(panel: TestPanel): Promise<void> {
  for (const sel of ['[role="menu"]', '.cme-keys[role="dialog"]']) {
    if (await inPanel(panel, sel)) {
      await pressKey(panel, { key: 'Escape' });
      await poll(`${sel} closed`, async () => !(await inPanel(panel, sel)));
    }
  }
  if (await panel.evaluate<boolean>(`document.querySelector('input[name="filter"]').value !== ''`)) {
    await typeFilter(panel, '');
    await pressKey(panel, { key: 'Escape' }, 'input[name="filter"]');
  }
}

/** Every view the issue names. Each opener starts from whatever the previous one left. */
export const VIEWS: View[] = [
  { name: 'panel: call list', on: 'panel', open: (c) => showCalls(c.panel), shot: 'list' },
  {
    name: 'panel: failed call, overview and its error explained',
    on: 'panel',
    shot: 'failed',
    async open(c) {
      await showDetail(c, 'DeleteMaterial', 'overview');
      await poll('the explanation', () =>
        c.panel.evaluate<boolean>(`document.body.innerText.includes(${JSON.stringify(FAILING_CODE)})`),
      );
    },
  },
  {
    name: 'panel: request headers',
    on: 'panel',
    async open(c) {
      await showDetail(c, 'DescribeClass', 'request');
      await c.panel.evaluate(`(document.querySelectorAll('details').forEach((d) => (d.open = true)), true)`);
    },
  },
  { name: 'panel: request body, tree', on: 'panel', open: (c) => showBody(c, 'request', false) },
  { name: 'panel: request body, raw', on: 'panel', open: (c) => showBody(c, 'request', true) },
  { name: 'panel: response body, tree', on: 'panel', open: (c) => showBody(c, 'response', false) },
  { name: 'panel: response body, raw', on: 'panel', open: (c) => showBody(c, 'response', true) },
  {
    name: 'panel: response headers',
    on: 'panel',
    async open(c) {
      await showDetail(c, 'DescribeClass', 'response');
      await c.panel.evaluate(`(document.querySelectorAll('details').forEach((d) => (d.open = true)), true)`);
    },
  },
  { name: 'panel: signature of the login', on: 'panel', open: (c) => showDetail(c, 'Login', 'signature') },
  { name: 'panel: copy', on: 'panel', open: (c) => showDetail(c, 'DescribeClass', 'copy') },
  {
    name: 'panel: replay',
    on: 'panel',
    async open(c) {
      await showDetail(c, 'DescribeClass', 'replay');
      await panelShows(c.panel, 'button[name="replay-run"]');
    },
  },
  {
    name: 'panel: stats',
    on: 'panel',
    shot: 'stats',
    async open(c) {
      await showCalls(c.panel);
      await c.panel.click('button[name="view-stats"]');
      await panelShows(c.panel, '[data-table="stats"]');
    },
  },
  {
    name: 'panel: faults',
    on: 'panel',
    shot: 'faults',
    async open(c) {
      await showCalls(c.panel);
      await c.panel.click('button[name="view-faults"]');
      await panelShows(c.panel, 'button[name="fault-add"]');
    },
  },
  {
    name: 'panel: capture rules pane',
    on: 'panel',
    shot: 'rules',
    async open(c) {
      await showCalls(c.panel);
      await c.panel.click('button[name="rules"]');
      await panelShows(c.panel, 'button[name="rules-close"]');
    },
  },
  {
    name: 'panel: filter box, suggestions open and an invalid term',
    on: 'panel',
    shot: 'filter',
    async open(c) {
      await closeOverlays(c.panel);
      await showCalls(c.panel);
      await typeFilter(c.panel, 'colour:red act');
      await poll('the suggestions and the invalid term', () =>
        c.panel.evaluate<boolean>(
          `document.querySelector('input[name="filter"]').getAttribute('aria-expanded') === 'true'
            && document.querySelectorAll('[role="option"]').length > 0`,
        ),
      );
    },
  },
  {
    name: 'panel: list sorted by duration, row menu open',
    on: 'panel',
    shot: 'menu',
    async open(c) {
      await closeOverlays(c.panel);
      await showCalls(c.panel);
      // A header click cycles ascending, descending, off: click until the list is sorted (a pass before
      // may have left it sorted either way).
      const sorted = () =>
        c.panel.evaluate<boolean>(
          `document.querySelector('[role="columnheader"][data-col="duration"]').matches('[aria-sort="ascending"], [aria-sort="descending"]')`,
        );
      for (let i = 0; i < 3 && !(await sorted()); i++) {
        const before = await c.panel.evaluate<string>(
          `document.querySelector('[role="columnheader"][data-col="duration"]').getAttribute('aria-sort') ?? ''`,
        );
        await c.panel.click('button[name="sort-duration"]');
        await poll('the sort to change', async () =>
          c.panel.evaluate<boolean>(
            `(document.querySelector('[role="columnheader"][data-col="duration"]').getAttribute('aria-sort') ?? '') !== ${JSON.stringify(before)}`,
          ),
        );
      }
      expect(await sorted()).toBe(true);
      await c.panel.evaluate(`(() => {
        const row = document.querySelector('.cme-row');
        const r = row.getBoundingClientRect();
        row.dispatchEvent(new document.defaultView.MouseEvent('contextmenu', { bubbles: true, cancelable: true, clientX: r.left + 30, clientY: r.top + 8 }));
        return true;
      })()`);
      await panelShows(c.panel, '[role="menu"]');
    },
  },
  {
    name: 'panel: keyboard shortcuts overlay',
    on: 'panel',
    shot: 'keys',
    async open(c) {
      await closeOverlays(c.panel);
      await showCalls(c.panel);
      await c.panel.evaluate(`(document.querySelector('.cme-list-scroller').focus(), true)`);
      await pressKey(c.panel, { key: '?', shiftKey: true });
      await panelShows(c.panel, '.cme-keys[role="dialog"]');
    },
  },
  {
    name: 'panel: find bar with matches in a body',
    on: 'panel',
    shot: 'find',
    async open(c) {
      await closeOverlays(c.panel);
      await showBody(c, 'response', false);
      await pressKey(c.panel, { key: 'f', code: 'KeyF', ctrlKey: true });
      await panelShows(c.panel, 'input[name="find"]');
      await c.panel.evaluate(`(() => {
        const input = document.querySelector('input[name="find"]');
        input.value = 'e';
        input.dispatchEvent(new document.defaultView.Event('input', { bubbles: true }));
        return true;
      })()`);
      await panelShows(c.panel, 'mark');
    },
  },
  {
    name: 'popup: login',
    on: 'popup',
    shot: 'popup-login',
    async open(c) {
      await reopen(c.popup);
      await poll('the popup', () => c.popup.evaluate<boolean>(`!!document.querySelector('#popup-action')`));
      if (!(await c.popup.evaluate<boolean>(`!!document.querySelector('#popup-login-submit')`)))
        await c.popup.click('#popup-login-toggle');
      const env = await rpc<{ id: string; name: string }[]>(c.popup, 'environments.list');
      await choose(c.popup, '#popup-login-env', env.find((e) => e.name === 'Sandbox')!.id);
      await poll('the login form', () =>
        c.popup.evaluate<boolean>(`!!document.querySelector('#popup-login-submit')`),
      );
    },
  },
  {
    name: 'popup: a call and its answer',
    on: 'popup',
    shot: 'popup-answer',
    async open(c) {
      await reopen(c.popup);
      await poll('the popup', () => c.popup.evaluate<boolean>(`!!document.querySelector('#popup-action')`));
      await pickAction(c.popup, 'Material/DescribeClass');
      await c.popup.click('#popup-send');
      await poll('the answer', async () => (await resultText(c.popup)).includes('Success'), 20_000);
    },
  },
  {
    name: 'options',
    on: 'options',
    shot: 'options',
    async open(c) {
      await reopen(c.options);
      await poll('the options page', () =>
        c.options.evaluate<boolean>(`!!document.querySelector('#options-language-en')`),
      );
    },
  },
];

/** The page a view is on. */
const pageOf = (c: Ctx, view: View): TestPage | TestPanel =>
  view.on === 'panel' ? c.panel : view.on === 'popup' ? c.popup : c.options;

/** Sets the theme of a page as its own code does (`data-theme` on the root element). */
const setTheme = (page: Evaluates, theme: Theme) =>
  page.evaluate(`(document.documentElement.dataset.theme = ${JSON.stringify(theme)}, true)`);

/** The `lang` of a page's root element. */
const htmlLang = (page: Evaluates) => page.evaluate<string>(`document.documentElement.lang`);

describe.each(browsersUnderTest())('accessibility in %s', (name) => {
  let sandbox: RunningSandbox;
  let browser: TestBrowser;
  let ctx: Omit<Ctx, 'lang' | 'theme'>;
  const found: { view: string; violations: AxeViolation[] }[] = [];
  const focusChecked: string[] = [];

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    sandbox = await startSandbox({ port: 0, quiet: true });
    browser = await launch(name, { devtools: true });
    // The popup logs in through the Sandbox environment this saves; it has a ticket to call with.
    await storeSandboxTicket(browser, sandbox.url, 'a11y_user', 'a11y');
    const { demo, panel, rows } = await openDemoWithPanel(browser, sandbox.url);
    const popup = await browser.openExtensionPage('/popup.html');
    const options = await browser.openExtensionPage('/options.html');
    ctx = { name, sandbox, browser, demo, panel, popup, options, rows };
  }, 180_000);
  afterAll(async () => {
    console.info(`[a11y e2e] ${name}: moderate and minor violations\n${violationTable(found)}`);
    console.info(`[a11y e2e] ${name}: focus rings\n${focusChecked.join('\n')}`);
    await browser?.close();
    await sandbox?.close();
  });

  it('finds a violation planted in the panel and in an extension page (axe runs in both)', async () => {
    await showCalls(ctx.panel);
    for (const [page, parent] of [
      [ctx.panel, '.cme-toolbar'],
      [ctx.options, 'main'],
    ] as const) {
      await poll(`${parent} to plant in`, () =>
        page.evaluate<boolean>(`!!document.querySelector(${JSON.stringify(parent)})`),
      );
      await page.evaluate(`(() => {
        const b = document.createElement('button');
        b.id = 'a11y-planted';
        document.querySelector(${JSON.stringify(parent)}).append(b);
        return true;
      })()`);
      try {
        const found = await runAxe(page);
        expect(found.find((v) => v.id === 'button-name')?.targets).toEqual(['#a11y-planted']);
      } finally {
        await page.evaluate(`(document.getElementById('a11y-planted').remove(), true)`);
      }
    }
  });

  it('keeps keyboard focus on the call list while calls stream in', async () => {
    const { panel, demo } = ctx;
    await showCalls(panel);
    await panel.evaluate(`(document.querySelector('.cme-list-scroller').focus(), true)`);
    // Where the focus is and how many calls are listed, asked together.
    const probe = () =>
      panel.evaluate<{ focused: boolean; count: number }>(`({
        focused: document.activeElement === document.querySelector('.cme-list-scroller'),
        count: window.__cmePanel.count() })`);
    expect((await probe()).focused).toBe(true);
    const before = (await probe()).count;
    const target = before + ctx.rows.length;
    await demo.click('#run');
    // Asked over and over while the calls arrive (the list re-renders under the focus with each).
    const seen: { focused: boolean; count: number }[] = [];
    await poll(
      'the demo run again listed',
      async () => {
        const p = await probe();
        seen.push(p);
        return p.count >= target;
      },
      20_000,
    );
    expect(seen.filter((p) => !p.focused)).toEqual([]);
    ctx.rows = await waitForCount(panel, target, 20_000, demo);
    // The demo's rows of the first run are those the views below open.
    ctx.rows = ctx.rows.slice(0, before);
  });

  it('marks a failed call by more than its colour, and names it failed', async () => {
    await showCalls(ctx.panel);
    const marks = await ctx.panel.evaluate<Record<string, string | null>>(`(() => {
      const out = {};
      for (const row of document.querySelectorAll('.cme-row')) {
        const mark = row.querySelector('[data-failed-mark]');
        out[row.querySelector('.cme-cell-action').innerText.replace(/^\\W+/, '')] =
          mark && document.defaultView.getComputedStyle(mark).display !== 'none' && mark.textContent ? mark.getAttribute('aria-label') : null;
      }
      return out;
    })()`);
    // Every demo call listed, only DeleteMaterial (HTTP 200, an error Code) marked, and named "Failed".
    expect(Object.keys(marks).length).toBeGreaterThanOrEqual(ctx.rows.length);
    for (const [action, mark] of Object.entries(marks))
      expect([action, mark]).toEqual([action, action.endsWith('DeleteMaterial') ? 'Failed' : null]);
  });

  for (const lang of ['en', 'zh_CN'] as const) {
    for (const theme of ['light', 'dark'] as const) {
      it(`has no serious or critical violation in any view (${lang}, ${theme})`, async () => {
        const c: Ctx = { ...ctx, lang, theme };
        await setLanguage(browser, lang);
        const want = lang === 'zh_CN' ? 'zh-CN' : 'en';
        const bad: string[] = [];
        for (const view of VIEWS) {
          const page = pageOf(c, view);
          await view.open(c);
          await setTheme(page, theme);
          await poll(`${view.name} in ${lang}`, async () => (await htmlLang(page)) === want);
          const violations = await runAxe(page);
          const label = `${view.name} (${lang}, ${theme})`;
          found.push({ view: label, violations: violations.filter((v) => !blocking([v]).length) });
          for (const v of blocking(violations))
            bad.push(
              `${label}: ${v.impact} ${v.id} (${v.nodes}) ${v.help} — ${v.targets.join(', ')}\n  ${v.summary}`,
            );
          // Every control shows where the keyboard focus is (after axe: focusing may open a popup's list).
          const rings = await focusRings(page);
          rings.missing.forEach((m) => bad.push(`${label}: no visible focus on ${m}`));
          // Chromium shows a programmatic focus as keyboard focus when asked to: there the check must have
          // looked at every control. Firefox may not (its heuristics); what it checked is listed.
          if (name === 'chromium' && (rings.checked === 0 || rings.notVisible > 0))
            bad.push(`${label}: focus rings not checked (${rings.checked} checked, ${rings.notVisible} not)`);
          if (lang === 'en' && theme === 'light')
            focusChecked.push(
              `${view.name}: ${rings.checked} checked, ${rings.notVisible} not :focus-visible`,
            );
          if (name === 'chromium' && view.shot) {
            const path = `${SHOTS}/a11y-${view.shot}-${lang}-${theme}.png`;
            await (view.on === 'popup'
              ? (page as TestPage).screenshot(path, { selector: '.popup-root' })
              : page.screenshot(path));
          }
        }
        expect(bad.join('\n')).toBe('');
      }, 300_000);
    }
  }
});
