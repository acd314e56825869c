/**
 * Suggestions for the filter box (pure): for the term under the caret, the keys it may start (keys first
 * when a bare word prefixes one), then the values present in this tab's calls (the facets) for its key,
 * each with what replaces which range of the query.
 */
import type { FilterFacets } from './filter';
import { FILTER_KEYS, IS_VALUES, quoteValue, tokenize, type FilterKey } from './filter-query';

/** One suggestion: `insert` replaces the query's range [from, to) of its result. */
export interface Suggestion {
  kind: 'key' | 'value';
  key: FilterKey;
  /** What the list shows: `action:` or the value. */
  label: string;
  insert: string;
}

/** The suggestions for the caret's term and the range they replace. */
export interface Suggestions {
  from: number;
  to: number;
  items: Suggestion[];
}

/** At most this many suggestions. */
export const MAX_SUGGESTIONS = 12;
const EXAMPLES: Partial<Record<FilterKey, string[]>> = {
  duration: ['>500', '>1000', '<100', '100-500'],
  'larger-than': ['1k', '10k', '100k', '1M'],
};

/** The values of `key` the tab's calls have (or examples for the number keys). */
export function valuesOf(key: FilterKey, facets: FilterFacets): readonly string[] {
  switch (key) {
    case 'action':
      return facets.actions;
    case 'class':
      return facets.actionClasses;
    case 'code':
      return facets.codes;
    case 'user':
      return [...facets.users, ...facets.identities.filter((i) => i.includes('/'))];
    case 'platform':
      return facets.platforms;
    case 'method':
      return facets.methods;
    case 'status': {
      const classes = new Set(facets.statuses.map((s) => `${s[0]}xx`).filter((c) => /^[1-5]xx$/.test(c)));
      return [...facets.statuses, ...[...classes].sort()];
    }
    case 'is':
      return IS_VALUES;
    default:
      return EXAMPLES[key] ?? [];
  }
}

/** Values of `key` starting with `typed`, then those holding it (case-insensitive). */
function matching(values: readonly string[], typed: string): string[] {
  const t = typed.toLowerCase();
  const starts: string[] = [];
  const holds: string[] = [];
  for (const v of values) {
    const l = v.toLowerCase();
    if (l === t) continue;
    if (l.startsWith(t)) starts.push(v);
    else if (t !== '' && l.includes(t)) holds.push(v);
  }
  return [...starts, ...holds];
}

/**
 * What to suggest at `caret` in `query`. A bare word offers the keys it prefixes, then `key:value` of
 * every key whose values start with it; `key:part` offers that key's values. `force` (ArrowDown in an
 * empty spot) offers every key.
 */
export function suggest(query: string, caret: number, facets: FilterFacets, force = false): Suggestions {
  const token = tokenize(query).find((t) => t.from <= caret && caret <= t.to);
  const none = { from: caret, to: caret, items: [] };
  if (token?.regex != null) return none;
  const from = token ? token.from + (token.negate ? 1 : 0) : caret;
  const to = token ? token.to : caret;
  if (caret < from) return none;
  const typed = query.slice(from, caret).replace(/"/g, '');
  const colon = typed.indexOf(':');
  const items: Suggestion[] = [];
  if (colon > 0) {
    const key = typed.slice(0, colon).toLowerCase() as FilterKey;
    if (!FILTER_KEYS.includes(key)) return none;
    let part = typed.slice(colon + 1);
    const negated = part.startsWith('-') && key !== 'duration' ? '-' : '';
    if (negated) part = part.slice(1);
    for (const v of matching(valuesOf(key, facets), part)) {
      items.push({ kind: 'value', key, label: v, insert: `${key}:${negated}${quoteValue(v)} ` });
      if (items.length >= MAX_SUGGESTIONS) break;
    }
    return { from, to, items };
  }
  if (typed === '' && !force) return none;
  const word = typed.toLowerCase();
  for (const key of FILTER_KEYS) {
    if (key.startsWith(word)) items.push({ kind: 'key', key, label: `${key}:`, insert: `${key}:` });
  }
  if (word !== '') {
    for (const key of FILTER_KEYS) {
      if (key === 'duration' || key === 'larger-than') continue;
      for (const v of valuesOf(key, facets)) {
        if (items.length >= MAX_SUGGESTIONS) break;
        if (v.toLowerCase().startsWith(word)) {
          items.push({ kind: 'value', key, label: `${key}:${v}`, insert: `${key}:${quoteValue(v)} ` });
        }
      }
    }
  }
  return { from, to, items: items.slice(0, MAX_SUGGESTIONS) };
}

/** The query and caret after taking `item`. */
export function accept(query: string, s: Suggestions, item: Suggestion): { query: string; caret: number } {
  const after = query.slice(s.to);
  const insert = after.startsWith(' ') ? item.insert.trimEnd() : item.insert;
  const next = query.slice(0, s.from) + insert + after;
  return { query: next, caret: s.from + insert.length + (insert !== item.insert ? 1 : 0) };
}
