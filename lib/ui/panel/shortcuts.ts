/**
 * The panel's keyboard shortcuts in one place: what the `?` overlay lists (grouped, with i18n labels), and
 * how a key event is matched to one. Bare-letter shortcuts never fire while typing in a field, and none
 * takes a key the browser or DevTools uses (Ctrl/Cmd+F is the panel's own find only inside the detail).
 */
import type { MessageKey } from '../../i18n/i18n';

/** One key combination. `mod` is Ctrl, or Cmd on macOS; `shift` undefined means either. */
export interface KeyCombo {
  key: string;
  mod?: boolean;
  shift?: boolean;
  alt?: boolean;
}

/** What a shortcut does. */
export type ShortcutId =
  | 'help'
  | 'focusFilter'
  | 'replay'
  | 'replayEdited'
  | 'rowMenu'
  | 'listMove'
  | 'listEnds'
  | 'listClose'
  | 'find'
  | 'suggestMove'
  | 'suggestPick'
  | 'suggestClose'
  | 'menuMove'
  | 'menuPick'
  | 'menuClose'
  | 'sortColumn'
  | 'resize';

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

/** Every shortcut of the panel, in the order the overlay lists them. */
export const SHORTCUTS: readonly Shortcut[] = [
  { id: 'help', keys: [{ key: '?' }], label: 'panelKeysHelp', scope: 'panelKeysScopePanel' },
  { id: 'focusFilter', keys: [{ key: '/' }], label: 'panelKeysFocusFilter', scope: 'panelKeysScopePanel' },
  {
    id: 'replay',
    keys: [{ key: 'r', shift: false }],
    label: 'panelKeysReplay',
    scope: 'panelKeysScopePanel',
  },
  {
    id: 'replayEdited',
    keys: [{ key: 'e', shift: false }],
    label: 'panelKeysReplayEdited',
    scope: 'panelKeysScopePanel',
  },
  {
    id: 'listMove',
    keys: [{ key: 'ArrowUp' }, { key: 'ArrowDown' }],
    label: 'panelKeysListMove',
    scope: 'panelKeysScopeList',
  },
  {
    id: 'listEnds',
    keys: [{ key: 'Home' }, { key: 'End' }],
    label: 'panelKeysListEnds',
    scope: 'panelKeysScopeList',
  },
  { id: 'listClose', keys: [{ key: 'Escape' }], label: 'panelKeysListClose', scope: 'panelKeysScopeList' },
  {
    id: 'rowMenu',
    keys: [{ key: 'ContextMenu' }, { key: 'F10', shift: true }],
    label: 'panelKeysRowMenu',
    scope: 'panelKeysScopeList',
  },
  { id: 'find', keys: [{ key: 'f', mod: true }], label: 'panelKeysFind', scope: 'panelKeysScopeDetail' },
  {
    id: 'suggestMove',
    keys: [{ key: 'ArrowUp' }, { key: 'ArrowDown' }],
    label: 'panelKeysSuggestMove',
    scope: 'panelKeysScopeFilter',
  },
  {
    id: 'suggestPick',
    keys: [{ key: 'Enter' }, { key: 'Tab' }],
    label: 'panelKeysSuggestPick',
    scope: 'panelKeysScopeFilter',
  },
  {
    id: 'suggestClose',
    keys: [{ key: 'Escape' }],
    label: 'panelKeysSuggestClose',
    scope: 'panelKeysScopeFilter',
  },
  {
    id: 'menuMove',
    keys: [{ key: 'ArrowUp' }, { key: 'ArrowDown' }, { key: 'Home' }, { key: 'End' }],
    label: 'panelKeysMenuMove',
    scope: 'panelKeysScopeMenu',
  },
  {
    id: 'menuPick',
    keys: [{ key: 'Enter' }, { key: ' ' }],
    label: 'panelKeysMenuPick',
    scope: 'panelKeysScopeMenu',
  },
  { id: 'menuClose', keys: [{ key: 'Escape' }], label: 'panelKeysMenuClose', scope: 'panelKeysScopeMenu' },
  {
    id: 'sortColumn',
    keys: [{ key: 'Enter' }, { key: ' ' }],
    label: 'panelKeysSortColumn',
    scope: 'panelKeysScopeLayout',
  },
  {
    id: 'resize',
    keys: [{ key: 'ArrowLeft' }, { key: 'ArrowRight' }],
    label: 'panelKeysResize',
    scope: 'panelKeysScopeLayout',
  },
];

/** The parts of a KeyboardEvent matching reads. */
export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

/** Whether `event` is `combo` (`mac`: Cmd is the modifier, else Ctrl). */
export function matchesCombo(event: KeyLike, combo: KeyCombo, mac: boolean): boolean {
  const single = combo.key.length === 1;
  const key = single && combo.mod ? event.key.toLowerCase() : event.key;
  if (key !== combo.key) return false;
  const mod = mac ? event.metaKey : event.ctrlKey;
  const other = mac ? event.ctrlKey : event.metaKey;
  if (mod !== (combo.mod === true) || other) return false;
  if (event.altKey !== (combo.alt === true)) return false;
  if (combo.shift !== undefined && event.shiftKey !== combo.shift) return false;
  return true;
}

/** The shortcut of `id`. */
export function shortcut(id: ShortcutId): Shortcut {
  return SHORTCUTS.find((s) => s.id === id)!;
}

/** Whether `event` is one of the keys of shortcut `id`. */
export function isShortcut(event: KeyLike, id: ShortcutId, mac: boolean): boolean {
  return shortcut(id).keys.some((c) => matchesCombo(event, c, mac));
}

/** The panel-wide shortcut a key press means, or null (ids of scope "panel" and the row menu). */
export function panelShortcutOf(
  event: KeyLike,
  mac: boolean,
): 'help' | 'focusFilter' | 'replay' | 'replayEdited' | null {
  for (const id of ['help', 'focusFilter', 'replay', 'replayEdited'] as const) {
    if (isShortcut(event, id, mac)) return id;
  }
  return null;
}

/** Whether keys typed at `target` are text (an input, a textarea, a select, an editable element). */
export function isTypingTarget(target: unknown): boolean {
  if (typeof target !== 'object' || target === null) return false;
  const el = target as { tagName?: string; isContentEditable?: boolean; type?: string };
  const tag = (el.tagName ?? '').toUpperCase();
  if (tag === 'TEXTAREA' || tag === 'SELECT' || el.isContentEditable === true) return true;
  if (tag !== 'INPUT') return false;
  const type = (el.type ?? 'text').toLowerCase();
  return !['button', 'checkbox', 'radio', 'submit', 'reset', 'file', 'range', 'color'].includes(type);
}

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

/** Whether the platform is macOS (Cmd is the modifier), from `navigator.platform`/`userAgent`. */
export function isMacPlatform(nav: { platform?: string; userAgent?: string } | undefined): boolean {
  return /Mac|iPhone|iPad/i.test(nav?.platform || nav?.userAgent || '');
}
