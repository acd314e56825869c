/**
 * "Copy for a support ticket": one call as plain text in the UI language, RequestId first (Tencent support
 * asks for it first), then the action, Code and messages, time, HTTP status, duration, identity, the request
 * and the answer. Everything but the labels goes through the masker given (the panel's, plus the call's own
 * secrets), so tickets, signatures and keys never appear; each body is bounded.
 */
import { BODY_DROPPED_NOTE, type Masker } from '../../cme/secrets';
import type { RawBody, RawCall } from '../../cme/types';
import type { Translate } from '../../i18n/i18n';
import { actionLabel, identityLabel, type PanelRow } from './rows';

/** Characters of each body kept (request, answer). */
export const SUPPORT_BODY_CHARS = 4096;

/** Options of the text. */
export interface SupportTextOptions {
  /** Characters of each body kept; default SUPPORT_BODY_CHARS. */
  maxBodyChars?: number;
  /** Minutes east of UTC for the time (default: this computer's offset at that time). */
  offsetMinutes?: number;
}

const pad = (n: number, w = 2): string => String(Math.trunc(Math.abs(n))).padStart(w, '0');

/** An epoch time as ISO 8601 with the local offset, e.g. `2026-12-06T15:04:05.123+08:00`. */
export function isoWithOffset(ms: number, offsetMinutes = -new Date(ms).getTimezoneOffset()): string {
  if (!Number.isFinite(ms)) return '—';
  const local = new Date(ms + offsetMinutes * 60_000);
  const date = `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}`;
  const time = `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}.${pad(local.getUTCMilliseconds(), 3)}`;
  const sign = offsetMinutes < 0 ? '-' : '+';
  return `${date}T${time}${sign}${pad(offsetMinutes / 60)}:${pad(offsetMinutes % 60)}`;
}

/** Text cut to `max` characters, saying how many more there were (`t` words it). */
export function bounded(text: string, max: number, t: Translate): string {
  if (text.length <= max) return text;
  // Never split a surrogate pair.
  let end = max;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--;
  return `${text.slice(0, end)}\n${t('panelSupportMore', text.length - end)}`;
}

/** A body's masked text (pretty JSON when it parses), or why there is none. */
function bodyText(body: RawBody | null | undefined, masker: Masker, t: Translate, max: number): string {
  if (!body || body.text === null || body.text === '') return t('panelNoBody');
  const masked = masker.body(body);
  if (masked.dropped !== null)
    return masked.dropped === BODY_DROPPED_NOTE ? t('panelSupportBodyDropped') : masked.dropped;
  let text = masked.body.text ?? '';
  if (masked.body.encoding !== 'base64') {
    try {
      const parsed = JSON.parse(text) as unknown;
      if (typeof parsed === 'object' && parsed !== null && text.length < 1_000_000) {
        // Masked again: pretty-printing may unescape a JSON-escaped secret the text held.
        text = masker.text(JSON.stringify(parsed, null, 2));
      }
    } catch {
      // Not JSON: as captured.
    }
  }
  const cut = body.truncated ? `${text}\n${t('panelSupportTruncated')}` : text;
  return bounded(cut, max, t);
}

/** The plain-text block for a support ticket. */
export function supportText(
  row: PanelRow,
  raw: RawCall,
  masker: Masker,
  t: Translate,
  options: SupportTextOptions = {},
): string {
  const max = options.maxBodyChars ?? SUPPORT_BODY_CHARS;
  const m = (text: string | null | undefined): string => (text ? masker.text(text) : '—');
  const status = raw.response?.status ?? row.httpStatus;
  const lines: [string, string][] = [
    [t('panelSupportRequestId'), m(row.requestId)],
    [t('panelSupportAction'), m(actionLabel(row) || row.kind)],
    [t('panelSupportCode'), m(row.code)],
  ];
  if (row.message) lines.push([t('panelSupportMessage'), m(row.message)]);
  if (row.englishMessage && row.englishMessage !== row.message)
    lines.push([t('panelSupportEnglishMessage'), m(row.englishMessage)]);
  lines.push(
    [t('panelSupportTime'), isoWithOffset(raw.startedAt, options.offsetMinutes)],
    [t('panelSupportHttp'), status === 0 ? t('panelNetworkFailure') : String(status)],
    [t('panelSupportDuration'), raw.durationMs > 0 ? t('panelMs', Math.round(raw.durationMs)) : '—'],
    [t('panelSupportUser'), m(identityLabel(row))],
    [t('panelSupportRequest'), `${raw.request.method} ${masker.url(raw.request.url)}`],
  );
  const head = lines.map(([k, v]) => `${k}: ${v}`).join('\n');
  return [
    head,
    '',
    `${t('panelSupportRequestBody')}:`,
    bodyText(raw.request.body, masker, t, max),
    '',
    `${t('panelSupportAnswerBody')}:`,
    raw.response ? bodyText(raw.response.body, masker, t, max) : t('panelNetworkFailure'),
    '',
    t('panelSupportMasked'),
  ].join('\n');
}
