/**
 * CME's official hosts and how a configured endpoint is normalised: small, so pages that only compare
 * endpoints (the panel's environments at first paint) do not load the request classifier.
 */

/** The official login host (`GET https://open.cme.qcloud.com?signature=`). */
export const OFFICIAL_LOGIN_HOST = 'open.cme.qcloud.com';
/** The official client API host (`POST https://web-paas-api.cme.qcloud.com/PaaS/...?auth=`). */
export const OFFICIAL_API_HOST = 'web-paas-api.cme.qcloud.com';

/** Normalises an endpoint or URL to `scheme://host[:port]/path` without query, hash or trailing slash. */
export function normaliseEndpoint(endpoint: string): string | null {
  const parsed = parseUrl(endpoint.trim());
  return parsed === null ? null : stripSlash(parsed.origin + parsed.pathname);
}

function stripSlash(text: string): string {
  return text.endsWith('/') ? text.slice(0, -1) : text;
}

/** `new URL(text)`, or null when it is not a URL. */
export function parseUrl(text: string): URL | null {
  try {
    return new URL(text);
  } catch {
    return null;
  }
}
