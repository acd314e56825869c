/** Small display helpers of the panel views: times, durations, sizes, and a row's message. */
import type { Lang } from '../../lib/i18n/i18n';
import { explainer } from '../../lib/ui/panel-explain';
import type { PanelRow } from '../../lib/ui/panel-rows';

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `HH:MM:SS.mmm` in local time. */
export function clockTime(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

/** A duration: `412 ms`, `1.24 s`; `—` when unknown. */
export function duration(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms) || ms < 0) return '—';
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

/** The message of a row in the UI language: the server's, else the error dictionary's (once loaded). */
export function rowMessage(
  row: Pick<PanelRow, 'message' | 'englishMessage' | 'code' | 'ok' | 'kind'>,
  lang: Lang,
): string {
  const server = lang === 'zh_CN' ? (row.message ?? row.englishMessage) : (row.englishMessage ?? row.message);
  if (server) return server;
  if (row.ok) return '';
  const explain = explainer.value;
  if (explain === null) return row.code ?? '';
  const explained = explain(row.code, row.kind === 'login' ? 'login' : 'api');
  if (explained === null) return '';
  return lang === 'zh_CN' ? explained.messageZh : explained.messageEn;
}
