/**
 * Filtering of the call list by a query of the filter language (filter-query.ts): terms over each row's
 * fields, free words and one `/regex/` over its search text (bodies included). compileFilter and
 * filterRows are pure and synchronous; the store's incremental filter runs a regex's text matching in a
 * worker with a time budget (regex-runner.ts) and refuses obviously catastrophic patterns first
 * (regex-guard.ts).
 */
import { signal } from '@preact/signals';
import { filterStatusOf, hasFilterStatus, setFilterStatus, type FilterStatus } from './filter-status';
import { inRange, parseQuery, type ParsedQuery, type Term } from './filter-query';
import { refuseCatastrophic, type RefusedPattern } from './regex-guard';
import { browserRegexRunner, type RegexOutcome, type RegexRunner } from './regex-runner';
import { actionLabel, identityLabel, isInjected, type PanelRow } from './rows';

export { filterStatusOf, type FilterStatus };
export { createIncrementalFacets, facetsOf, type FilterFacets } from './facets';

/** What a query is matched with besides the rows: the ids of the calls replayed from this panel. */
export interface FilterContext {
  replayed?: ReadonlySet<number>;
}

/** A compiled filter: `test(row)`, or `error` when the regex does not compile. */
export interface CompiledFilter {
  test(row: PanelRow): boolean;
  /** Whether the row passes every term but the regex. */
  testFields(row: PanelRow): boolean;
  /** True when nothing is filtered (every row passes). */
  empty: boolean;
  /** The message of a regex that does not compile (that term filters nothing), else null. */
  error: string | null;
  /** A regex refused before running, as obviously catastrophic (it matches nothing here). */
  refused: RefusedPattern | null;
  /** The regex to run over the search text (one that compiles and is not refused), else null. */
  pattern: { source: string; flags: string; negate: boolean } | null;
  /** Whether the query has `is:replayed` (its result depends on the replayed set). */
  usesReplayed: boolean;
  parsed: ParsedQuery;
}

// dotAll: a pattern may span the fields and body excerpts of the search text.
const REGEX_FLAGS = 'is';

const lower = (s: string | null | undefined): string => (s ?? '').toLowerCase();

/** What a text key compares in a row (lowercased); `slash` when the value names `a/b`. */
function fieldOf(row: PanelRow, key: string, slash: boolean): string {
  switch (key) {
    case 'action':
      return lower(slash ? actionLabel(row) : row.action);
    case 'class':
      return lower(row.actionClass);
    case 'code':
      return lower(row.code);
    case 'user':
      return lower(slash ? identityLabel(row) : row.userId);
    case 'platform':
      return lower(row.platform);
    default:
      return lower(row.method);
  }
}

/** The test of one term (regex terms aside), without its negation. */
function termTest(term: Term, ctx: FilterContext): (row: PanelRow) => boolean {
  switch (term.kind) {
    case 'text':
      return (row) => (row.text ?? '').includes(term.text);
    case 'field': {
      const { key, value, prefix } = term;
      const slash = (key === 'action' || key === 'user') && value.includes('/');
      if (prefix) return (row) => fieldOf(row, key, slash).startsWith(value);
      // CME Codes are dotted: `code:InvalidParameter` also matches `InvalidParameter.Action`.
      if (key === 'code') return (row) => ((c) => c === value || c.startsWith(`${value}.`))(lower(row.code));
      return (row) => fieldOf(row, key, slash) === value;
    }
    case 'number':
      if (term.key === 'status') return (row) => inRange(term.test, row.httpStatus);
      if (term.key === 'duration') return (row) => inRange(term.test, row.durationMs);
      return (row) => row.size !== undefined && inRange(term.test, row.size);
    case 'is':
      switch (term.value) {
        case 'failed':
          return (row) => !row.ok;
        case 'ok':
          return (row) => row.ok;
        case 'injected':
          return isInjected;
        case 'recorded':
          return (row) => row.source === 'recorded';
        case 'login':
          return (row) => row.kind === 'login';
        default: {
          const replayed = ctx.replayed;
          return (row) => replayed?.has(row.id) === true;
        }
      }
    default:
      return () => true;
  }
}

/** Compiles a query once for many rows. Invalid terms filter nothing; a bad regex reports why. */
export function compileFilter(query: string | ParsedQuery, ctx: FilterContext = {}): CompiledFilter {
  const parsed = typeof query === 'string' ? parseQuery(query) : query;
  const badRegex = parsed.errors.find((e) => e.reason.kind === 'bad-regex');
  const error = badRegex?.reason.kind === 'bad-regex' ? badRegex.reason.message : null;
  let refused: RefusedPattern | null = null;
  let pattern: CompiledFilter['pattern'] = null;
  let matchText: ((text: string) => boolean) | null = null;
  const tests: ((row: PanelRow) => boolean)[] = [];
  for (const term of parsed.terms) {
    if (term.kind === 'regex') {
      refused = refuseCatastrophic(term.source);
      if (refused) {
        matchText = () => false;
      } else {
        const re = new RegExp(term.source, REGEX_FLAGS);
        const negate = term.negate;
        pattern = { source: term.source, flags: REGEX_FLAGS, negate };
        matchText = (text) => re.test(text) !== negate;
      }
      continue;
    }
    const test = termTest(term, ctx);
    tests.push(term.negate ? (row) => !test(row) : test);
  }
  const testFields = (row: PanelRow) => {
    for (const t of tests) if (!t(row)) return false;
    return true;
  };
  return {
    empty: matchText === null && tests.length === 0,
    error,
    refused,
    pattern,
    usesReplayed: parsed.terms.some((t) => t.kind === 'is' && t.value === 'replayed'),
    parsed,
    testFields,
    test(row) {
      return testFields(row) && (matchText === null || matchText(row.text ?? ''));
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
): (rows: readonly PanelRow[], query: string, ctx?: FilterContext) => readonly PanelRow[] {
  const makeRunner =
    options.runner !== undefined ? options.runner : typeof Worker === 'function' ? browserRegexRunner : null;
  let runner: RegexRunner | null = null;
  // Bumped when a worker pass ends: the caller's computed reads it, so it runs again.
  const answered = signal(0);
  let lastRows: readonly PanelRow[] = [];
  let lastQuery: string | null = null;
  let lastReplayed: ReadonlySet<number> | undefined;
  let compiled: CompiledFilter = compileFilter('');
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
        for (const row of items) verdicts.set(row, outcome.matched.has(row.id) !== pattern.negate);
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

  return (rows, query, ctx = {}) => {
    void answered.value;
    const sameFilter = lastQuery === query && (!compiled.usesReplayed || lastReplayed === ctx.replayed);
    if (!sameFilter) {
      compiled = compileFilter(query, ctx);
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
    lastQuery = query;
    lastReplayed = ctx.replayed;
    return result;
  };
}

function isAppendOf(before: readonly PanelRow[], after: readonly PanelRow[]): boolean {
  if (after.length < before.length) return false;
  if (before.length === 0) return true;
  return after[0] === before[0] && after[before.length - 1] === before[before.length - 1];
}
