/**
 * The keys of the panel's shortcuts and how a key event is matched to one (small: it loads with the
 * panel). The labelled list the `?` overlay shows is lib/ui/panel/shortcuts.ts, built on these keys.
 * Bare-letter shortcuts never fire while typing in a field, and none takes a key the browser or DevTools
 * uses (Ctrl/Cmd+F is the panel's own find only inside the detail).
 */

/** One key combination. `mod` is Ctrl, or Cmd on macOS; `shift` undefined means either. */
export interface KeyCombo {
  key: string;
  mod?: boolean;
  shift?: boolean;
  alt?: boolean;
}

const k = (key: string, more: Omit<KeyCombo, 'key'> = {}): KeyCombo => ({ key, ...more });
const UP_DOWN = [k('ArrowUp'), k('ArrowDown')];
const PICK = [k('Enter'), k(' ')];
const ESC = [k('Escape')];

/** Every shortcut's keys (any of them), by what it does. */
export const SHORTCUT_KEYS = {
  help: [k('?')],
  focusFilter: [k('/')],
  replay: [k('r', { shift: false })],
  replayEdited: [k('e', { shift: false })],
  listMove: UP_DOWN,
  listEnds: [k('Home'), k('End')],
  listClose: ESC,
  rowMenu: [k('ContextMenu'), k('F10', { shift: true })],
  find: [k('f', { mod: true })],
  findNext: [k('Enter', { shift: false }), k('F3', { shift: false })],
  findPrevious: [k('Enter', { shift: true }), k('F3', { shift: true })],
  findClose: ESC,
  suggestMove: UP_DOWN,
  suggestPick: [k('Enter'), k('Tab')],
  suggestClose: ESC,
  menuMove: [...UP_DOWN, k('Home'), k('End')],
  menuPick: PICK,
  menuClose: ESC,
  sortColumn: PICK,
  resize: [k('ArrowLeft'), k('ArrowRight')],
} satisfies Record<string, readonly KeyCombo[]>;

/** What a shortcut does. */
export type ShortcutId = keyof typeof SHORTCUT_KEYS;

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
  const key = combo.key.length === 1 && combo.mod ? event.key.toLowerCase() : event.key;
  if (key !== combo.key) return false;
  const mod = mac ? event.metaKey : event.ctrlKey;
  const other = mac ? event.ctrlKey : event.metaKey;
  if (mod !== (combo.mod === true) || other) return false;
  if (event.altKey !== (combo.alt === true)) return false;
  return combo.shift === undefined || event.shiftKey === combo.shift;
}

/** Whether `event` is one of the keys of shortcut `id`. */
export function isShortcut(event: KeyLike, id: ShortcutId, mac: boolean): boolean {
  return SHORTCUT_KEYS[id].some((c) => matchesCombo(event, c, mac));
}

/** The panel-wide shortcut a key press means, or null. */
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

/** Whether the platform is macOS (Cmd is the modifier), from `navigator.platform`/`userAgent`. */
export function isMacPlatform(nav: { platform?: string; userAgent?: string } | undefined): boolean {
  return /Mac|iPhone|iPad/i.test(nav?.platform || nav?.userAgent || '');
}
