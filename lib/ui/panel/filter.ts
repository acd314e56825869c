/**
 * Filtering of the call list: text (plain or regex, over each row's search text, bodies included),
 * class, action, ok/failed, Code, identity. compileFilter and filterRows are pure and synchronous; the
 * store's incremental filter runs a regex's text matching in a worker with a time budget
 * (regex-runner.ts) and refuses obviously catastrophic patterns first (regex-guard.ts).
 */
import { signal } from '@preact/signals';
import { filterStatusOf, hasFilterStatus, setFilterStatus, type FilterStatus } from './filter-status';
import { refuseCatastrophic, type RefusedPattern } from './regex-guard';
import { browserRegexRunner, type RegexOutcome, type RegexRunner } from './regex-runner';
import { identityLabel, isInjected, type PanelRow } from './rows';

export { filterStatusOf, type FilterStatus };

/** What the user filters by; '' means "any". */
export interface PanelFilter {
  text: string;
  regex: boolean;
  actionClass: string;
  action: string;
  /** Answer ok or failed; or reported by the page agent: answered by a fault rule, or recorded. */
  status: '' | 'ok' | 'failed' | 'injected' | 'recorded';
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
  /** Whether the row passes everything but the text (class, action, status, Code, identity). */
  testFields(row: PanelRow): boolean;
  /** True when nothing is filtered (every row passes). */
  empty: boolean;
  error: string | null;
  /** A regex refused before running, as obviously catastrophic (it matches nothing here). */
  refused: RefusedPattern | null;
  /** The regex to run over the search text (one that compiles and is not refused), else null. */
  pattern: { source: string; flags: string } | null;
}

// dotAll: a pattern may span the fields and body excerpts of the search text.
const REGEX_FLAGS = 'is';

/** Compiles a filter once for many rows. A bad regex matches nothing and reports why. */
export function compileFilter(filter: PanelFilter): CompiledFilter {
  const needle = filter.text.trim();
  let matchText: ((text: string) => boolean) | null = null;
  let error: string | null = null;
  let refused: RefusedPattern | null = null;
  let pattern: CompiledFilter['pattern'] = null;
  if (needle !== '') {
    if (filter.regex) {
      try {
        const re = new RegExp(needle, REGEX_FLAGS);
        refused = refuseCatastrophic(needle);
        if (refused) {
          matchText = () => false;
        } else {
          pattern = { source: needle, flags: REGEX_FLAGS };
          matchText = (text) => re.test(text);
        }
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
  const testFields = (row: PanelRow) => {
    if (actionClass && (row.actionClass ?? '') !== actionClass) return false;
    if (action && row.action !== action) return false;
    if (status === 'ok' && !row.ok) return false;
    if (status === 'failed' && row.ok) return false;
    if (status === 'injected' && !isInjected(row)) return false;
    if (status === 'recorded' && row.source !== 'recorded') return false;
    if (code && (row.code ?? '') !== code) return false;
    if (identity && identityLabel(row) !== identity) return false;
    return true;
  };
  return {
    empty,
    error,
    refused,
    pattern,
    testFields,
    test(row) {
      return testFields(row) && (matchText === null || matchText(row.text));
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

/** Options of the incremental filter. */
export interface IncrementalFilterOptions {
  /**
   * Makes the regex runner, on the first regex filter. Default: a Web Worker (browserRegexRunner)
   * where there is one; null matches regexes on this thread (unit tests without workers).
   */
  runner?: (() => RegexRunner) | null;
}

/**
 * A memoised filter: when only rows were appended since the last call (same filter), only the new
 * rows are tested, so a busy capture does not re-filter 10,000 rows per frame. With no filter the
 * rows array itself is returned.
 *
 * A regex is matched in a worker: until the worker answers, the previous list stays; its answer (a
 * signal the function reads) makes a computed that called it run again and get the new list. Each
 * row's verdict is kept while the filter is the same, so appended rows alone are sent. A pattern
 * refused, too slow or failed keeps the previous list, tagged with why (`filterStatusOf`).
 */
export function createIncrementalFilter(
  options: IncrementalFilterOptions = {},
): (rows: readonly PanelRow[], filter: PanelFilter) => readonly PanelRow[] {
  const makeRunner =
    options.runner !== undefined ? options.runner : typeof Worker === 'function' ? browserRegexRunner : null;
  let runner: RegexRunner | null = null;
  // Bumped when a worker pass ends: the caller's computed reads it, so it runs again.
  const answered = signal(0);
  let lastRows: readonly PanelRow[] = [];
  let lastFilter: PanelFilter | null = null;
  let compiled: CompiledFilter = compileFilter(EMPTY_FILTER);
  let result: readonly PanelRow[] = [];
  // The current regex filter's state: verdicts per row, the list built from them and the rows it
  // was built from, whether a pass is out, and why the filter stopped (refused, too slow, failed).
  let generation = 0;
  let verdicts = new WeakMap<PanelRow, boolean>();
  let built: readonly PanelRow[] = [];
  let builtFrom: readonly PanelRow[] | null = null;
  let inFlight = false;
  let stopped: FilterStatus | null = null;

  /** The list shown before, minus rows no longer listed, tagged with `status` when given. */
  const keep = (rows: readonly PanelRow[], status: FilterStatus | null): readonly PanelRow[] => {
    let list = result;
    if (!isAppendOf(lastRows, rows)) {
      const live = new Set(rows);
      list = list.filter((r) => live.has(r));
    }
    if (status === null) return hasFilterStatus(list) ? list.slice() : list;
    if (filterStatusOf(list) === status) return list;
    const tagged = list.slice();
    setFilterStatus(tagged, status);
    return tagged;
  };

  const startPass = (
    pattern: NonNullable<CompiledFilter['pattern']>,
    items: PanelRow[],
    rows: readonly PanelRow[],
  ) => {
    runner ??= makeRunner!();
    const gen = generation;
    inFlight = true;
    void runner.match({ ...pattern, items, live: rows }).then((outcome: RegexOutcome) => {
      if (gen !== generation) return;
      inFlight = false;
      if (outcome.kind === 'done') {
        for (const row of items) verdicts.set(row, outcome.matched.has(row.id));
      } else if (outcome.kind === 'too-slow') {
        stopped = { kind: 'too-slow', budgetMs: outcome.budgetMs };
      } else if (outcome.kind === 'failed') {
        stopped = { kind: 'failed', message: outcome.message };
      }
      answered.value++;
    });
  };

  const regexFilter = (rows: readonly PanelRow[], pattern: NonNullable<CompiledFilter['pattern']>) => {
    if (stopped) return keep(rows, stopped);
    const appended = builtFrom !== null && isAppendOf(builtFrom, rows);
    const from = appended ? builtFrom!.length : 0;
    const unknown: PanelRow[] = [];
    for (let i = from; i < rows.length; i++) {
      const row = rows[i]!;
      if (compiled.testFields(row) && !verdicts.has(row)) unknown.push(row);
    }
    if (unknown.length > 0) {
      if (!inFlight) startPass(pattern, unknown, rows);
      return keep(rows, null);
    }
    const matches: PanelRow[] = [];
    for (let i = from; i < rows.length; i++) {
      const row = rows[i]!;
      if (verdicts.get(row) === true && compiled.testFields(row)) matches.push(row);
    }
    if (!appended) built = matches;
    else if (matches.length > 0) built = built.concat(matches);
    builtFrom = rows;
    return built;
  };

  return (rows, filter) => {
    void answered.value;
    const sameFilter = lastFilter !== null && sameFilters(lastFilter, filter);
    if (!sameFilter) {
      compiled = compileFilter(filter);
      generation++;
      verdicts = new WeakMap();
      built = [];
      builtFrom = null;
      inFlight = false;
      stopped = compiled.refused
        ? { kind: 'refused', part: compiled.refused.part, reason: compiled.refused.kind }
        : null;
    }
    if (stopped?.kind === 'refused') {
      result = keep(rows, stopped);
    } else if (compiled.pattern !== null && makeRunner !== null) {
      result = regexFilter(rows, compiled.pattern);
    } else if (compiled.empty) {
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
