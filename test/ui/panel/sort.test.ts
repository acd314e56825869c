/** The list's sort: the header cycle, stable order both ways, and the incremental view while rows stream in. */
import { describe, expect, it } from 'vitest';
import type { PanelRow } from '../../../lib/ui/panel/rows';
import {
  ariaSort,
  comparator,
  createSortedView,
  nextSort,
  sortKey,
  streamedFrom,
  type SortSpec,
} from '../../../lib/ui/panel/sort';
import { makeRow } from './fixtures';

const ids = (rows: readonly PanelRow[]) => rows.map((r) => r.id);
const rowsWith = (durations: number[], from = 1) =>
  durations.map((d, i) => makeRow({ id: from + i, seq: from + i, durationMs: d }));

/** The reference: a whole stable sort of the list. */
const reference = (rows: readonly PanelRow[], spec: NonNullable<SortSpec>) =>
  rows.slice().sort(comparator(spec));

describe('nextSort / ariaSort', () => {
  it('cycles ascending, descending, off; another column starts ascending', () => {
    const asc = nextSort(null, 'duration');
    expect(asc).toEqual({ column: 'duration', direction: 'asc' });
    const desc = nextSort(asc, 'duration');
    expect(desc).toEqual({ column: 'duration', direction: 'desc' });
    expect(nextSort(desc, 'duration')).toBeNull();
    expect(nextSort(desc, 'time')).toEqual({ column: 'time', direction: 'asc' });
    expect(ariaSort(asc, 'duration')).toBe('ascending');
    expect(ariaSort(desc, 'duration')).toBe('descending');
    expect(ariaSort(desc, 'time')).toBe('none');
    expect(ariaSort(null, 'time')).toBe('none');
  });
});

describe('comparator', () => {
  it('sorts each column by its key, case-insensitively for text', () => {
    const a = makeRow({ actionClass: 'material', action: 'b', code: 'Success', userId: 'Bob' });
    const b = makeRow({ actionClass: 'Material', action: 'A', code: 'AuthFailure', userId: 'alice' });
    expect(sortKey(a, 'action')).toBe('material/b');
    const byAction = reference([a, b], { column: 'action', direction: 'asc' });
    expect(ids(byAction)).toEqual([b.id, a.id]);
    expect(ids(reference([a, b], { column: 'code', direction: 'asc' }))).toEqual([b.id, a.id]);
    expect(ids(reference([a, b], { column: 'user', direction: 'asc' }))).toEqual([b.id, a.id]);
  });

  it('is stable: equal keys keep their arrival order ascending and descending', () => {
    const rows = rowsWith([5, 3, 5, 3, 5]);
    expect(ids(reference(rows, { column: 'duration', direction: 'asc' }))).toEqual([2, 4, 1, 3, 5]);
    expect(ids(reference(rows, { column: 'duration', direction: 'desc' }))).toEqual([1, 3, 5, 2, 4]);
  });

  it('puts NaN durations last both ways', () => {
    const rows = rowsWith([5, NaN, 1]);
    expect(ids(reference(rows, { column: 'duration', direction: 'asc' }))).toEqual([3, 1, 2]);
    expect(ids(reference(rows, { column: 'duration', direction: 'desc' }))).toEqual([1, 3, 2]);
  });
});

describe('streamedFrom', () => {
  const rows = rowsWith([1, 2, 3, 4]);
  it('tells appended rows and rows dropped at the front', () => {
    expect(streamedFrom(rows.slice(0, 2), rows)).toEqual({ dropped: 0, from: 2 });
    expect(streamedFrom(rows.slice(0, 3), rows.slice(1))).toEqual({ dropped: 1, from: 2 });
    expect(streamedFrom([], rows)).toEqual({ dropped: 0, from: 0 });
  });
  it('says null for anything else (a new filter, a clear, a replaced row)', () => {
    expect(streamedFrom(rows, [rows[0]!, rows[2]!])).toBeNull();
    expect(streamedFrom(rows, [])).toBeNull();
    expect(streamedFrom(rows, rowsWith([1, 2, 3, 4], 10))).toBeNull();
    const replaced = rows.slice();
    replaced[3] = { ...rows[3]! };
    expect(streamedFrom(rows, replaced)).toBeNull();
  });
});

describe('createSortedView', () => {
  const spec = { column: 'duration', direction: 'asc' } as const;

  it('returns the rows themselves unsorted, and the same array while nothing changes', () => {
    const view = createSortedView();
    const rows = rowsWith([3, 1, 2]);
    expect(view(rows, null)).toBe(rows);
    const sorted = view(rows, spec);
    expect(ids(sorted)).toEqual([2, 3, 1]);
    expect(view(rows, spec)).toBe(sorted);
  });

  it('merges streamed rows (appended, the oldest dropped at the cap) in order, equal to a whole sort', () => {
    const view = createSortedView();
    let all = rowsWith(Array.from({ length: 50 }, (_, i) => (i * 37) % 11));
    let shown = all.slice(0, 20);
    view(shown, spec);
    for (let frame = 0; frame < 30; frame++) {
      const next = all.length + 1;
      // Each frame: 3 new rows (some with keys equal to existing ones), and past 40 rows the oldest 2 go.
      all = all.concat(rowsWith([frame % 5, 7, (frame * 3) % 11], next));
      const end = Math.min(all.length, 20 + 3 * (frame + 1));
      const start = end > 40 ? end - 40 : 0;
      shown = all.slice(start, end);
      expect(ids(view(shown, spec))).toEqual(ids(reference(shown, spec)));
    }
    expect(view.stats.fullSorts).toBe(1);
    expect(view.stats.merges).toBe(30);
  });

  it('sorts again on a new spec, a new filter or a replaced row', () => {
    const view = createSortedView();
    const rows = rowsWith([3, 1, 2]);
    view(rows, spec);
    expect(ids(view(rows, { column: 'duration', direction: 'desc' }))).toEqual([1, 3, 2]);
    expect(ids(view([rows[0]!, rows[2]!], { column: 'duration', direction: 'desc' }))).toEqual([1, 3]);
    expect(view.stats.fullSorts).toBe(3);
  });

  it('adds a frame of rows to 10,000 with O(k log n) comparisons, not a re-sort', () => {
    const view = createSortedView();
    const base = rowsWith(Array.from({ length: 10_000 }, (_, i) => (i * 7919) % 1000));
    view(base, spec);
    const before = view.stats.comparisons;
    const withNew = base.concat(rowsWith([500, 1, 999, 250, 750], 10_001));
    const sorted = view(withNew, spec);
    const used = view.stats.comparisons - before;
    // 5 rows: ~5·log2(5) to sort them, 5·14 binary-search steps; a re-sort would take >100,000.
    expect(used).toBeLessThan(200);
    expect(ids(sorted)).toEqual(ids(reference(withNew, spec)));
    // The oldest 5 dropped and 5 more appended: still a merge.
    const shifted = withNew.slice(5).concat(rowsWith([3, 3, 3, 3, 3], 10_006));
    expect(ids(view(shifted, spec))).toEqual(ids(reference(shifted, spec)));
    expect(view.stats.fullSorts).toBe(1);
  });
});
