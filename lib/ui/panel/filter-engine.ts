/**
 * The filter engine (the language's parser, the compiled incremental filter, the regex worker) loads
 * after the first paint: a panel opened without a filter never waits for it. Until it is there the list
 * is unfiltered; the boot waits for it when the tab's kept query comes back (filter-keep.ts).
 */
import type { FilterContext } from './filter';
import type { ParsedQuery } from './filter-query';
import type { IndexedFilterState } from './filter-indexed';
import type { PanelRow } from './rows';
import type { TextIndex } from './text-index/client';

/** What the store uses of the filter modules. */
export interface FilterEngine {
  /** The incremental filter (appended rows only tested; a regex in the worker). */
  filterRows(rows: readonly PanelRow[], query: string, ctx?: FilterContext): readonly PanelRow[];
  parseQuery(query: string): ParsedQuery;
  withTerm(query: string, key: string, value: string, negate?: boolean, among?: readonly string[]): string;
  termValue(query: string, key: string, among?: readonly string[]): string;
}

/**
 * Loads the filter modules (a chunk of their own in the built panel). With a text index (the tab's log,
 * whose rows hold no search text), a query's text terms are the index's (filter-indexed.ts).
 */
export async function loadFilterEngine(index?: TextIndex, state?: IndexedFilterState): Promise<FilterEngine> {
  const [filter, query, indexed] = await Promise.all([
    import('./filter'),
    import('./filter-query'),
    index ? import('./filter-indexed') : null,
  ]);
  const incremental = filter.createIncrementalFilter();
  return {
    filterRows: index && indexed ? indexed.createIndexedFilter(index, incremental, state) : incremental,
    parseQuery: query.parseQuery,
    withTerm: query.withTerm,
    termValue: query.termValue,
  };
}
