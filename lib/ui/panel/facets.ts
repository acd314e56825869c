/**
 * The distinct values of the listed calls that the filter's shortcut selects and suggestions offer. A
 * module of its own: the toolbar reads it at first paint, the filter engine (filter.ts) loads after it.
 */
import { identityLabel, type PanelRow } from './rows';

/** The distinct values the filter menus and suggestions offer, each sorted. */
export interface FilterFacets {
  actionClasses: string[];
  actions: string[];
  codes: string[];
  /** `platform/user` labels (identityLabel). */
  identities: string[];
  users: string[];
  platforms: string[];
  methods: string[];
  /** HTTP statuses as text. */
  statuses: string[];
}

/** The distinct values of `rows` the filter offers. */
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
      grew = add(sets.users, row.userId) || grew;
      grew = add(sets.platforms, row.platform) || grew;
      grew = add(sets.methods, row.method) || grew;
      grew = add(sets.statuses, String(row.httpStatus)) || grew;
    }
    lastRows = rows;
    if (result === null || grew) {
      result = {
        actionClasses: sorted(sets.classes),
        actions: sorted(sets.actions),
        codes: sorted(sets.codes),
        identities: sorted(sets.identities),
        users: sorted(sets.users),
        platforms: sorted(sets.platforms),
        methods: sorted(sets.methods),
        statuses: sorted(sets.statuses),
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
    users: new Set<string>(),
    platforms: new Set<string>(),
    methods: new Set<string>(),
    statuses: new Set<string>(),
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

function isAppendOf(before: readonly PanelRow[], after: readonly PanelRow[]): boolean {
  if (after.length < before.length) return false;
  if (before.length === 0) return true;
  return after[0] === before[0] && after[before.length - 1] === before[before.length - 1];
}

/** The most options a shortcut select lists (a day of calls may bring thousands of users). */
export const SELECT_OPTIONS_MAX = 100;

/**
 * The first `max` of a facet's sorted values, for a select: the DOM stays as at 1,000 calls whatever the
 * count; the others are reached by typing the term (`user:…`) in the filter, whose suggestions offer them.
 */
export function boundedOptions(values: readonly string[], max = SELECT_OPTIONS_MAX): readonly string[] {
  return values.length > max ? values.slice(0, max) : values;
}
