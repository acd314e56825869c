/**
 * Where the list opens its row menu: right-click on a row (which selects it), the ContextMenu key or
 * Shift+F10 on the selected row. The menu itself (row-menu.tsx) loads on first use; a live status line
 * says what an item did ("Copied: …"). Closing with Escape gives focus back to the list, on the row.
 */
import type { ComponentType, RefObject } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { PanelRow } from '../../lib/ui/panel/rows';
import { isShortcut, isMacPlatform } from '../../lib/ui/panel/shortcut-keys';
import type { RowMenuProps } from './row-menu';

type MenuView = ComponentType<RowMenuProps>;
let loading: Promise<MenuView> | null = null;
const loadMenu = () => (loading ??= import('./row-menu').then((m) => m.RowMenu));

interface Open {
  row: PanelRow;
  x: number;
  y: number;
}

/** The list's row-menu state and handlers. */
export function useRowMenu(
  scroller: RefObject<HTMLElement>,
  rows: readonly PanelRow[],
  selectedId: number | null,
  select: (id: number) => void,
) {
  const [open, setOpen] = useState<Open | null>(null);
  const [View, setView] = useState<MenuView | null>(null);
  const [notice, setNotice] = useState('');
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => () => void (timer.current && clearTimeout(timer.current)), []);

  const show = (row: PanelRow, x: number, y: number) => {
    select(row.id);
    void loadMenu().then((c) => {
      setView(() => c);
      setOpen({ row, x, y });
    });
  };

  /** Opens the menu of the selected row under it (keyboard). */
  const showForSelected = (): boolean => {
    const row = rows.find((r) => r.id === selectedId);
    const el = scroller.current;
    if (!row || !el) return false;
    const rowEl = el.querySelector(`[data-id="${row.id}"]`);
    const box = (rowEl ?? el).getBoundingClientRect();
    show(row, box.left + 24, rowEl ? box.bottom : box.top + 24);
    return true;
  };

  return {
    open,
    View,
    notice,
    /** Handles the menu keys on the list; true when it did. */
    onKeyDown(event: KeyboardEvent): boolean {
      if (!isShortcut(event, 'rowMenu', isMacPlatform(globalThis.navigator))) return false;
      if (!showForSelected()) return false;
      event.preventDefault();
      return true;
    },
    onContextMenu(event: MouseEvent): void {
      const target = event.target as Element | null;
      const rowEl = target?.closest?.('[data-id]');
      const id = rowEl ? Number(rowEl.getAttribute('data-id')) : NaN;
      const row = rows.find((r) => r.id === id);
      if (row) {
        event.preventDefault();
        show(row, event.clientX, event.clientY);
      } else if (target === scroller.current && showForSelected()) {
        // The ContextMenu key's own event on the list (a browser that sends it): the selected row's menu.
        event.preventDefault();
      }
    },
    close(refocus: boolean): void {
      setOpen(null);
      if (refocus) scroller.current?.focus();
    },
    say(text: string): void {
      setNotice(text);
      if (timer.current) clearTimeout(timer.current);
      timer.current = setTimeout(() => setNotice(''), 4000);
    },
  };
}

/** The open menu (if any) and the status line of the list. */
export function RowMenuHost({ menu }: { menu: ReturnType<typeof useRowMenu> }) {
  const { open, View } = menu;
  return (
    <>
      {open && View && (
        <View
          key={`${open.row.id}:${open.x}:${open.y}`}
          row={open.row}
          x={open.x}
          y={open.y}
          onClose={(refocus) => menu.close(refocus)}
          onNotice={(text) => menu.say(text)}
        />
      )}
      <div class={`cme-list-notice${menu.notice ? ' is-shown' : ''}`} role="status" aria-live="polite">
        {menu.notice}
      </div>
    </>
  );
}
