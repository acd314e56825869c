/**
 * The compact lowercase search text of a captured call, built once at capture time and kept in memory
 * so that the text filter runs over 10,000 calls (bodies included) without reading IndexedDB.
 */
import type { DecodedCall, RawCall } from '../../cme/types';

/** Default cap of a call's search text (characters); body excerpts fill what the fields leave. */
export const DEFAULT_SEARCH_CHARS = 2048;
// Of which the request body may take at most this share; the answer gets the rest.
const REQUEST_SHARE = 0.4;

/** Collapses runs of whitespace to one space (JSON indentation is noise for search). */
export function compactText(text: string, max: number): string {
  if (max <= 0) return '';
  // Only a bounded prefix is looked at: a 5 MB body must not cost a 5 MB scan.
  const head = text.length > max * 4 ? text.slice(0, max * 4) : text;
  const compact = head.replace(/\s+/g, ' ').trim();
  return compact.length > max ? compact.slice(0, max) : compact;
}

function bodyText(body: RawCall['request']['body'] | undefined): string {
  if (!body || body.text === null || body.encoding === 'base64') return '';
  return body.text;
}

/** The search text of a decoded call: fields first, then excerpts of both bodies, lowercased and capped. */
export function buildSearchText(decoded: DecodedCall, raw: RawCall, maxChars = DEFAULT_SEARCH_CHARS): string {
  const fields = [
    decoded.actionClass === null ? decoded.action : `${decoded.actionClass}/${decoded.action}`,
    decoded.code ?? '',
    decoded.message ?? '',
    decoded.englishMessage ?? '',
    decoded.user?.platform ?? '',
    decoded.user?.userId ?? '',
    decoded.requestId ?? '',
    String(decoded.httpStatus),
    decoded.method,
    decoded.url,
  ]
    .filter((s) => s !== '')
    .join('\n');
  const head = fields.length > maxChars ? fields.slice(0, maxChars) : fields;
  let room = maxChars - head.length - 2;
  const request = compactText(bodyText(raw.request.body), Math.floor(room * REQUEST_SHARE));
  room -= request.length;
  const response = compactText(bodyText(raw.response?.body), room);
  return [head, request, response]
    .filter((s) => s !== '')
    .join('\n')
    .toLowerCase();
}
