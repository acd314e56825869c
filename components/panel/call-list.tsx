/**
 * The call list, virtualized: only the rows in view (plus a few) are in the DOM, so 10,000 calls cost
 * the same DOM as 30. It follows new calls while scrolled to the bottom; arrow keys move the selection.
 */
import { useCallback, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { PanelRow } from '../../lib/ui/panel-rows';
import { useLang, useT } from '../i18n-context';
import { CallRow } from './call-row';
import { usePanel } from './panel-context';

/** Height of one row in px (fixed: the list computes positions from it). */
export const ROW_HEIGHT = 22;
const OVERSCAN = 6;
// Before layout (or in a DOM without layout) the list assumes this much room.
const FALLBACK_HEIGHT = 480;

/** The rows to render for a scroll position: [first, last) of `count`. */
export function visibleRange(count: number, scrollTop: number, viewport: number): [number, number] {
  const perView = Math.ceil(viewport / ROW_HEIGHT);
  // A scroll position left over from a longer list (before a filter) still shows the last rows.
  const lastFirst = Math.max(0, count - perView - OVERSCAN);
  const first = Math.min(lastFirst, Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN));
  const last = Math.min(
    count,
    Math.max(Math.ceil((scrollTop + viewport) / ROW_HEIGHT) + OVERSCAN, first + perView + OVERSCAN),
  );
  return [first, last];
}

function ListHeader() {
  const t = useT();
  return (
    <div class="cme-list-header" role="row">
      <span role="columnheader">{t('panelColTime')}</span>
      <span role="columnheader">{t('panelColAction')}</span>
      <span role="columnheader">{t('panelColCode')}</span>
      <span role="columnheader">{t('panelColHttp')}</span>
      <span role="columnheader">{t('panelColDuration')}</span>
      <span role="columnheader">{t('panelColIdentity')}</span>
      <span role="columnheader">{t('panelColMessage')}</span>
    </div>
  );
}

function EmptyList({ total }: { total: number }) {
  const t = useT();
  const { panel, mode } = usePanel();
  let text: string;
  if (panel.status.value === 'loading') text = t('panelLoading');
  else if (total > 0) text = t('panelNoMatch');
  else
    text = mode === 'viewer' && panel.source.value.kind === 'tab' ? t('panelViewerEmpty') : t('panelEmpty');
  return <div class="cme-empty">{text}</div>;
}

/** The virtualized list of the filtered calls. */
export function CallList() {
  const { panel } = usePanel();
  const lang = useLang();
  const rows: readonly PanelRow[] = panel.visible.value;
  const total = panel.rows.value.length;
  const selectedId = panel.selectedId.value;
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(FALLBACK_HEIGHT);
  const followEnd = useRef(true);

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

  // New calls arrive at the end: keep them in view while the user has not scrolled up.
  useLayoutEffect(() => {
    const el = scroller.current;
    if (el && followEnd.current) {
      el.scrollTop = el.scrollHeight;
      setScrollTop(el.scrollTop);
    }
  }, [rows.length]);

  const onScroll = useCallback(() => {
    const el = scroller.current;
    if (!el) return;
    setScrollTop(el.scrollTop);
    followEnd.current = el.scrollTop + el.clientHeight >= el.scrollHeight - ROW_HEIGHT;
  }, []);

  const select = useCallback((id: number) => panel.select(id), [panel]);

  const onKeyDown = (event: KeyboardEvent) => {
    if (rows.length === 0) return;
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
    if (top < el.scrollTop) el.scrollTop = top;
    else if (top + ROW_HEIGHT > el.scrollTop + el.clientHeight)
      el.scrollTop = top + ROW_HEIGHT - el.clientHeight;
  };

  const [first, last] = visibleRange(rows.length, scrollTop, viewport);
  const shown = rows.slice(first, last);
  return (
    <div class="cme-list" role="grid" aria-rowcount={rows.length}>
      <ListHeader />
      <div class="cme-list-scroller" ref={scroller} onScroll={onScroll} tabIndex={0} onKeyDown={onKeyDown}>
        {rows.length === 0 ? (
          <EmptyList total={total} />
        ) : (
          <div class="cme-list-body" style={{ height: `${rows.length * ROW_HEIGHT}px` }}>
            {shown.map((row, i) => (
              <CallRow
                key={row.id}
                row={row}
                top={(first + i) * ROW_HEIGHT}
                selected={row.id === selectedId}
                lang={lang}
                onSelect={select}
              />
            ))}
          </div>
        )}
      </div>
    </div>
  );
}
