/** The list's view state: widths and the detail's width kept in prefs (validated), the sorted rows. */
import { signal } from '@preact/signals';
import { describe, expect, it } from 'vitest';
import {
  COLUMN_MAX,
  COLUMN_MIN,
  createListView,
  DEFAULT_WIDTHS,
  DETAIL_MIN,
  LAYOUT_KEY,
  parseLayout,
} from '../../../lib/ui/panel/list-view';
import type { PanelRow } from '../../../lib/ui/panel/rows';
import { makeRow } from './fixtures';

function memoryPrefs(initial: Record<string, string> = {}) {
  const data = new Map(Object.entries(initial));
  return {
    data,
    getItem: (k: string) => data.get(k) ?? null,
    setItem: (k: string, v: string) => void data.set(k, v),
  };
}

describe('parseLayout', () => {
  it('falls back to defaults for missing, unreadable or wrong values, and clamps', () => {
    expect(parseLayout(null)).toEqual({ widths: DEFAULT_WIDTHS, detailWidth: null });
    expect(parseLayout('{not json')).toEqual({ widths: DEFAULT_WIDTHS, detailWidth: null });
    expect(parseLayout('[1,2]').widths).toEqual(DEFAULT_WIDTHS);
    const got = parseLayout(
      JSON.stringify({ widths: { time: 5, action: 99999, code: 'wide', http: 60.4 }, detailWidth: 10 }),
    );
    expect(got.widths).toEqual({ ...DEFAULT_WIDTHS, time: COLUMN_MIN, action: COLUMN_MAX, http: 60 });
    expect(got.detailWidth).toBe(DETAIL_MIN);
  });
});

describe('createListView', () => {
  it('keeps widths across panel openings (stored at the end of a drag, not during)', () => {
    const prefs = memoryPrefs();
    const rows = signal<readonly PanelRow[]>([]);
    const view = createListView({ visible: rows }, prefs);
    view.setWidth('action', 300, false);
    expect(view.widths.value.action).toBe(300);
    expect(prefs.data.has(LAYOUT_KEY)).toBe(false);
    view.setWidth('action', 320);
    view.setDetailWidth(640);
    const reopened = createListView({ visible: rows }, prefs);
    expect(reopened.widths.value.action).toBe(320);
    expect(reopened.detailWidth.value).toBe(640);
  });

  it('works when storage throws', () => {
    const broken = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('full');
      },
    };
    const view = createListView({ visible: signal<readonly PanelRow[]>([]) }, broken);
    expect(view.widths.value).toEqual(DEFAULT_WIDTHS);
    view.setWidth('code', 100);
    expect(view.widths.value.code).toBe(100);
  });

  it('lists the visible rows in the sort order, following rows as they stream in', async () => {
    const a = makeRow({ durationMs: 30 });
    const b = makeRow({ durationMs: 10 });
    const c = makeRow({ durationMs: 20 });
    const visible = signal<readonly PanelRow[]>([a, b]);
    const view = createListView({ visible });
    expect(view.ordered.value).toBe(visible.value);
    await view.toggleSort('duration');
    expect(view.ordered.value.map((r) => r.id)).toEqual([b.id, a.id]);
    visible.value = [a, b, c];
    expect(view.ordered.value.map((r) => r.id)).toEqual([b.id, c.id, a.id]);
    expect(view.sortStats()?.merges).toBe(1);
    await view.toggleSort('duration');
    expect(view.ordered.value.map((r) => r.id)).toEqual([a.id, c.id, b.id]);
    await view.toggleSort('duration');
    expect(view.sort.value).toBeNull();
    expect(view.ordered.value.map((r) => r.id)).toEqual([a.id, b.id, c.id]);
  });

  it('asks for a tab with a new request each time', () => {
    const view = createListView({ visible: signal<readonly PanelRow[]>([]) });
    view.openTab('replay');
    const first = view.tabRequest.value;
    view.openTab('replay');
    expect(view.tabRequest.value).not.toBe(first);
    expect(view.tabRequest.value?.tab).toBe('replay');
  });
});
