/** A row's message as the panel shows it (times and durations: components/format.ts). */
import type { Lang } from '../../lib/i18n/i18n';
import { explainer } from '../../lib/ui/panel/explain';
import type { PanelRow } from '../../lib/ui/panel/rows';

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
