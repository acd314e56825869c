/** One row of the call list: time, Class/Action, Code badge, HTTP status, duration, identity, message. */
import type { Lang } from '../../lib/i18n/i18n';
import { actionLabel, identityLabel, type PanelRow } from '../../lib/ui/panel/rows';
import { CodeBadge } from '../code-badge';
import { useT } from '../i18n-context';
import { clockTime, duration } from '../format';
import { usePanel } from './panel-context';
import { rowMessage } from './row-message';

interface CallRowProps {
  row: PanelRow;
  top: number;
  selected: boolean;
  lang: Lang;
  onSelect: (id: number) => void;
}

/** A list row, absolutely placed at `top` (the list is virtualized; it reuses unchanged rows' vnodes). */
export function CallRow({ row, top, selected, lang, onSelect }: CallRowProps) {
  const t = useT();
  // The panel's masker once the detail has loaded it (read here: the row follows it and each new secret).
  const masker = usePanel().panel.listMasker.value?.value;
  const failed = row.httpStatus === 0;
  const message = failed ? t('panelNetworkFailure') : rowMessage(row, lang, masker?.text);
  const who = identityLabel(row);
  return (
    <div
      role="row"
      aria-selected={selected}
      data-id={row.id}
      class={`cme-row${selected ? ' is-selected' : ''}${row.ok ? '' : ' is-failed'}`}
      style={{ top: `${top}px` }}
      onClick={() => onSelect(row.id)}
    >
      <span role="gridcell" class="cme-cell-time">
        {clockTime(row.startedAt)}
      </span>
      <span role="gridcell" class="cme-cell-action" title={row.url ? actionLabel(row) : ''}>
        {actionLabel(row)}
      </span>
      <span role="gridcell" class="cme-cell-code">
        <CodeBadge code={row.code} ok={row.ok} httpStatus={row.httpStatus} />
      </span>
      <span role="gridcell" class="cme-cell-http">
        {row.httpStatus === 0 ? '—' : row.httpStatus}
      </span>
      <span role="gridcell" class="cme-cell-duration">
        {duration(row.durationMs)}
      </span>
      <span role="gridcell" class="cme-cell-identity" title={who}>
        {who}
      </span>
      <span role="gridcell" class="cme-cell-message" title={message}>
        {message}
      </span>
    </div>
  );
}
