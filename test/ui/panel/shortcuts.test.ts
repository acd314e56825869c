/** The shortcut list and key matching: modifiers, Cmd on macOS, typing targets, labels, i18n. */
import { describe, expect, it } from 'vitest';
import en from '../../../public/_locales/en/messages.json';
import zh from '../../../public/_locales/zh_CN/messages.json';
import {
  comboLabel,
  isMacPlatform,
  isShortcut,
  isTypingTarget,
  panelShortcutOf,
  SHORTCUTS,
  type KeyLike,
} from '../../../lib/ui/panel/shortcuts';

const key = (k: string, mods: Partial<KeyLike> = {}): KeyLike => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  altKey: false,
  ...mods,
});

describe('matching', () => {
  it('takes ? with or without Shift, / and bare r and e, never with a modifier', () => {
    expect(panelShortcutOf(key('?', { shiftKey: true }), false)).toBe('help');
    expect(panelShortcutOf(key('/'), false)).toBe('focusFilter');
    expect(panelShortcutOf(key('r'), false)).toBe('replay');
    expect(panelShortcutOf(key('e'), false)).toBe('replayEdited');
    // Ctrl+R reloads, Cmd+E, Alt+R, Shift+R belong to the browser or to typing.
    expect(panelShortcutOf(key('r', { ctrlKey: true }), false)).toBeNull();
    expect(panelShortcutOf(key('r', { metaKey: true }), true)).toBeNull();
    expect(panelShortcutOf(key('e', { altKey: true }), false)).toBeNull();
    expect(panelShortcutOf(key('R', { shiftKey: true }), false)).toBeNull();
    expect(panelShortcutOf(key('x'), false)).toBeNull();
  });

  it('reads Ctrl+F on Windows/Linux and Cmd+F on macOS, not the other', () => {
    expect(isShortcut(key('f', { ctrlKey: true }), 'find', false)).toBe(true);
    expect(isShortcut(key('F', { ctrlKey: true }), 'find', false)).toBe(true);
    expect(isShortcut(key('f', { metaKey: true }), 'find', false)).toBe(false);
    expect(isShortcut(key('f', { metaKey: true }), 'find', true)).toBe(true);
    expect(isShortcut(key('f', { ctrlKey: true }), 'find', true)).toBe(false);
    expect(isShortcut(key('f'), 'find', false)).toBe(false);
  });

  it('opens the row menu on the ContextMenu key and Shift+F10 only', () => {
    expect(isShortcut(key('ContextMenu'), 'rowMenu', false)).toBe(true);
    expect(isShortcut(key('F10', { shiftKey: true }), 'rowMenu', false)).toBe(true);
    expect(isShortcut(key('F10'), 'rowMenu', false)).toBe(false);
    expect(isShortcut(key('F10', { shiftKey: true, ctrlKey: true }), 'rowMenu', false)).toBe(false);
  });

  it('knows typing targets', () => {
    expect(isTypingTarget({ tagName: 'INPUT', type: 'text' })).toBe(true);
    expect(isTypingTarget({ tagName: 'input' })).toBe(true);
    expect(isTypingTarget({ tagName: 'INPUT', type: 'checkbox' })).toBe(false);
    expect(isTypingTarget({ tagName: 'TEXTAREA' })).toBe(true);
    expect(isTypingTarget({ tagName: 'SELECT' })).toBe(true);
    expect(isTypingTarget({ tagName: 'DIV', isContentEditable: true })).toBe(true);
    expect(isTypingTarget({ tagName: 'DIV' })).toBe(false);
    expect(isTypingTarget(null)).toBe(false);
  });

  it('tells macOS', () => {
    expect(isMacPlatform({ platform: 'MacIntel' })).toBe(true);
    expect(isMacPlatform({ platform: 'Linux x86_64' })).toBe(false);
    expect(isMacPlatform(undefined)).toBe(false);
  });
});

describe('the list', () => {
  it('writes keys as a user reads them', () => {
    expect(comboLabel({ key: 'f', mod: true }, false)).toBe('Ctrl+F');
    expect(comboLabel({ key: 'f', mod: true }, true)).toBe('⌘F');
    expect(comboLabel({ key: 'F10', shift: true }, false)).toBe('Shift+F10');
    expect(comboLabel({ key: '?' }, false)).toBe('?');
    expect(comboLabel({ key: 'r', shift: false }, false)).toBe('r');
    expect(comboLabel({ key: ' ' }, false)).toBe('Space');
    expect(comboLabel({ key: 'Home' }, false)).toBe('Home');
    expect(comboLabel({ key: 'ArrowUp' }, false)).toBe('↑');
  });

  it('lists what others bind too (find, filter suggestions), each label in both languages', () => {
    const ids = SHORTCUTS.map((s) => s.id);
    for (const id of [
      'find',
      'focusFilter',
      'suggestMove',
      'suggestPick',
      'suggestClose',
      'listMove',
      'rowMenu',
    ])
      expect(ids).toContain(id);
    for (const s of SHORTCUTS) {
      for (const k of [s.label, s.scope]) {
        expect(en, k).toHaveProperty(k);
        expect(zh, k).toHaveProperty(k);
      }
    }
  });

  it('gives no panel-wide key twice', () => {
    const panelWide = SHORTCUTS.filter((s) => s.scope === 'panelKeysScopePanel').flatMap((s) =>
      s.keys.map((k) => comboLabel(k, false)),
    );
    expect(new Set(panelWide).size).toBe(panelWide.length);
  });
});
