/**
 * A call the page agent reported, as the capture log's raw call (lib/cme/types.ts `RawCall`), so the
 * panel decodes, lists and exports it like a call DevTools saw. Pure: no browser API. The page can forge
 * what it reports: the call's comment says it was reported by the page, and callers keep that mark.
 */
import type { HttpHeader, RawBody, RawCall } from '../cme/types';
import type { AgentCall } from './wire';

/** The comment every recorded call carries (HAR `comment`). */
export const REPORTED_BY_PAGE = 'Reported by the page (CME DevTools page agent)';

const headers = (list: [string, string][]): HttpHeader[] => list.map(([name, value]) => ({ name, value }));

function body(text: string | null, truncated: boolean | undefined, list: [string, string][]): RawBody | null {
  if (text === null) return null;
  const type = list.find(([name]) => name.toLowerCase() === 'content-type')?.[1];
  return {
    text,
    ...(type ? { mimeType: type } : {}),
    ...(truncated ? { truncated: true } : {}),
  };
}

/** `url` made absolute against `base` (the reporting document's URL); as it is when it cannot be. */
export function absoluteUrl(url: string, base: string | undefined): string {
  try {
    return new URL(url, base).href;
  } catch {
    return url;
  }
}

/**
 * The raw call of an agent's report; a call with no answer gets status 0 and its error. A URL the page
 * wrote relative (`/PaaS/…`, `?signature=…`) is made absolute against `base`, the reporting document's URL.
 */
export function agentCallToRawCall(call: AgentCall, base?: string): RawCall {
  const { request, response } = call;
  const injected = call.injected
    ? `; answer shaped by fault rule ${call.injected.ruleId} (${call.injected.effect.kind})`
    : '';
  return {
    startedAt: call.startedAt,
    durationMs: call.durationMs,
    request: {
      method: request.method,
      url: absoluteUrl(request.url, base),
      headers: headers(request.headers),
      body: body(request.body, request.bodyTruncated, request.headers),
    },
    response: response
      ? {
          status: response.status,
          statusText: response.statusText,
          headers: headers(response.headers),
          body: body(response.body, response.bodyTruncated, response.headers),
        }
      : { status: 0, statusText: '', headers: [], body: null, error: call.error ?? 'no answer' },
    comment: `${REPORTED_BY_PAGE} via ${call.via}${injected}`,
  };
}
