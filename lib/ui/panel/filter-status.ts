/**
 * Why the list the panel shows is the previous one: the regex filter was refused before running, stopped
 * after its time budget, or its worker failed (filter.ts tags the list it returns). A module of its own,
 * so the toolbar reads it at first paint without loading the filter.
 */

/** What the filter box says when the list is the previous one. */
export type FilterStatus =
  | { kind: 'refused'; part: string; reason: 'nested' | 'alternation' }
  | { kind: 'too-slow'; budgetMs: number }
  | { kind: 'failed'; message: string };

const statusOfList = new WeakMap<readonly object[], FilterStatus>();

/** Why `list` (a result of the panel's incremental filter) is the previous list; null when it is not. */
export function filterStatusOf(list: readonly object[]): FilterStatus | null {
  return statusOfList.get(list) ?? null;
}

/** Tags `list` with `status` (filter.ts). */
export function setFilterStatus(list: readonly object[], status: FilterStatus): void {
  statusOfList.set(list, status);
}

/** Whether `list` is tagged. */
export function hasFilterStatus(list: readonly object[]): boolean {
  return statusOfList.has(list);
}
