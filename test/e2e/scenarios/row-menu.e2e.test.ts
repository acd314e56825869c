/**
 * Issue 19, "Row menu, columns, layout", in real Chromium and Firefox on the sandbox demo: the row menu of
 * the failed DeleteMaterial opens by a right-click (a synthetic contextmenu event) and by the keyboard
 * (Shift+F10, arrows, Enter, Escape back to the row); "Copy for a support ticket" copies a text with the
 * RequestId first and the Code, and no ticket or signature of the sandbox; sorting by duration orders the
 * rows; "Filter by this action" narrows the list; the `?` overlay lists Ctrl+F and closes with Escape.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../../lib/node/sandbox/main';
import { browsersUnderTest, launch, type TestBrowser, type TestPage, type TestPanel } from '../harness';
import { poll } from '../harness/util';
import { DEMO_ACTIONS, FAILING_CODE, openDemoWithPanel, rowsOf, type HookRow } from './support';

/** Dispatches a key on the panel's focused element (or `selector`); true when it was not cancelled. */
const key = (panel: TestPanel, k: string, opts: { shift?: boolean; selector?: string } = {}) =>
  panel.evaluate<boolean>(`(() => {
    const w = document.defaultView;
    const el = ${opts.selector ? `document.querySelector(${JSON.stringify(opts.selector)})` : 'document.activeElement'};
    return el.dispatchEvent(new w.KeyboardEvent('keydown', { key: ${JSON.stringify(k)}, shiftKey: ${opts.shift === true}, bubbles: true, cancelable: true }));
  })()`);

/** The focused element's role, data-action and class, and the list's selected row. */
const focused = (panel: TestPanel) =>
  panel.evaluate<{ role: string | null; action: string | null; cls: string; active: string | null }>(`(() => {
    const el = document.activeElement;
    return { role: el.getAttribute('role'), action: el.getAttribute('data-action'), cls: el.className,
      active: document.querySelector('.cme-row[aria-selected="true"]')?.dataset.id ?? null };
  })()`);

const menuOpen = (panel: TestPanel) => panel.evaluate<boolean>(`!!document.querySelector('[role="menu"]')`);

/** The ids of the rows as the list shows them, top to bottom. */
const shownIds = (panel: TestPanel) =>
  panel.evaluate<number[]>(
    `[...document.querySelectorAll('.cme-row')].sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top)).map((r) => Number(r.dataset.id))`,
  );

describe.each(browsersUnderTest())('row menu, sorting and shortcuts in %s', (name) => {
  let sandbox: RunningSandbox;
  let browser: TestBrowser;
  let demo: TestPage;
  let panel: TestPanel;
  let rows: HookRow[];
  let failed: HookRow;

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, quiet: true });
    browser = await launch(name, { devtools: true });
    ({ demo, panel, rows } = await openDemoWithPanel(browser, sandbox.url));
    failed = rows.find((r) => r.code === FAILING_CODE)!;
    expect(failed).toBeDefined();
  });
  afterAll(async () => {
    await browser?.close();
    await sandbox?.close();
  });

  /** Runs the item `action` of the open menu by the keyboard (arrows then Enter). */
  async function runByKeyboard(action: string): Promise<void> {
    await poll('focus in the menu', async () => (await focused(panel)).role === 'menuitem');
    for (let i = 0; i < 14; i++) {
      const at = (await focused(panel)).action;
      if (at === action) break;
      await key(panel, 'ArrowDown');
      await poll('focus to move', async () => (await focused(panel)).action !== at);
    }
    expect((await focused(panel)).action).toBe(action);
    await key(panel, 'Enter');
    await poll('the menu to close', async () => !(await menuOpen(panel)));
  }

  it('opens on the failed call by a right-click and by Shift+F10; Escape gives focus back to its row', async () => {
    await panel.evaluate(`(() => {
      const row = document.querySelector('[data-id="${failed.id}"]');
      const box = row.getBoundingClientRect();
      row.dispatchEvent(new document.defaultView.MouseEvent('contextmenu', { bubbles: true, cancelable: true,
        clientX: box.left + 40, clientY: box.top + 8, button: 2 }));
      return true;
    })()`);
    await poll('the row menu', () => menuOpen(panel));
    await poll('focus in the menu', async () => (await focused(panel)).role === 'menuitem');
    const items = await panel.evaluate<{ action: string; disabled: boolean }[]>(
      `[...document.querySelectorAll('[role="menuitem"]')].map((e) => ({ action: e.dataset.action, disabled: e.getAttribute('aria-disabled') === 'true' }))`,
    );
    expect(items.map((i) => i.action)).toContain('copySupport');
    expect(items.find((i) => i.action === 'copyRequestId')?.disabled).toBe(false);
    expect(items.find((i) => i.action === 'filterCode')?.disabled).toBe(false);
    // The right-click selected the row.
    expect(
      await panel.evaluate<string>(`document.querySelector('.cme-row[aria-selected="true"]')?.dataset.id`),
    ).toBe(String(failed.id));

    await key(panel, 'Escape');
    await poll('the menu to close', async () => !(await menuOpen(panel)));
    const back = await focused(panel);
    expect(back.cls).toContain('cme-list-scroller');
    expect(back.active).toBe(String(failed.id));

    await key(panel, 'F10', { shift: true });
    await poll('the row menu by the keyboard', () => menuOpen(panel));
    await poll('focus in the menu', async () => (await focused(panel)).role === 'menuitem');
    const first = (await focused(panel)).action;
    await key(panel, 'ArrowDown');
    await poll('ArrowDown to move focus', async () => (await focused(panel)).action !== first);
    await key(panel, 'Escape');
    await poll('the menu to close', async () => !(await menuOpen(panel)));
    expect((await focused(panel)).active).toBe(String(failed.id));
  });

  it('copies a support-ticket text with the RequestId first and the Code, and no ticket or signature', async () => {
    const copied = () => panel.evaluate<string | null>('window.__cmePanel.lastCopied()');
    await key(panel, 'F10', { shift: true });
    await poll('the row menu', () => menuOpen(panel));
    await runByKeyboard('copyRequestId');
    const requestId = await poll('the RequestId copied', copied);
    expect(requestId).toMatch(/^[\w-]{8,}$/);

    await key(panel, 'ContextMenu', { selector: '.cme-list-scroller' });
    await poll('the row menu', () => menuOpen(panel));
    await poll('focus in the menu', async () => (await focused(panel)).role === 'menuitem');
    await runByKeyboard('copySupport');
    const text = await poll('the support text', async () => {
      const t = await copied();
      return t && t !== requestId ? t : null;
    });
    expect(text.split('\n')[0]).toBe(`RequestId: ${requestId}`);
    expect(text).toContain(FAILING_CODE);
    expect(text).toContain('Material/DeleteMaterial');
    expect(text).toMatch(/HTTP status: 200/);
    expect(text).toMatch(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d/);
    const tickets = sandbox.state.tickets.map((t) => t.ticket);
    expect(tickets.length).toBeGreaterThan(0);
    for (const t of tickets) {
      expect(text).not.toContain(t);
      expect(text).not.toContain(encodeURIComponent(t));
    }

    // The login's own text: its signature masked wherever it is.
    const signature = await demo.evaluate<string>(
      `decodeURIComponent(performance.getEntriesByType('resource').map((e) => e.name).find((n) => n.includes('?signature=')).split('signature=')[1].split('&')[0])`,
    );
    expect(signature.length).toBeGreaterThan(40);
    const login = rows.find((r) => r.kind === 'login')!;
    await panel.evaluate(`(() => {
      const row = document.querySelector('[data-id="${login.id}"]');
      row.dispatchEvent(new document.defaultView.MouseEvent('contextmenu', { bubbles: true, cancelable: true, clientX: 30, clientY: 60 }));
      return true;
    })()`);
    await poll('the login row menu', () => menuOpen(panel));
    await poll('focus in the menu', async () => (await focused(panel)).role === 'menuitem');
    await runByKeyboard('copySupport');
    const loginText = await poll('the login support text', async () => {
      const t = await copied();
      return t && t !== text ? t : null;
    });
    expect(loginText).toContain('Login');
    for (const s of [signature, encodeURIComponent(signature), ...tickets])
      expect(loginText).not.toContain(s);
  });

  it('sorts by duration (ascending, descending, off) with aria-sort', async () => {
    const durations = new Map(
      (await panel.evaluate<{ id: number; durationMs: number }[]>('window.__cmePanel.rows()')).map((r) => [
        r.id,
        r.durationMs,
      ]),
    );
    const arrival = await shownIds(panel);
    const ordered = (dir: 1 | -1) => async () => {
      const dur = (await shownIds(panel)).map((id) => durations.get(id)!);
      return dur.length === arrival.length && dur.every((d, i) => i === 0 || dir * (d - dur[i - 1]!) >= 0);
    };
    const ariaSort = () =>
      panel.evaluate<string>(`document.querySelector('[data-col="duration"]').getAttribute('aria-sort')`);
    // At least two durations differ: no one order is both ascending and descending, so the two checks
    // below cannot both pass without the list being reordered.
    expect(new Set(durations.values()).size).toBeGreaterThanOrEqual(2);
    await panel.click('button[name="sort-duration"]');
    await poll('ascending durations', ordered(1));
    expect(await ariaSort()).toBe('ascending');
    await panel.click('button[name="sort-duration"]');
    await poll('descending durations', ordered(-1));
    expect(await ariaSort()).toBe('descending');
    await panel.click('button[name="sort-duration"]');
    await poll(
      'arrival order again',
      async () => JSON.stringify(await shownIds(panel)) === JSON.stringify(arrival),
    );
    expect(await ariaSort()).toBe('none');
  });

  it('"Filter by this action" narrows the list to DeleteMaterial', async () => {
    expect((await shownIds(panel)).length).toBe(DEMO_ACTIONS.length);
    await panel.evaluate(`(() => {
      const row = document.querySelector('[data-id="${failed.id}"]');
      row.dispatchEvent(new document.defaultView.MouseEvent('contextmenu', { bubbles: true, cancelable: true, clientX: 30, clientY: 60 }));
      return true;
    })()`);
    await poll('the row menu', () => menuOpen(panel));
    await panel.click('[role="menuitem"][data-action="filterAction"]');
    await poll('the narrowed list', async () => (await shownIds(panel)).length === 1);
    expect(await shownIds(panel)).toEqual([failed.id]);
    expect((await rowsOf(panel)).length).toBe(DEMO_ACTIONS.length);
  });

  it('opens the ? overlay, which lists Ctrl+F, traps focus and closes with Escape', async () => {
    await panel.evaluate(`(document.querySelector('.cme-list-scroller').focus(), true)`);
    await key(panel, '?', { shift: true });
    await poll('the shortcuts overlay', () =>
      panel.evaluate<boolean>(`!!document.querySelector('[role="dialog"][aria-modal="true"]')`),
    );
    const text = await panel.evaluate<string>(`document.querySelector('[role="dialog"]').innerText`);
    expect(text).toMatch(/Ctrl\+F|⌘F/);
    expect(text).toContain('Shift+F10');
    const inDialog = () =>
      panel.evaluate<boolean>(`document.querySelector('[role="dialog"]').contains(document.activeElement)`);
    await poll('focus in the dialog', inDialog);
    // Tab from the last focusable goes back to the first (focus stays in the dialog).
    await panel.evaluate(`(document.querySelector('.cme-keys-body').focus(), true)`);
    expect(await key(panel, 'Tab')).toBe(false);
    await poll('focus on the first control again', () =>
      panel.evaluate<boolean>(`document.activeElement?.getAttribute('name') === 'close-shortcuts'`),
    );
    await key(panel, 'Escape');
    await poll('the overlay to close', async () =>
      panel.evaluate<boolean>(`!document.querySelector('[role="dialog"]')`),
    );
    await poll('focus back on the list', async () =>
      (await focused(panel)).cls.includes('cme-list-scroller'),
    );
  });

  it('keeps a column width changed by the keyboard in a panel opened again', async () => {
    const width = () =>
      panel.evaluate<string>(`document.querySelector('.cme-list').style.getPropertyValue('--col-action')`);
    const before = await width();
    await panel.evaluate(`(() => {
      const r = document.querySelector('[data-resize="action"]');
      r.focus();
      for (let i = 0; i < 3; i++) r.dispatchEvent(new document.defaultView.KeyboardEvent('keydown', { key: 'ArrowRight', shiftKey: true, bubbles: true, cancelable: true }));
      return true;
    })()`);
    await poll('the wider column', async () => (await width()) !== before);
    const after = await width();
    expect(parseInt(after, 10)).toBe(parseInt(before, 10) + 120);
    const second = await browser.openPage(`${sandbox.url}/demo?manual`);
    const again = await browser.openPanel(second);
    await poll(
      'the width in the new panel',
      async () =>
        (await again.evaluate<string>(
          `document.querySelector('.cme-list')?.style.getPropertyValue('--col-action') ?? ''`,
        )) === after,
    );
  });
});
