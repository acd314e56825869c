/**
 * One row of the call list: time, Class/Action (with a badge when its body has parameters the catalogue
 * does not know, or a login's diagnosis found something), Code badge, HTTP status, duration, identity, message.
 */
import type { Lang, Translate } from '../../lib/i18n/i18n';
import {
  actionLabel,
  identityLabel,
  isInjected,
  type PanelRow,
  type UnknownParams,
} from '../../lib/ui/panel/rows';
import { CodeBadge } from '../code-badge';
import { useT } from '../i18n-context';
import { clockTime, duration } from '../format';
import { usePanel } from './panel-context';
import { rowMessage } from './row-message';

/**
 * The title of the unknown-parameters badge: one line per parameter the row names ("taskId — did you mean
 * TaskId?"), and how many more. Names only (they are not secrets), through the masker like the message.
 */
export function unknownParamsTitle(
  unknown: UnknownParams,
  t: Translate,
  mask?: (text: string) => string,
): string {
  const m = mask ?? ((text: string) => text);
  const lines = unknown.names.map((n) =>
    n.suggestion === undefined ? m(n.param) : t('panelUnknownParamNear', m(n.param), m(n.suggestion)),
  );
  if (unknown.count > unknown.names.length)
    lines.push(t('panelUnknownParamsMore', unknown.count - unknown.names.length));
  return lines.join('\n');
}

/** A login's diagnosis badge: its look and its words, by the most serious finding. */
const LOGIN_BADGE = { error: 'badge-err', warning: 'badge-warn', info: 'badge-info' } as const;
const LOGIN_LABEL = {
  error: 'panelLoginDiagnosisError',
  warning: 'panelLoginDiagnosisWarning',
  info: 'panelLoginDiagnosisInfo',
} as const;

/** One badge of the Class/Action cell: its look, its words, its title, and a data attribute tests read. */
function badge(key: string, look: string, label: string, title: string, data: Record<string, string> = {}) {
  return (
    <span key={key} class={`badge ${look} cme-unknown-badge`} title={title} {...data}>
      {label}
    </span>
  );
}

/**
 * The badges of a row's Class/Action cell: a login's diagnosis or the body's unknown parameters, then where
 * the page agent's calls came from (injected by a fault rule, recorded while DevTools was closed).
 */
function rowBadges(row: PanelRow, t: Translate, mask?: (text: string) => string) {
  const out = [];
  if (row.loginDiagnosis !== undefined) {
    const d = row.loginDiagnosis;
    out.push(
      badge('login', LOGIN_BADGE[d], t(LOGIN_LABEL[d]), t('panelLoginDiagnosisTitle'), {
        'data-login-diagnosis': d,
      }),
    );
  } else if (row.unknownParams !== undefined) {
    const n = row.unknownParams.count;
    out.push(
      badge(
        'unknown',
        'badge-warn',
        t.plural('panelUnknownParams', n, n),
        unknownParamsTitle(row.unknownParams, t, mask),
      ),
    );
  }
  if (isInjected(row)) {
    out.push(
      badge('injected', 'badge-err cme-source-badge', t('panelInjectedBadge'), t('panelInjectedTitle'), {
        'data-source': 'injected',
      }),
    );
  }
  if (row.source === 'recorded') {
    out.push(
      badge('recorded', 'badge-info cme-source-badge', t('panelRecordedBadge'), t('panelRecordedTitle'), {
        'data-source': 'recorded',
      }),
    );
  }
  return out;
}

/** The sign of a failed call that is not its colour: a cross, named for assistive technology. */
function FailedMark({ label }: { label: string }) {
  return (
    <span class="cme-failed-mark" role="img" aria-label={label} title={label} data-failed-mark>
      ✕
    </span>
  );
}

interface CallRowProps {
  row: PanelRow;
  /** Position in the (filtered) list, from 0: the row is `aria-rowindex` index + 2 (the header is 1). */
  index: number;
  top: number;
  selected: boolean;
  lang: Lang;
  onSelect: (id: number) => void;
}

/** A list row, absolutely placed at `top` (the list is virtualized; it reuses unchanged rows' vnodes). */
export function CallRow({ row, index, top, selected, lang, onSelect }: CallRowProps) {
  const t = useT();
  // The panel's masker once the detail has loaded it (read here: the row follows it and each new secret).
  const masker = usePanel().panel.listMasker.value?.value;
  const failed = row.httpStatus === 0;
  const message = failed ? t('panelNetworkFailure') : rowMessage(row, lang, masker?.text);
  const who = identityLabel(row);
  const badges = rowBadges(row, t, masker?.text);
  // Not by colour alone: a failed call carries a mark, named "Failed" for assistive technology.
  const mark = row.ok ? null : <FailedMark label={t('panelRowFailed')} />;
  return (
    <div
      role="row"
      id={`cme-row-${row.id}`}
      aria-rowindex={index + 2}
      aria-selected={selected}
      data-id={row.id}
      class={`cme-row${selected ? ' is-selected' : ''}${row.ok ? '' : ' is-failed'}`}
      style={{ top: `${top}px` }}
      onClick={() => onSelect(row.id)}
    >
      <span role="gridcell" class="cme-cell-time">
        {clockTime(row.startedAt)}
      </span>
      {badges.length === 0 ? (
        <span role="gridcell" class="cme-cell-action" title={row.url ? actionLabel(row) : ''}>
          {mark}
          {actionLabel(row)}
        </span>
      ) : (
        <span role="gridcell" class="cme-cell-action has-badge">
          {mark}
          <span class="cme-action-label" title={actionLabel(row)}>
            {actionLabel(row)}
          </span>
          {badges}
        </span>
      )}
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
