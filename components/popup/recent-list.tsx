/** The popup's recent calls (from the history store): re-run one, or load it into the editor. */
import type { HistoryRecord } from '../../lib/store/schema';
import { CodeBadge } from '../code-badge';
import { useT } from '../i18n-context';
import { clockTime, duration } from '../format';
import { usePopup } from './popup-context';

function Row({ row }: { row: HistoryRecord }) {
  const store = usePopup();
  const t = useT();
  const path = `${row.actionClass ?? ''}/${row.action}`;
  const state =
    row.status === 'pending'
      ? t('popupRecentPending')
      : row.status === 'failed'
        ? t('popupRecentFailed')
        : null;
  return (
    <li class="popup-recent-row">
      <CodeBadge code={row.code} ok={row.code === 'Success'} httpStatus={row.httpStatus ?? 0} />
      <span class="popup-recent-action" title={path}>
        {row.action}
      </span>
      <span class="popup-muted popup-recent-time">
        {clockTime(row.startedAt)} · {state ?? duration(row.durationMs ?? -1)}
      </span>
      <button type="button" class="popup-recent-load" onClick={() => store.loadFromHistory(row)}>
        {t('popupRecentLoad')}
      </button>
      <button
        type="button"
        class="popup-recent-rerun"
        disabled={store.call.sending.value}
        onClick={() => void store.rerun(row)}
      >
        {t('popupRecentRerun')}
      </button>
    </li>
  );
}

/** The recent calls section. */
export function RecentList() {
  const store = usePopup();
  const t = useT();
  const rows = store.recent.value;
  return (
    <section class="popup-section popup-recent" aria-labelledby="popup-recent-title">
      <h2 id="popup-recent-title">{t('popupRecent')}</h2>
      {rows.length === 0 ? (
        <p class="popup-muted">{t('popupRecentNone')}</p>
      ) : (
        <ul class="popup-recent-list">
          {rows.map((row) => (
            <Row key={row.id} row={row} />
          ))}
        </ul>
      )}
    </section>
  );
}
