/**
 * The call list's header: each column sorts on click (Enter/Space on its button): ascending, descending,
 * off, with `aria-sort`; each but the message has a resizer on its right edge, dragged or moved with
 * ArrowLeft/ArrowRight (Shift: faster). Widths go to the list as CSS variables (layout.css).
 */
import { followDrag } from './drag';
import type { MessageKey } from '../../lib/i18n/i18n';
import type { ListView, ResizableColumn } from '../../lib/ui/panel/list-view';
import { COLUMN_MAX, COLUMN_MIN } from '../../lib/ui/panel/list-view';
import { ariaSort, type SortColumn } from '../../lib/ui/panel/sort-spec';
import { useT } from '../i18n-context';

const COLUMNS: { id: SortColumn; label: MessageKey }[] = [
  { id: 'time', label: 'panelColTime' },
  { id: 'action', label: 'panelColAction' },
  { id: 'code', label: 'panelColCode' },
  { id: 'http', label: 'panelColHttp' },
  { id: 'duration', label: 'panelColDuration' },
  { id: 'user', label: 'panelColIdentity' },
];

const STEP = 10;
const BIG_STEP = 40;

/** A column's resizer: a vertical separator with its width as value. */
function Resizer({ view, column, label }: { view: ListView; column: ResizableColumn; label: string }) {
  const t = useT();
  const width = view.widths.value[column];
  const onPointerDown = (event: PointerEvent) => {
    if (event.button !== 0) return;
    event.preventDefault();
    event.stopPropagation();
    const startW = view.widths.peek()[column];
    followDrag(event, (dx, done) => view.setWidth(column, startW + dx, done));
  };
  const onKeyDown = (event: KeyboardEvent) => {
    const step = event.shiftKey ? BIG_STEP : STEP;
    // The current width, not this render's: key repeats come faster than renders.
    const now = view.widths.peek()[column];
    if (event.key === 'ArrowLeft') view.setWidth(column, now - step);
    else if (event.key === 'ArrowRight') view.setWidth(column, now + step);
    else return;
    event.preventDefault();
    event.stopPropagation();
  };
  return (
    <span
      class="cme-resizer"
      role="separator"
      aria-orientation="vertical"
      aria-label={t('panelResizeColumn', label)}
      aria-valuenow={width}
      aria-valuemin={COLUMN_MIN}
      aria-valuemax={COLUMN_MAX}
      tabIndex={0}
      data-resize={column}
      onPointerDown={onPointerDown}
      onKeyDown={onKeyDown}
      onClick={(e) => e.stopPropagation()}
    />
  );
}

/** The header row of the list. */
export function ListHeader({ view }: { view: ListView }) {
  const t = useT();
  const spec = view.sort.value;
  return (
    <div class="cme-list-header" role="row" aria-rowindex={1}>
      {COLUMNS.map((c) => {
        const label = t(c.label);
        const sort = ariaSort(spec, c.id);
        return (
          <span key={c.id} role="columnheader" aria-sort={sort} class="cme-col" data-col={c.id}>
            <button
              type="button"
              class="cme-sort"
              name={`sort-${c.id}`}
              title={t('panelSortBy', label)}
              onClick={() => void view.toggleSort(c.id)}
            >
              <span class="cme-sort-label">{label}</span>
              <span class="cme-sort-mark" aria-hidden="true">
                {sort === 'ascending' ? '▲' : sort === 'descending' ? '▼' : ''}
              </span>
            </button>
            <Resizer view={view} column={c.id} label={label} />
          </span>
        );
      })}
      <span role="columnheader" class="cme-col">
        {t('panelColMessage')}
      </span>
    </div>
  );
}
