/**
 * Sorting of the call list by a column, kept incrementally: while calls stream in (appended at the end,
 * the oldest dropped at the cap), the sorted view drops the gone rows and merges the new ones by binary
 * search, so a frame costs O(n) copying and O(k log n) comparisons, never a re-sort of 10,000 rows.
 * Stable: rows with equal keys keep their arrival order (sequence number), in both directions.
 */
import { actionLabel, identityLabel, type PanelRow } from './rows';
import type { SortColumn, SortSpec } from './sort-spec';

export {
  ariaSort,
  nextSort,
  SORT_COLUMNS,
  type SortColumn,
  type SortDirection,
  type SortSpec,
} from './sort-spec';

type Key = number | string;

/** A row's key for a column (strings lower-cased: the sort is case-insensitive). */
export function sortKey(row: PanelRow, column: SortColumn): Key {
  switch (column) {
    case 'time':
      return row.startedAt;
    case 'action':
      return actionLabel(row).toLowerCase();
    case 'code':
      return (row.code ?? '').toLowerCase();
    case 'http':
      return row.httpStatus;
    case 'duration':
      return row.durationMs;
    case 'user':
      return identityLabel(row).toLowerCase();
  }
}

/** The comparator of a sort: by the column's key in its direction, ties in arrival order (seq, id). */
export function comparator(spec: NonNullable<SortSpec>): (a: PanelRow, b: PanelRow) => number {
  const sign = spec.direction === 'asc' ? 1 : -1;
  // Keys computed once per row and sort, not per comparison.
  const keys = new WeakMap<PanelRow, Key>();
  const keyOf = (row: PanelRow): Key => {
    let k = keys.get(row);
    if (k === undefined) keys.set(row, (k = sortKey(row, spec.column)));
    return k;
  };
  return (a, b) => {
    const ka = keyOf(a);
    const kb = keyOf(b);
    if (ka !== kb) {
      // NaN durations and the like sort last in both directions.
      if (typeof ka === 'number' && Number.isNaN(ka)) return 1;
      if (typeof kb === 'number' && Number.isNaN(kb)) return -1;
      return ka < kb ? -sign : sign;
    }
    return a.seq - b.seq || a.id - b.id;
  };
}

/** What a sorted view did (tests, the benchmark). */
export interface SortStats {
  /** Whole sorts (a new sort, or rows that did not just stream in). */
  fullSorts: number;
  /** Updates merged incrementally. */
  merges: number;
  /** Comparisons made, all told. */
  comparisons: number;
}

/** A memoised sort of the list: `(rows, spec) => sorted`, with its `stats`. */
export type SortedView = ((rows: readonly PanelRow[], spec: SortSpec) => readonly PanelRow[]) & {
  readonly stats: SortStats;
};

/**
 * How `after` follows `before` when calls streamed in: `dropped` rows went from the front and the rows
 * from `from` on were appended. null when it is something else (a new filter, a clear, a replaced row).
 */
export function streamedFrom(
  before: readonly PanelRow[],
  after: readonly PanelRow[],
): { dropped: number; from: number } | null {
  if (before.length === 0) return { dropped: 0, from: 0 };
  if (after.length === 0) return null;
  const first = after[0];
  // The first row kept: at most a frame's worth of rows is dropped, so this scan is short.
  let dropped = 0;
  while (dropped < before.length && before[dropped] !== first) dropped++;
  if (dropped === before.length) return null;
  const kept = before.length - dropped;
  if (after.length < kept || after[kept - 1] !== before[before.length - 1]) return null;
  return { dropped, from: kept };
}

/** A sorted view of the list, updated incrementally while rows stream in. */
export function createSortedView(): SortedView {
  const stats: SortStats = { fullSorts: 0, merges: 0, comparisons: 0 };
  let lastRows: readonly PanelRow[] = [];
  let lastSpec: SortSpec = null;
  let result: readonly PanelRow[] = [];
  let cmp: ((a: PanelRow, b: PanelRow) => number) | null = null;

  const counted = (a: PanelRow, b: PanelRow): number => {
    stats.comparisons++;
    return cmp!(a, b);
  };

  /** The index at which `row` goes in `list` (after every row that sorts before or equal to it). */
  const upperBound = (list: readonly PanelRow[], row: PanelRow): number => {
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (counted(list[mid]!, row) <= 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };

  const merge = (base: readonly PanelRow[], added: PanelRow[]): PanelRow[] => {
    added.sort(counted);
    const out: PanelRow[] = [];
    let at = 0;
    for (const row of added) {
      const to = upperBound(base, row);
      for (let i = at; i < to; i++) out.push(base[i]!);
      at = Math.max(at, to);
      out.push(row);
    }
    for (let i = at; i < base.length; i++) out.push(base[i]!);
    return out;
  };

  const view = (rows: readonly PanelRow[], spec: SortSpec): readonly PanelRow[] => {
    if (spec === null) {
      lastRows = rows;
      lastSpec = null;
      result = rows;
      return rows;
    }
    const sameSpec =
      lastSpec !== null && lastSpec.column === spec.column && lastSpec.direction === spec.direction;
    const streamed = sameSpec ? streamedFrom(lastRows, rows) : null;
    if (streamed === null) {
      cmp = comparator(spec);
      result = rows.slice().sort(counted);
      stats.fullSorts++;
    } else if (streamed.dropped > 0 || streamed.from < rows.length) {
      let base = result;
      if (streamed.dropped > 0) {
        const gone = new Set(lastRows.slice(0, streamed.dropped));
        base = base.filter((r) => !gone.has(r));
      }
      result = merge(base, rows.slice(streamed.from));
      stats.merges++;
    }
    lastRows = rows;
    lastSpec = spec;
    return result;
  };
  return Object.assign(view, { stats });
}
