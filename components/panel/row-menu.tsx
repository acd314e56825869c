/**
 * The row menu (ARIA menu pattern): opened on a row by right-click, the ContextMenu key or Shift+F10.
 * Arrow keys, Home and End move among the enabled items, Enter or Space runs one, Escape (or Tab) closes
 * and gives focus back to the list's row; a click outside, losing focus or scrolling closes it too.
 * Loaded on first use (its actions bring the snippets and the masking core).
 */
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { createCopier, type Copier } from '../../lib/ui/shared/copier';
import { listViewOf } from '../../lib/ui/panel/list-view';
import { tabMasker } from '../../lib/ui/panel/masking';
import { runRowAction } from '../../lib/ui/panel/row-actions';
import {
  itemDetail,
  moveFocus,
  placeMenu,
  rowMenuItems,
  type RowMenuAction,
} from '../../lib/ui/panel/row-menu';
import { actionLabel, type PanelRow } from '../../lib/ui/panel/rows';
import { useT } from '../i18n-context';
import { usePanel, type PanelUi } from './panel-context';

/** Props of the menu. */
export interface RowMenuProps {
  row: PanelRow;
  /** Where it opens (viewport px): the pointer, or the row's start for the keyboard. */
  x: number;
  y: number;
  /** Closes the menu; `refocus` gives focus back to the list (Escape, Tab, an item run). */
  onClose(refocus: boolean): void;
  /** What happened after an item ran (for the list's live status line). */
  onNotice(text: string): void;
}

const copiers = new WeakMap<object, Copier>();
/** The panel's copier: the booted one (the test hook reads it), else one per panel store. */
export function copierOf(ui: Pick<PanelUi, 'panel' | 'copier'>): Copier {
  if (ui.copier) return ui.copier;
  let c = copiers.get(ui.panel);
  if (!c) copiers.set(ui.panel, (c = createCopier()));
  return c;
}

/** The row menu of one row. */
export function RowMenu({ row, x, y, onClose, onNotice }: RowMenuProps) {
  const t = useT();
  const ui = usePanel();
  const items = useMemo(() => rowMenuItems(row, { replayAvailable: ui.replay.available }), [row, ui.replay]);
  const [active, setActive] = useState(() => moveFocus(items, -1, 'first'));
  const [place, setPlace] = useState({ left: x, top: y });
  const menu = useRef<HTMLDivElement>(null);
  const closing = useRef(false);

  const close = (refocus: boolean) => {
    if (closing.current) return;
    closing.current = true;
    onClose(refocus);
  };

  useLayoutEffect(() => {
    const el = menu.current;
    if (!el) return;
    const view = el.ownerDocument.defaultView;
    setPlace(
      placeMenu(x, y, el.offsetWidth, el.offsetHeight, view?.innerWidth ?? 1e4, view?.innerHeight ?? 1e4),
    );
  }, [x, y]);

  useEffect(() => {
    const el = menu.current;
    if (!el) return;
    (el.querySelector<HTMLElement>(`[data-index="${active}"]`) ?? el).focus();
  }, [active]);

  useEffect(() => {
    const doc = menu.current?.ownerDocument;
    const win = doc?.defaultView;
    if (!doc || !win) return;
    const outside = (e: Event) => {
      if (!menu.current?.contains(e.target as Node)) close(false);
    };
    const away = () => close(false);
    doc.addEventListener('pointerdown', outside, true);
    doc.addEventListener('wheel', outside, true);
    win.addEventListener('blur', away);
    win.addEventListener('resize', away);
    win.addEventListener('scroll', away);
    return () => {
      doc.removeEventListener('pointerdown', outside, true);
      doc.removeEventListener('wheel', outside, true);
      win.removeEventListener('blur', away);
      win.removeEventListener('resize', away);
      win.removeEventListener('scroll', away);
    };
  }, []);

  const run = (action: RowMenuAction, label: string) => {
    close(action !== 'replayEdited');
    void runRowAction(action, row, {
      panel: ui.panel,
      detail: ui.detail,
      replay: ui.replay,
      listView: listViewOf(ui),
      masker: () => tabMasker(ui).value,
      copier: copierOf(ui),
      t,
    }).then((outcome) => {
      if (outcome === 'copied') onNotice(t('panelMenuCopied', label));
      else if (outcome === 'copy-failed') onNotice(t('panelMenuCopyFailed', label));
      else if (outcome === 'unavailable') onNotice(t('panelMenuUnavailable'));
    });
  };

  const onKeyDown = (event: KeyboardEvent) => {
    const moves: Record<string, 1 | -1 | 'first' | 'last'> = {
      ArrowDown: 1,
      ArrowUp: -1,
      Home: 'first',
      End: 'last',
    };
    const step = moves[event.key];
    if (step !== undefined) {
      event.preventDefault();
      const next = moveFocus(items, active, step);
      if (next >= 0) setActive(next);
      return;
    }
    if (event.key === 'Escape' || event.key === 'Tab') {
      event.preventDefault();
      event.stopPropagation();
      close(true);
      return;
    }
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      const item = items[active];
      if (item?.enabled) run(item.action, t(item.label));
    }
  };

  const onFocusOut = (event: FocusEvent) => {
    const next = event.relatedTarget as Node | null;
    if (next && !menu.current?.contains(next)) close(false);
  };

  return (
    <div
      ref={menu}
      class="cme-menu"
      role="menu"
      aria-label={t('panelMenuLabel', actionLabel(row) || row.kind)}
      tabIndex={-1}
      style={{ left: `${place.left}px`, top: `${place.top}px` }}
      onKeyDown={onKeyDown}
      onFocusOut={onFocusOut}
      onContextMenu={(e) => e.preventDefault()}
    >
      {items.map((item, i) => {
        const label = t(item.label);
        const detail = itemDetail(item.action, row);
        const sep = i > 0 && items[i - 1]!.group !== item.group;
        return [
          sep ? <div key={`sep${i}`} class="cme-menu-sep" role="separator" /> : null,
          <div
            key={item.action}
            role="menuitem"
            class={`cme-menu-item${i === active ? ' is-active' : ''}`}
            tabIndex={-1}
            aria-disabled={item.enabled ? undefined : 'true'}
            data-action={item.action}
            data-index={i}
            onPointerMove={() => item.enabled && i !== active && setActive(i)}
            onClick={() => item.enabled && run(item.action, label)}
          >
            <span>{label}</span>
            {detail && <span class="cme-menu-detail">{detail}</span>}
          </div>,
        ];
      })}
    </div>
  );
}
