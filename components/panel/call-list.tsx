/**
 * The call list, virtualized: only the rows in view (plus a few) are in the DOM, so 10,000 calls cost
 * the same DOM as 30. It follows new calls while scrolled to the bottom; arrow keys move the selection.
 * For assistive technology it is a grid: the scroller is the grid and keeps the keyboard focus (rows come
 * and go as they scroll, so they never hold it); its sticky header row, then the rows with their
 * `aria-rowindex` in the whole list; the selected row is the grid's active descendant.
 */
import type { VNode } from 'preact';
import { useCallback, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { useFollowEnd } from './follow-end';
import type { Lang } from '../../lib/i18n/i18n';
import { listViewOf } from '../../lib/ui/panel/list-view';
import type { PanelRow } from '../../lib/ui/panel/rows';
import { useLang, useT } from '../i18n-context';
import { CallRow } from './call-row';
import { ListHeader } from './list-header';
import { usePanel } from './panel-context';
import { RowMenuHost, useRowMenu } from './row-menu-host';
import './layout.css';
import './list-a11y.css';

/** Height of one row in px (fixed: the list computes positions from it). */
export const ROW_HEIGHT = 22;
/** Height of the header row, sticky at the top of the scroller (panel.css). */
const HEADER_HEIGHT = ROW_HEIGHT;
const OVERSCAN = 6;
// Before layout (or in a DOM without layout) the list assumes this much room.
const FALLBACK_HEIGHT = 480;

/**
 * The rows to render for a scroll position: [first, last) of `count`. Always the same number of rows
 * (the view plus an overscan on each side, shifted at the ends), so the DOM size never depends on the
 * position or on how many calls there are.
 */
export function visibleRange(count: number, scrollTop: number, viewport: number): [number, number] {
  const size = Math.ceil(viewport / ROW_HEIGHT) + 2 * OVERSCAN;
  const wanted = Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN;
  const first = Math.max(0, Math.min(wanted, count - size));
  return [first, Math.min(count, first + size)];
}

interface CachedRow {
  row: PanelRow;
  top: number;
  selected: boolean;
  lang: Lang;
  vnode: VNode;
}
type RowCache = Map<number, CachedRow>;

/**
 * The vnodes of the shown rows. A row whose inputs did not change keeps its vnode, which Preact does
 * not diff again: scrolling renders only the rows that come into view.
 */
function rowVNodes(
  cache: RowCache,
  shown: readonly PanelRow[],
  first: number,
  selectedId: number | null,
  lang: Lang,
  onSelect: (id: number) => void,
): VNode[] {
  const next: RowCache = new Map();
  const vnodes = shown.map((row, i) => {
    const top = (first + i) * ROW_HEIGHT;
    const selected = row.id === selectedId;
    const hit = cache.get(row.id);
    const keep = hit && hit.row === row && hit.top === top && hit.selected === selected && hit.lang === lang;
    const entry = keep
      ? hit
      : {
          row,
          top,
          selected,
          lang,
          vnode: (
            <CallRow
              key={row.id}
              row={row}
              index={first + i}
              top={top}
              selected={selected}
              lang={lang}
              onSelect={onSelect}
            />
          ),
        };
    next.set(row.id, entry);
    return entry.vnode;
  });
  cache.clear();
  for (const [id, entry] of next) cache.set(id, entry);
  return vnodes;
}

function EmptyList({ total }: { total: number }) {
  const t = useT();
  const { panel, mode } = usePanel();
  let text: string;
  if (panel.status.value === 'loading') text = t('panelLoading');
  else if (total > 0) text = t('panelNoMatch');
  else
    text = mode === 'viewer' && panel.source.value.kind === 'tab' ? t('panelViewerEmpty') : t('panelEmpty');
  return (
    <div class="cme-empty" role="row">
      <span role="gridcell">{text}</span>
    </div>
  );
}

/** The virtualized list of the filtered calls. */
export function CallList() {
  const ui = usePanel();
  const { panel } = ui;
  const view = listViewOf(ui);
  const lang = useLang();
  // The filtered rows in the list's order (sorted incrementally by lib/ui/panel/sort.ts).
  const rows: readonly PanelRow[] = view.ordered.value;
  const total = panel.rows.value.length;
  const selectedId = panel.selectedId.value;
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  // Whether the list follows the end, as state too: leaving the end for the top (Home, a scrollbar dragged
  // up at once) sets a scroll position equal to the state's first one, which alone would not render.
  const [, setFollowing] = useState(true);
  const [viewport, setViewport] = useState(FALLBACK_HEIGHT);
  const followEnd = useRef(true);
  const cache = useRef<RowCache>(new Map());
  const count = useRef(rows.length);
  count.current = rows.length;
  const viewportRef = useRef(viewport);
  viewportRef.current = viewport;

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const measure = () => setViewport(el.clientHeight || FALLBACK_HEIGHT);
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  // New calls arrive at the end: keep them in view while the user has not scrolled up. The rows to show
  // are worked out from the row count (below); the scroll position follows in the next animation frame,
  // at most one write per frame whatever the number of updates, and in the frame's own rendering step: a
  // scroll write lays the list out, which in a layout effect would cost a forced layout per update.
  const follow = useFollowEnd(scroller, followEnd, count, ROW_HEIGHT);
  useLayoutEffect(follow.schedule, [rows.length]);

  const onScroll = useCallback(() => {
    const el = scroller.current;
    if (!el) return;
    const at = el.scrollTop;
    // Our own follow-the-end write: still following, and the rows shown come from the count, not `at`.
    if (followEnd.current && follow.wasOurs(at)) return;
    // From the list's own geometry, not scrollHeight: no layout read while scrolling.
    followEnd.current = at + viewportRef.current >= count.current * ROW_HEIGHT + HEADER_HEIGHT - ROW_HEIGHT;
    setFollowing(followEnd.current);
    setScrollTop(at);
  }, []);

  const select = useCallback((id: number) => panel.select(id), [panel]);
  const t = useT();

  const menu = useRowMenu(scroller, rows, selectedId, (id) => panel.select(id));

  const onKeyDown = (event: KeyboardEvent) => {
    if (rows.length === 0) return;
    if (menu.onKeyDown(event)) return;
    if (event.key === 'Escape') {
      panel.select(null);
      return;
    }
    const at = selectedId === null ? -1 : rows.findIndex((r) => r.id === selectedId);
    const moves: Record<string, number> = {
      ArrowDown: Math.min(rows.length - 1, at + 1),
      ArrowUp: Math.max(0, at - 1),
      Home: 0,
      End: rows.length - 1,
    };
    const next = moves[event.key];
    if (next === undefined) return;
    event.preventDefault();
    const row = rows[next];
    if (!row) return;
    panel.select(row.id);
    const el = scroller.current;
    if (!el) return;
    const top = next * ROW_HEIGHT;
    // Rows scroll under the sticky header: a row shows between it and the scroller's bottom.
    if (top < el.scrollTop) el.scrollTop = top;
    else if (top + ROW_HEIGHT + HEADER_HEIGHT > el.scrollTop + el.clientHeight)
      el.scrollTop = top + ROW_HEIGHT + HEADER_HEIGHT - el.clientHeight;
  };

  const top = followEnd.current ? Math.max(0, rows.length * ROW_HEIGHT - viewport) : scrollTop;
  const [first, last] = visibleRange(rows.length, top, viewport);
  const shownRows = rows.slice(first, last);
  const shown = rowVNodes(cache.current, shownRows, first, selectedId, lang, select);
  // The selected row, while it is in the DOM (it may have scrolled out of the rendered window).
  const active = shownRows.some((r) => r.id === selectedId) ? `cme-row-${selectedId}` : undefined;
  const widths = view.widths.value;
  const style: Record<string, string> = {};
  for (const [col, px] of Object.entries(widths)) style[`--col-${col}`] = `${px}px`;
  // The list keeps DOM focus on its scroller, the grid (rows re-render under it as calls stream in); the
  // selected row is its active descendant and shows that focus (layout.css, list-a11y.css).
  return (
    <div class="cme-list" style={style}>
      <div
        class="cme-list-scroller"
        ref={scroller}
        onScroll={onScroll}
        tabIndex={0}
        onKeyDown={onKeyDown}
        onContextMenu={menu.onContextMenu}
        role="grid"
        aria-label={t('panelCallList')}
        aria-rowcount={rows.length + 1}
        aria-activedescendant={active}
      >
        <ListHeader view={view} />
        {rows.length === 0 ? (
          <EmptyList total={total} />
        ) : (
          <div class="cme-list-body" role="rowgroup" style={{ height: `${rows.length * ROW_HEIGHT}px` }}>
            {shown}
          </div>
        )}
      </div>
      <RowMenuHost menu={menu} />
    </div>
  );
}
