/**
 * The splitter between the call list and the detail pane (role=separator): dragged, or moved with
 * ArrowLeft/ArrowRight (Shift: faster), Home/End for the narrowest/widest; the detail's width is kept.
 */
import { followDrag } from './drag';
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { DETAIL_MAX, DETAIL_MIN, listViewOf } from '../../lib/ui/panel/list-view';
import { useT } from '../i18n-context';
import { usePanel } from './panel-context';

const STEP = 20;
const BIG_STEP = 80;
// The list's least width plus the splitter (layout.css).
const LIST_MIN = 205;

/** The splitter; the detail pane is its next sibling. Loaded with the detail pane. */
export function Splitter() {
  const t = useT();
  const view = listViewOf(usePanel());
  const ref = useRef<HTMLDivElement>(null);
  const set = view.detailWidth.value;
  const [measured, setMeasured] = useState<number | null>(null);
  const detailWidth = (): number => {
    const pane = ref.current?.nextElementSibling as HTMLElement | null;
    return pane?.getBoundingClientRect().width || set || DETAIL_MIN;
  };
  useLayoutEffect(() => {
    if (set === null) setMeasured(Math.round(detailWidth()));
  }, [set]);
  const now = set ?? measured ?? DETAIL_MIN;

  const onPointerDown = (event: PointerEvent) => {
    if (event.button !== 0) return;
    event.preventDefault();
    const startW = detailWidth();
    followDrag(event, (dx, done) => view.setDetailWidth(startW - dx, done));
  };

  const onKeyDown = (event: KeyboardEvent) => {
    const step = event.shiftKey ? BIG_STEP : STEP;
    // The current width, not this render's: key repeats come faster than renders.
    const from = view.detailWidth.peek() ?? detailWidth();
    // The list keeps its least width (layout.css): the pane grows no further than the room left.
    const room = Math.max(DETAIL_MIN, (ref.current?.parentElement?.clientWidth || DETAIL_MAX) - LIST_MIN);
    if (event.key === 'ArrowLeft') view.setDetailWidth(Math.min(room, from + step));
    else if (event.key === 'ArrowRight') view.setDetailWidth(from - step);
    else if (event.key === 'Home') view.setDetailWidth(DETAIL_MIN);
    else if (event.key === 'End') view.setDetailWidth(room);
    else return;
    event.preventDefault();
  };

  return (
    <div
      ref={ref}
      class="cme-splitter"
      role="separator"
      aria-orientation="vertical"
      aria-label={t('panelResizeDetail')}
      aria-valuenow={Math.round(now)}
      aria-valuemin={DETAIL_MIN}
      aria-valuemax={DETAIL_MAX}
      tabIndex={0}
      onPointerDown={onPointerDown}
      onKeyDown={onKeyDown}
    />
  );
}
