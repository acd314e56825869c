// @vitest-environment happy-dom
/**
 * The list's headers and the splitter: a header click (or Enter on its button) cycles the sort with
 * aria-sort; a resizer follows a drag and ArrowLeft/Right and its aria-valuenow; the rows follow the widths
 * through CSS variables; the splitter moves by the keyboard and keeps the detail's width.
 */
import { cleanup, fireEvent, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { CallList } from '../../../components/panel/call-list';
import { PanelLayout } from '../../../components/panel/panel-root';
import { createListView, LAYOUT_KEY } from '../../../lib/ui/panel/list-view';
import { makeRow } from '../../ui/panel/fixtures';
import { makeUi, renderPanel, settle } from './panel-fixtures';

afterEach(cleanup);

function memoryPrefs() {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (k: string) => data.get(k) ?? null,
    setItem: (k: string, v: string) => void data.set(k, v),
  };
}

const rows = () => [
  makeRow({ id: 1, seq: 1, durationMs: 30 }),
  makeRow({ id: 2, seq: 2, durationMs: 10 }),
  makeRow({ id: 3, seq: 3, durationMs: 20 }),
];

describe('list headers', () => {
  it('sort on click: ascending, descending, off, with aria-sort and the rows in order', async () => {
    const ui = await makeUi(rows(), new Map());
    const view = renderPanel(ui, <CallList />);
    const order = () =>
      [...view.container.querySelectorAll('.cme-row')]
        .sort((a, b) => parseFloat((a as HTMLElement).style.top) - parseFloat((b as HTMLElement).style.top))
        .map((r) => r.getAttribute('data-id'));
    const header = () => view.container.querySelector('[data-col="duration"]')!;
    const button = view.container.querySelector('button[name="sort-duration"]') as HTMLButtonElement;
    expect(header().getAttribute('aria-sort')).toBe('none');
    const until = async (want: string[]) => {
      for (let i = 0; i < 200 && JSON.stringify(order()) !== JSON.stringify(want); i++) await settle(5);
      expect(order()).toEqual(want);
    };
    fireEvent.click(button);
    // The sorting code loads with the first sort.
    await until(['2', '3', '1']);
    expect(header().getAttribute('aria-sort')).toBe('ascending');
    fireEvent.click(button);
    await settle(10);
    expect(order()).toEqual(['1', '3', '2']);
    expect(header().getAttribute('aria-sort')).toBe('descending');
    fireEvent.click(button);
    await settle(10);
    expect(order()).toEqual(['1', '2', '3']);
    expect(header().getAttribute('aria-sort')).toBe('none');
    // Every sortable column has a button (Enter/Space work on it as on any button).
    expect(view.container.querySelectorAll('button.cme-sort')).toHaveLength(6);
  });

  it('resize by drag and by the keyboard; the widths reach the rows and are kept', async () => {
    const ui = await makeUi(rows(), new Map());
    const prefs = memoryPrefs();
    ui.listView = createListView(ui.panel, prefs);
    const view = renderPanel(ui, <CallList />);
    const resizer = view.container.querySelector('[data-resize="action"]') as HTMLElement;
    const list = view.container.querySelector('.cme-list') as HTMLElement;
    expect(resizer.getAttribute('role')).toBe('separator');
    expect(resizer.getAttribute('aria-valuenow')).toBe('230');
    // Key repeats come faster than renders: each counts.
    fireEvent.keyDown(resizer, { key: 'ArrowRight' });
    fireEvent.keyDown(resizer, { key: 'ArrowRight' });
    await settle();
    expect(resizer.getAttribute('aria-valuenow')).toBe('250');
    fireEvent.keyDown(resizer, { key: 'ArrowLeft' });
    await settle();
    expect(resizer.getAttribute('aria-valuenow')).toBe('240');
    fireEvent.keyDown(resizer, { key: 'ArrowLeft', shiftKey: true });
    await settle();
    expect(resizer.getAttribute('aria-valuenow')).toBe('200');
    expect(list.style.getPropertyValue('--col-action')).toBe('200px');
    expect(JSON.parse(prefs.data.get(LAYOUT_KEY)!).widths.action).toBe(200);

    fireEvent.pointerDown(resizer, { button: 0, clientX: 100, pointerId: 1 });
    fireEvent.pointerMove(resizer, { clientX: 160, pointerId: 1 });
    await settle();
    expect(list.style.getPropertyValue('--col-action')).toBe('260px');
    // Not stored until the drag ends.
    expect(JSON.parse(prefs.data.get(LAYOUT_KEY)!).widths.action).toBe(200);
    fireEvent.pointerUp(resizer, { clientX: 180, pointerId: 1 });
    await settle();
    expect(JSON.parse(prefs.data.get(LAYOUT_KEY)!).widths.action).toBe(280);
    // A drag on the edge does not sort.
    expect(ui.listView.sort.value).toBeNull();
  });
});

describe('splitter', () => {
  it('is a separator with a value, moved by the keyboard, and the detail width is kept', async () => {
    const ui = await makeUi(rows(), new Map());
    const prefs = memoryPrefs();
    ui.listView = createListView(ui.panel, prefs);
    ui.panel.select(1);
    const view = renderPanel(ui, <PanelLayout />);
    // The detail pane (and the splitter beside it) loads after first paint: wait for it, however slow.
    const splitter = await waitFor(
      () => {
        const el = view.container.querySelector('.cme-splitter');
        if (el?.getAttribute('role') !== 'separator') throw new Error('no splitter yet');
        return el as HTMLElement;
      },
      { timeout: 10_000 },
    );
    expect(splitter.getAttribute('role')).toBe('separator');
    expect(splitter.getAttribute('aria-orientation')).toBe('vertical');
    expect(splitter.getAttribute('tabindex')).toBe('0');
    ui.listView.setDetailWidth(500);
    await settle();
    fireEvent.keyDown(splitter, { key: 'ArrowRight' });
    fireEvent.keyDown(splitter, { key: 'ArrowRight' });
    fireEvent.keyDown(splitter, { key: 'ArrowLeft' });
    await settle();
    expect(splitter.getAttribute('aria-valuenow')).toBe('480');
    const split = view.container.querySelector('.cme-split') as HTMLElement;
    expect(split.style.getPropertyValue('--detail-width')).toBe('480px');
    expect(JSON.parse(prefs.data.get(LAYOUT_KEY)!).detailWidth).toBe(480);
    fireEvent.keyDown(splitter, { key: 'Home' });
    await settle();
    expect(splitter.getAttribute('aria-valuenow')).toBe('280');
  });
});
