/**
 * Filtering of the call list: text (plain or regex, over each row's search text, bodies included),
 * class, action, ok/failed, Code, identity. Pure functions; the store memoises them per rows array.
 */
import { identityLabel, type PanelRow } from './rows';

/** What the user filters by; '' means "any". */
export interface PanelFilter {
  text: string;
  regex: boolean;
  actionClass: string;
  action: string;
  status: '' | 'ok' | 'failed';
  code: string;
  /** `platform/user` as `identityLabel` gives it. */
  identity: string;
}

/** No filter at all. */
export const EMPTY_FILTER: PanelFilter = {
  text: '',
  regex: false,
  actionClass: '',
  action: '',
  status: '',
  code: '',
  identity: '',
};

/** A compiled filter: `test(row)`, or `error` when the regex does not compile. */
export interface CompiledFilter {
  test(row: PanelRow): boolean;
  /** True when nothing is filtered (every row passes). */
  empty: boolean;
  error: string | null;
}

/** Compiles a filter once for many rows. A bad regex matches nothing and reports why. */
export function compileFilter(filter: PanelFilter): CompiledFilter {
  const needle = filter.text.trim();
  let matchText: ((text: string) => boolean) | null = null;
  let error: string | null = null;
  if (needle !== '') {
    if (filter.regex) {
      try {
        // dotAll: a pattern may span the fields and body excerpts of the search text.
        const re = new RegExp(needle, 'is');
        matchText = (text) => re.test(text);
      } catch (e) {
        error = e instanceof Error ? e.message : String(e);
        matchText = () => false;
      }
    } else {
      const lower = needle.toLowerCase();
      matchText = (text) => text.includes(lower);
    }
  }
  const { actionClass, action, status, code, identity } = filter;
  const empty = matchText === null && !actionClass && !action && !status && !code && !identity;
  return {
    empty,
    error,
    test(row) {
      if (actionClass && (row.actionClass ?? '') !== actionClass) return false;
      if (action && row.action !== action) return false;
      if (status === 'ok' && !row.ok) return false;
      if (status === 'failed' && row.ok) return false;
      if (code && (row.code ?? '') !== code) return false;
      if (identity && identityLabel(row) !== identity) return false;
      return matchText === null || matchText(row.text);
    },
  };
}

/** The rows passing `filter`, in order. */
export function filterRows(rows: readonly PanelRow[], filter: CompiledFilter): PanelRow[] {
  if (filter.empty) return rows.slice();
  const out: PanelRow[] = [];
  for (const row of rows) if (filter.test(row)) out.push(row);
  return out;
}

/**
 * A memoised filter: when only rows were appended since the last call (same filter), only the new
 * rows are tested, so a busy capture does not re-filter 10,000 rows per frame. With no filter the
 * rows array itself is returned.
 */
export function createIncrementalFilter(): (
  rows: readonly PanelRow[],
  filter: PanelFilter,
) => readonly PanelRow[] {
  let lastRows: readonly PanelRow[] = [];
  let lastFilter: PanelFilter | null = null;
  let compiled: CompiledFilter = compileFilter(EMPTY_FILTER);
  let result: readonly PanelRow[] = [];
  return (rows, filter) => {
    const sameFilter = lastFilter !== null && sameFilters(lastFilter, filter);
    if (!sameFilter) compiled = compileFilter(filter);
    if (compiled.empty) {
      result = rows;
    } else if (sameFilter && isAppendOf(lastRows, rows)) {
      if (rows.length !== lastRows.length) {
        const tail = filterRows(rows.slice(lastRows.length), compiled);
        if (tail.length > 0) result = result.concat(tail);
      }
    } else {
      result = filterRows(rows, compiled);
    }
    lastRows = rows;
    lastFilter = filter;
    return result;
  };
}

function sameFilters(a: PanelFilter, b: PanelFilter): boolean {
  return (
    a.text === b.text &&
    a.regex === b.regex &&
    a.actionClass === b.actionClass &&
    a.action === b.action &&
    a.status === b.status &&
    a.code === b.code &&
    a.identity === b.identity
  );
}

function isAppendOf(before: readonly PanelRow[], after: readonly PanelRow[]): boolean {
  if (after.length < before.length) return false;
  if (before.length === 0) return true;
  return after[0] === before[0] && after[before.length - 1] === before[before.length - 1];
}

/** The distinct values the filter menus offer, each sorted. */
export interface FilterFacets {
  actionClasses: string[];
  actions: string[];
  codes: string[];
  identities: string[];
}

/** The distinct classes, actions, Codes and identities of `rows`. */
export function facetsOf(rows: readonly PanelRow[]): FilterFacets {
  return createIncrementalFacets()(rows);
}

/** Memoised facets: appended rows only add to the sets; a new object only when a set grew. */
export function createIncrementalFacets(): (rows: readonly PanelRow[]) => FilterFacets {
  let sets = newSets();
  let lastRows: readonly PanelRow[] = [];
  let result: FilterFacets | null = null;
  return (rows) => {
    let from = lastRows.length;
    if (!isAppendOf(lastRows, rows)) {
      sets = newSets();
      result = null;
      from = 0;
    }
    let grew = false;
    for (let i = from; i < rows.length; i++) {
      const row = rows[i];
      if (row === undefined) continue;
      grew = add(sets.classes, row.actionClass) || grew;
      grew = add(sets.actions, row.action) || grew;
      grew = add(sets.codes, row.code) || grew;
      grew = add(sets.identities, identityLabel(row)) || grew;
    }
    lastRows = rows;
    if (result === null || grew) {
      result = {
        actionClasses: sorted(sets.classes),
        actions: sorted(sets.actions),
        codes: sorted(sets.codes),
        identities: sorted(sets.identities),
      };
    }
    return result;
  };
}

function newSets() {
  return {
    classes: new Set<string>(),
    actions: new Set<string>(),
    codes: new Set<string>(),
    identities: new Set<string>(),
  };
}

function add(set: Set<string>, value: string | null): boolean {
  if (!value || set.has(value)) return false;
  set.add(value);
  return true;
}

function sorted(set: Set<string>): string[] {
  return [...set].sort((a, b) => a.localeCompare(b));
}
