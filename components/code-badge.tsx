/**
 * The outcome of a CME call at a glance: Success green, any other Code red (even at HTTP 200), no response
 * (status 0) a dashed "network" badge, a response without a readable Code grey `? <status>`.
 */
import { useT } from './i18n-context';
import './theme.css';

/** Props of {@link CodeBadge}. */
export interface CodeBadgeProps {
  code: string | null;
  ok: boolean;
  httpStatus: number;
}

/** Which of the four looks a call gets. */
export type CodeBadgeState = 'ok' | 'err' | 'net' | 'unknown';

/** The badge state of a call: no response first, then success, then a Code, then "unknown". */
export function codeBadgeState({ code, ok, httpStatus }: CodeBadgeProps): CodeBadgeState {
  if (!httpStatus) return 'net';
  if (ok) return 'ok';
  return code ? 'err' : 'unknown';
}

const CLASS: Record<CodeBadgeState, string> = {
  ok: 'badge badge-ok',
  err: 'badge badge-err',
  net: 'badge badge-net',
  unknown: 'badge badge-muted',
};

/** A coloured badge with a call's Code (and its HTTP status when that is not 200). */
export function CodeBadge(props: CodeBadgeProps) {
  const t = useT();
  const { code, httpStatus } = props;
  const state = codeBadgeState(props);
  let label: string;
  let title: string;
  switch (state) {
    case 'net':
      label = t('codeNoResponse');
      title = t('codeNoResponseTitle');
      break;
    case 'ok':
      label = code ?? 'OK';
      title = httpStatus === 200 ? t('codeOkTitle') : t('codeOkStatusTitle', httpStatus);
      break;
    case 'err':
      label = httpStatus === 200 ? (code ?? '') : `${code} · ${httpStatus}`;
      title = httpStatus === 200 ? t('codeErrAt200Title') : t('codeErrTitle', httpStatus);
      break;
    default:
      label = `? ${httpStatus}`;
      title = t('codeUnknownTitle', httpStatus);
  }
  return (
    <span class={`code-badge ${CLASS[state]}`} data-state={state} title={title}>
      {label}
    </span>
  );
}
