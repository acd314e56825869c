/**
 * `Class/Action` paths of the popup, without the catalogue: the popup's first screen uses these while the
 * catalogue (large data) is still loading.
 */
import type { CatalogueEntry } from '../../cme/types';

/** An action the user can pick: catalogued, or typed by hand. */
export type ActionChoice =
  { kind: 'catalogued'; entry: CatalogueEntry } | { kind: 'custom'; actionClass: string; action: string };

const IDENT = /^[A-Za-z][A-Za-z0-9_]*$/;

/** Read `Class/Action` (or `/Class/Action`, or `/PaaS/Class/Action`); null when it is not one. */
export function parseActionPath(text: string): { actionClass: string; action: string } | null {
  const parts = text
    .trim()
    .replace(/^\/+/, '')
    .replace(/^PaaS\//, '')
    .split('/');
  if (parts.length !== 2) return null;
  const [actionClass, action] = parts as [string, string];
  return IDENT.test(actionClass) && IDENT.test(action) ? { actionClass, action } : null;
}

/** `Class/Action` of a choice. */
export function choicePath(choice: ActionChoice): string {
  return choice.kind === 'catalogued'
    ? `${choice.entry.actionClass}/${choice.entry.action}`
    : `${choice.actionClass}/${choice.action}`;
}
