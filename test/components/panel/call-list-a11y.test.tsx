// @vitest-environment happy-dom
/**
 * The call list for assistive technology: a failed call is marked by more than its colour (a mark named
 * "Failed"), the list is a valid grid (grid → header row and rows → gridcells, row indexes in the whole
 * list, the selected row as the active descendant), and the keyboard focus stays on the list while calls
 * arrive and the selection moves.
 */
import { cleanup, fireEvent } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { CallList } from '../../../components/panel/call-list';
import { answers, apiCall, loginCall, SESSION_START_MS } from '../../cme/factories';
import { decoded, makeRow } from '../../ui/panel/fixtures';
import { logOf, makeUi, renderPanel, settle } from './panel-fixtures';

afterEach(cleanup);

const many = (n: number) => Array.from({ length: n }, (_, i) => makeRow({ id: i + 1, seq: i + 1 }));

/** The demo's three kinds of row: a login, an error Code at HTTP 200, and no response at all. */
function threeCalls() {
  const network = apiCall({ action: 'DescribeTeams', startedAt: SESSION_START_MS + 30 });
  network.response = null;
  return logOf([
    loginCall(),
    apiCall({ action: 'DeleteMaterial', startedAt: SESSION_START_MS + 20, answer: answers.paasError() }),
    network,
  ]);
}

describe('call list, accessible', () => {
  it.each([
    ['en', 'Failed'],
    ['zh_CN', '失败'],
  ] as const)('marks a failed call by a named mark, not by colour alone (%s)', async (lang, name) => {
    const { rows, bodies } = threeCalls();
    const view = renderPanel(await makeUi(rows, bodies), <CallList />, lang);
    const [login, error, network] = [...view.container.querySelectorAll('.cme-row')];
    expect(login!.querySelector('[data-failed-mark]')).toBeNull();
    for (const row of [error!, network!]) {
      const mark = row.querySelector('.cme-cell-action [data-failed-mark]')!;
      expect(mark.getAttribute('role')).toBe('img');
      expect(mark.getAttribute('aria-label')).toBe(name);
      // A visible sign, whatever the colours.
      expect(mark.textContent).toBe('✕');
    }
  });

  it('marks a failed call that also has badges', async () => {
    const row = makeRow({
      id: 1,
      ok: false,
      code: 'InvalidParameterValue',
      unknownParams: { count: 1, names: [{ param: 'x' }] },
    });
    const view = renderPanel(await makeUi([row], new Map()), <CallList />);
    const cell = view.container.querySelector('.cme-cell-action.has-badge')!;
    expect(cell.querySelector('[data-failed-mark]')?.getAttribute('aria-label')).toBe('Failed');
  });

  it('is a grid of rows of cells, numbered in the whole list', async () => {
    const view = renderPanel(await makeUi(many(10_000), new Map()), <CallList />);
    const grid = view.container.querySelector('[role="grid"]')!;
    expect(grid.classList.contains('cme-list-scroller')).toBe(true);
    expect(grid.getAttribute('tabindex')).toBe('0');
    expect(grid.getAttribute('aria-label')).toBe('Captured CME calls');
    expect(grid.getAttribute('aria-rowcount')).toBe('10001');
    const header = grid.querySelector(':scope > [role="row"]')!;
    expect(header.getAttribute('aria-rowindex')).toBe('1');
    expect(header.querySelectorAll(':scope > [role="columnheader"]').length).toBe(7);
    // Only rows (in a rowgroup) and the header under the grid; only cells in a row.
    expect([...grid.children].map((c) => c.getAttribute('role'))).toEqual(['row', 'rowgroup']);
    const rows = [...grid.querySelectorAll('[role="rowgroup"] > [role="row"]')];
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect([...row.children].every((c) => c.getAttribute('role') === 'gridcell')).toBe(true);
      expect(Number(row.getAttribute('aria-rowindex'))).toBe(Number(row.getAttribute('data-id')) + 1);
    }
    // Following the end: the last call is the list's last row.
    expect(rows.map((r) => r.getAttribute('aria-rowindex'))).toContain('10001');
  });

  it('makes the selected row the active descendant while it is rendered', async () => {
    const ui = await makeUi(many(1000), new Map());
    const view = renderPanel(ui, <CallList />);
    const grid = view.container.querySelector('[role="grid"]') as HTMLElement;
    expect(grid.hasAttribute('aria-activedescendant')).toBe(false);
    fireEvent.click(view.container.querySelector('[data-id="1000"]')!);
    await settle();
    const active = grid.getAttribute('aria-activedescendant')!;
    expect(view.container.querySelector(`#${active}`)?.getAttribute('data-id')).toBe('1000');
    expect(view.container.querySelector(`#${active}`)?.getAttribute('aria-selected')).toBe('true');
    // Scrolled far away, the row leaves the DOM: no reference to a missing element.
    for (const top of [22 * 500, 0]) {
      grid.scrollTop = top;
      fireEvent.scroll(grid);
      await settle();
    }
    expect(view.container.querySelector('[data-id="1000"]')).toBeNull();
    expect(grid.hasAttribute('aria-activedescendant')).toBe(false);
  });

  it('keeps the focus on the list while calls arrive and the selection moves', async () => {
    const ui = await makeUi(many(50), new Map());
    const view = renderPanel(ui, <CallList />);
    const grid = view.container.querySelector('[role="grid"]') as HTMLElement;
    grid.focus();
    expect(document.activeElement).toBe(grid);
    for (let i = 0; i < 30; i++) {
      const raw = apiCall({ action: 'ListMedia', startedAt: SESSION_START_MS + 1_000_000 + i });
      ui.panel.add({ raw, decoded: decoded(raw, i) });
      await ui.panel.flush();
      await settle();
      fireEvent.keyDown(grid, { key: 'End' });
      await settle();
    }
    expect(ui.panel.rows.value.length).toBe(80);
    expect(document.activeElement).toBe(grid);
    expect(grid.getAttribute('aria-activedescendant')).toBe(`cme-row-${ui.panel.selectedId.value}`);
  });
});
