/**
 * The filter over rows that hold no search text (the tab's log): a query's text terms (free words, `-word`,
 * one `/regex/`) are asked of the text index (text-index/), off the panel's thread, and the structured
 * terms (action:, code:, status:, is:…) stay here. Until the index answers, the previous list stays; a
 * deep answer (bodies past the excerpt) comes in parts, each shown as it arrives. A query without text
 * terms, and rows that carry their text (an imported file), go to the incremental filter (filter.ts).
 */
import { signal, type Signal } from '@preact/signals';
import { compileFilter, type CompiledFilter, type FilterContext } from './filter';
import { filterStatusOf, setFilterStatus, type FilterStatus } from './filter-status';
import type { ParsedQuery } from './filter-query';
import type { PanelRow } from './rows';
import type { IndexOutcome, TextIndex } from './text-index/client';
import type { TextQuery } from './text-index/core';

/** How far the index's answer to the current query is (read by the panel's hook and views). */
export interface IndexedFilterState {
  /** True from a query (or new rows) until the index's first answer to it. */
  pending: Signal<boolean>;
  /** The deep pass's progress (bodies read of how many) while it runs, else null. */
  deep: Signal<{ searched: number; toSearch: number } | null>;
}

/** The text part of a parsed query for the index; null when it has none. */
export function textQueryOf(parsed: ParsedQuery, refused: boolean): TextQuery | null {
  const q: TextQuery = { words: [], notWords: [], regex: null };
  for (const term of parsed.terms) {
    if (term.kind === 'text') (term.negate ? q.notWords : q.words).push(term.text);
    else if (term.kind === 'regex' && !refused)
      q.regex = { source: term.source, flags: 'is', negate: term.negate };
  }
  return q.words.length + q.notWords.length > 0 || q.regex ? q : null;
}

type Filter = (rows: readonly PanelRow[], query: string, ctx?: FilterContext) => readonly PanelRow[];

/** Makes the filter over `index`, falling back to `fallback` where the index has nothing to say. */
export function createIndexedFilter(
  index: TextIndex,
  fallback: Filter,
  state: IndexedFilterState = { pending: signal(false), deep: signal(null) },
): Filter {
  const answered = signal(0);
  let lastQuery: string | null = null;
  let lastReplayed: ReadonlySet<number> | undefined;
  let fields: CompiledFilter = compileFilter('');
  let text: TextQuery | null = null;
  let askedFor: readonly PanelRow[] | null = null;
  let stop: (() => void) | null = null;
  let matched: ReadonlySet<number> | null = null;
  let stopped: FilterStatus | null = null;
  let refused: FilterStatus | null = null;
  let result: readonly PanelRow[] = [];
  let builtFrom: { rows: readonly PanelRow[]; matched: ReadonlySet<number> | null } | null = null;

  const ask = (rows: readonly PanelRow[], q: TextQuery) => {
    stop?.();
    askedFor = rows;
    state.pending.value = true;
    stop = index.query(q, { deep: true }, (o: IndexOutcome) => {
      state.pending.value = false;
      if (o.kind === 'partial' || o.kind === 'done') {
        matched = o.matched;
        stopped = null;
        state.deep.value = o.kind === 'partial' ? { searched: o.searched, toSearch: o.toSearch } : null;
      } else {
        stopped =
          o.kind === 'too-slow'
            ? { kind: 'too-slow', budgetMs: o.budgetMs }
            : { kind: 'failed', message: o.kind === 'failed' ? o.message : '' };
        state.deep.value = null;
      }
      answered.value++;
    });
  };

  return (rows, query, ctx = {}) => {
    void answered.value;
    if (rows.length > 0 && rows[0]!.text !== undefined) return (result = fallback(rows, query, ctx));
    const same = lastQuery === query && (!fields.usesReplayed || lastReplayed === ctx.replayed);
    if (!same) {
      const all = compileFilter(query, ctx);
      text = textQueryOf(all.parsed, all.refused !== null);
      fields = compileFilter(
        { ...all.parsed, terms: all.parsed.terms.filter((t) => t.kind !== 'text' && t.kind !== 'regex') },
        ctx,
      );
      refused = all.refused ? { kind: 'refused', part: all.refused.part, reason: all.refused.kind } : null;
      lastQuery = query;
      lastReplayed = ctx.replayed;
      matched = null;
      stopped = null;
      builtFrom = null;
      askedFor = null;
      if (text === null) {
        stop?.();
        stop = null;
        askedFor = null;
        state.pending.value = false;
        state.deep.value = null;
      }
    }
    if (refused) {
      // Refused before running (regex-guard): the previous list stays, tagged with why.
      if (filterStatusOf(result) !== refused) {
        result = result.slice();
        setFilterStatus(result, refused);
      }
      return result;
    }
    // The list any path showed last is the one that stays until the index answers.
    if (text === null) return (result = fallback(rows, query, ctx));
    // A stopped query (too slow, failed) is not asked again until it changes.
    if (askedFor !== rows && !stopped) ask(rows, text);
    if (stopped) {
      const tagged = result.slice();
      setFilterStatus(tagged, stopped);
      return tagged;
    }
    // Until the first answer to this query, the previous list stays.
    if (matched === null) return result;
    if (builtFrom?.rows === rows && builtFrom.matched === matched) return result;
    const ids = matched;
    const out: PanelRow[] = [];
    for (const row of rows) if (ids.has(row.id) && fields.testFields(row)) out.push(row);
    result = out;
    builtFrom = { rows, matched };
    return result;
  };
}
