/**
 * The panel's keyboard shortcuts in one list: what the `?` overlay shows, grouped by where each works, with
 * i18n labels; the keys and their matching are lib/ui/panel/shortcut-keys.ts (re-exported here). Includes
 * the keys other parts bind: find in bodies (Ctrl/Cmd+F), the filter box's suggestions, the list's moves.
 */
import type { MessageKey } from '../../i18n/i18n';
import { SHORTCUT_KEYS, type KeyCombo, type ShortcutId } from './shortcut-keys';

export {
  isMacPlatform,
  isShortcut,
  isTypingTarget,
  matchesCombo,
  panelShortcutOf,
  SHORTCUT_KEYS,
  type KeyCombo,
  type KeyLike,
  type ShortcutId,
} from './shortcut-keys';

/** Where a shortcut works (a heading of the overlay). */
export type ShortcutScope =
  | 'panelKeysScopePanel'
  | 'panelKeysScopeList'
  | 'panelKeysScopeDetail'
  | 'panelKeysScopeFilter'
  | 'panelKeysScopeMenu'
  | 'panelKeysScopeLayout';

/** A shortcut: its keys (any of them), its label and where it works. */
export interface Shortcut {
  id: ShortcutId;
  keys: readonly KeyCombo[];
  label: MessageKey;
  scope: ShortcutScope;
}

const LIST: [ShortcutId, MessageKey, ShortcutScope][] = [
  ['help', 'panelKeysHelp', 'panelKeysScopePanel'],
  ['focusFilter', 'panelKeysFocusFilter', 'panelKeysScopePanel'],
  ['replay', 'panelKeysReplay', 'panelKeysScopePanel'],
  ['replayEdited', 'panelKeysReplayEdited', 'panelKeysScopePanel'],
  ['listMove', 'panelKeysListMove', 'panelKeysScopeList'],
  ['listEnds', 'panelKeysListEnds', 'panelKeysScopeList'],
  ['listClose', 'panelKeysListClose', 'panelKeysScopeList'],
  ['rowMenu', 'panelKeysRowMenu', 'panelKeysScopeList'],
  ['find', 'panelKeysFind', 'panelKeysScopeDetail'],
  ['findNext', 'panelKeysFindNext', 'panelKeysScopeDetail'],
  ['findPrevious', 'panelKeysFindPrevious', 'panelKeysScopeDetail'],
  ['findClose', 'panelKeysFindClose', 'panelKeysScopeDetail'],
  ['suggestMove', 'panelKeysSuggestMove', 'panelKeysScopeFilter'],
  ['suggestPick', 'panelKeysSuggestPick', 'panelKeysScopeFilter'],
  ['suggestClose', 'panelKeysSuggestClose', 'panelKeysScopeFilter'],
  ['menuMove', 'panelKeysMenuMove', 'panelKeysScopeMenu'],
  ['menuPick', 'panelKeysMenuPick', 'panelKeysScopeMenu'],
  ['menuClose', 'panelKeysMenuClose', 'panelKeysScopeMenu'],
  ['sortColumn', 'panelKeysSortColumn', 'panelKeysScopeLayout'],
  ['resize', 'panelKeysResize', 'panelKeysScopeLayout'],
];

/** Every shortcut of the panel, in the order the overlay lists them. */
export const SHORTCUTS: readonly Shortcut[] = LIST.map(([id, label, scope]) => ({
  id,
  keys: SHORTCUT_KEYS[id],
  label,
  scope,
}));

/** Display names of keys that are not their own label. */
const KEY_NAMES: Record<string, string> = {
  ArrowUp: '↑',
  ArrowDown: '↓',
  ArrowLeft: '←',
  ArrowRight: '→',
  Escape: 'Esc',
  ' ': 'Space',
  ContextMenu: 'Menu',
};

/** How a combination is written: `Ctrl+F`, `⌘F`, `Shift+F10`, `?`. */
export function comboLabel(combo: KeyCombo, mac: boolean): string {
  const plain = combo.key.length === 1 && !combo.mod && !combo.alt;
  const single = combo.key.length === 1;
  const key = KEY_NAMES[combo.key] ?? (single && !plain ? combo.key.toUpperCase() : combo.key);
  const parts: string[] = [];
  if (combo.mod) parts.push(mac ? '⌘' : 'Ctrl');
  if (combo.alt) parts.push(mac ? '⌥' : 'Alt');
  if (combo.shift) parts.push(mac ? '⇧' : 'Shift');
  parts.push(key);
  return mac ? parts.join('') : parts.join('+');
}
