/** How the call list is sorted: the columns, the header's cycle and its `aria-sort` (the sorting: sort.ts). */

/** A sortable column. */
export type SortColumn = 'time' | 'action' | 'code' | 'http' | 'duration' | 'user';
/** A sort direction. */
export type SortDirection = 'asc' | 'desc';
/** How the list is sorted (null: arrival order). */
export type SortSpec = { column: SortColumn; direction: SortDirection } | null;

/** The sortable columns, in header order. */
export const SORT_COLUMNS: readonly SortColumn[] = ['time', 'action', 'code', 'http', 'duration', 'user'];

/** The next sort of a header click: ascending, then descending, then off; another column starts ascending. */
export function nextSort(current: SortSpec, column: SortColumn): SortSpec {
  if (current === null || current.column !== column) return { column, direction: 'asc' };
  return current.direction === 'asc' ? { column, direction: 'desc' } : null;
}

/** The `aria-sort` value of a column's header. */
export function ariaSort(spec: SortSpec, column: SortColumn): 'ascending' | 'descending' | 'none' {
  if (spec === null || spec.column !== column) return 'none';
  return spec.direction === 'asc' ? 'ascending' : 'descending';
}
