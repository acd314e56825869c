/**
 * The popup's action picker as data: the catalogue searched by name and zh/en title, grouped by class,
 * plus an action typed by hand as `Class/Action` when the catalogue does not have it.
 */
import { findAction, searchActions } from '../../cme/catalogue';
import type { CatalogueEntry } from '../../cme/types';
import { parseActionPath, type ActionChoice } from './action-path';

export { choicePath, parseActionPath, type ActionChoice } from './action-path';

/** A class and the actions of it that match. */
export interface ActionGroup {
  actionClass: string;
  entries: CatalogueEntry[];
}

/** What the picker lists for a query. */
export interface PickerOptions {
  groups: ActionGroup[];
  /** A typed `Class/Action` that is not catalogued (case-sensitive, as the server is). */
  custom: { actionClass: string; action: string } | null;
  /** Every choice in display order (custom last), for keyboard navigation. */
  flat: ActionChoice[];
}

/** Group entries by class; classes in order of their first entry. */
export function groupActions(entries: readonly CatalogueEntry[]): ActionGroup[] {
  const groups = new Map<string, CatalogueEntry[]>();
  for (const e of entries) {
    const list = groups.get(e.actionClass);
    if (list) list.push(e);
    else groups.set(e.actionClass, [e]);
  }
  return [...groups].map(([actionClass, list]) => ({ actionClass, entries: list }));
}

/** The picker's options for a query. */
export function pickerOptions(query: string): PickerOptions {
  const typed = parseActionPath(query);
  const matches = typed
    ? searchActions(`${typed.actionClass} ${typed.action}`).filter(
        (e) => e.actionClass.toLowerCase() === typed.actionClass.toLowerCase(),
      )
    : searchActions(query.replace(/\//g, ' '));
  const groups = groupActions(matches);
  const exact =
    typed && matches.some((e) => e.actionClass === typed.actionClass && e.action === typed.action);
  const custom = typed && !exact ? typed : null;
  const flat: ActionChoice[] = groups.flatMap((g) =>
    g.entries.map((entry): ActionChoice => ({ kind: 'catalogued', entry })),
  );
  if (custom) flat.push({ kind: 'custom', ...custom });
  return { groups, custom, flat };
}

/** The catalogue entry of an action, exact names only (the server's paths are case-sensitive). */
export function catalogued(actionClass: string, action: string): CatalogueEntry | undefined {
  const entry = findAction(actionClass, action);
  return entry && entry.actionClass === actionClass && entry.action === action ? entry : undefined;
}
