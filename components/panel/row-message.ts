/** A row's message as the panel shows it (times and durations: components/format.ts). */
import { maskTicket } from '../../lib/cme/mask';
import type { Lang } from '../../lib/i18n/i18n';
import { explainer } from '../../lib/ui/panel/explain';
import type { PanelRow } from '../../lib/ui/panel/rows';

/**
 * The message of a row in the UI language: the server's, else the error dictionary's (once loaded). The
 * server's goes through `mask` (the panel's masker, every secret of the tab by value) once it has loaded.
 */
export function rowMessage(
  row: Pick<PanelRow, 'message' | 'englishMessage' | 'code' | 'ok' | 'kind'> & { ticket?: string | null },
  lang: Lang,
  mask?: (text: string) => string,
): string {
  const server = lang === 'zh_CN' ? (row.message ?? row.englishMessage) : (row.englishMessage ?? row.message);
  if (server) return maskEcho(mask ? mask(server) : server, row.ticket ?? null);
  if (row.ok) return '';
  const explain = explainer.value;
  if (explain === null) return row.code ?? '';
  const explained = explain(row.code, row.kind === 'login' ? 'login' : 'api');
  if (explained === null) return '';
  return lang === 'zh_CN' ? explained.messageZh : explained.messageEn;
}

// A ticket look-alike, or a value after `auth=`/`ticket=`/`signature=`, in a server's message.
const ECHO = /(?<![A-Za-z0-9_-])tf_[A-Za-z0-9_-]{13,}|(?<=\b(?:auth|ticket|signature)=)[^&\s"'<>]{8,}/gi;

/**
 * A message with the row's own ticket and any ticket-like value masked: the list paints first, before the
 * panel's masker (lib/ui/panel/masking.ts, used by the detail) is loaded, so it masks what it can cheaply.
 */
export function maskEcho(message: string, ticket: string | null): string {
  const own =
    ticket !== null && ticket.length >= 4 ? message.split(ticket).join(maskTicket(ticket)) : message;
  return own.replace(ECHO, (m) => maskTicket(m));
}
