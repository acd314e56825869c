/**
 * Tells CME calls apart from the rest of a page's traffic: a login (signature for ticket exchange),
 * a client API call (`/PaaS/<ActionClass>/<ActionName>?auth=`), or anything else. Runs on every request.
 */
import { matchCaptureRules, mayMatchRules, type RuleRequest } from './capture-rules';
import { normaliseEndpoint, OFFICIAL_API_HOST, OFFICIAL_LOGIN_HOST, parseUrl } from './endpoints';
import { decodeSignature } from './signature';
import type { Classification, ClassifyOptions } from './types';

export { normaliseEndpoint, OFFICIAL_API_HOST, OFFICIAL_LOGIN_HOST } from './endpoints';

// 20 HMAC bytes plus a plaintext take at least 28 Base64 characters.
const MIN_SIGNATURE_CHARS = 28;

const OTHER: Classification = Object.freeze({ kind: 'other' });

// `/PaaS/` is matched case-sensitively, as the docs spell it; a prefix before it (a proxy path) is allowed,
// and the action name must end the path (an optional trailing slash aside).
const PAAS_PATH = /\/PaaS\/([A-Za-z_][A-Za-z0-9_]*)\/([A-Za-z_][A-Za-z0-9_]*)\/?$/;

/**
 * Classifies a request as a CME login, a CME client API call, or other. Cheap for non-CME traffic.
 * Capture rules (`opts.captureRules`) read headers and the body too; a call they match is `proxied`.
 */
export function classifyRequest(req: RuleRequest, opts?: ClassifyOptions): Classification {
  const url = req.url;
  // Substring checks first: most requests of a busy page are rejected here without parsing a URL.
  const maybeLogin = url.includes('signature=');
  const maybeApi = url.includes('/PaaS/') && url.includes('auth=');
  const rules = opts?.captureRules;
  const maybeRule = rules !== undefined && rules.length > 0 && mayMatchRules(url, rules);
  if (!maybeLogin && !maybeApi && !maybeRule) return OTHER;
  const method = req.method.toUpperCase();
  if (method === 'OPTIONS') return OTHER;
  const parsed = parseUrl(url);
  if (parsed === null) return OTHER;
  if (maybeRule) {
    const hit = matchCaptureRules(req, rules, parsed);
    if (hit !== null) {
      return {
        kind: 'api',
        actionClass: hit.actionClass,
        action: hit.action,
        auth: hit.ticket,
        host: hit.host,
        proxied: true,
        rule: hit.rule.spec,
      };
    }
  }
  if (maybeLogin && method === 'GET') {
    const login = classifyLogin(parsed, opts?.loginEndpoints);
    if (login !== null) return login;
  }
  if (maybeApi) {
    const api = classifyApi(parsed, opts?.apiBases);
    if (api !== null) return api;
  }
  return OTHER;
}

function classifyLogin(url: URL, endpoints: string[] | undefined): Classification | null {
  // URLSearchParams decodes `+` as a space; an unencoded signature keeps those spaces and
  // decodeSignature tolerates them, so the text is kept as read.
  const signature = url.searchParams.get('signature');
  if (signature === null) return null;
  const host = url.host;
  if (url.hostname === OFFICIAL_LOGIN_HOST || matchesAny(url, endpoints)) {
    return { kind: 'login', signature, host, official: true };
  }
  // Elsewhere (a company proxy, a sandbox not configured) only a real Login signature counts. The length
  // check is looksLikeSignature's cheap part (20 HMAC bytes + plaintext); its full read is the decode itself.
  if (signature.length < MIN_SIGNATURE_CHARS) return null;
  if (decodeSignature(signature).fields?.action !== 'Login') return null;
  return { kind: 'login', signature, host, official: false };
}

function classifyApi(url: URL, bases: string[] | undefined): Classification | null {
  const match = PAAS_PATH.exec(url.pathname);
  if (match === null) return null;
  const auth = url.searchParams.get('auth');
  if (auth === null) return null;
  const official = url.hostname === OFFICIAL_API_HOST || matchesAny(url, bases);
  return {
    kind: 'api',
    actionClass: match[1] ?? '',
    action: match[2] ?? '',
    auth,
    host: url.host,
    proxied: !official,
  };
}

// Normalised prefixes per configured list (settings objects are long-lived); `source` catches in-place edits.
const normalisedCache = new WeakMap<string[], { source: string[]; normalised: string[] }>();

function normalisedList(prefixes: string[]): string[] {
  const cached = normalisedCache.get(prefixes);
  if (cached && sameList(cached.source, prefixes)) return cached.normalised;
  const normalised: string[] = [];
  for (const p of prefixes) {
    const n = normaliseEndpoint(p);
    if (n !== null) normalised.push(n);
  }
  normalisedCache.set(prefixes, { source: prefixes.slice(), normalised });
  return normalised;
}

function sameList(a: string[], b: string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function matchesAny(url: URL, prefixes: string[] | undefined): boolean {
  if (prefixes === undefined || prefixes.length === 0) return false;
  const normalised = normalisedList(prefixes);
  const target = url.origin + url.pathname;
  for (const prefix of normalised) {
    // Prefix match on a path-segment boundary: `/api` matches `/api` and `/api/x`, not `/apix`.
    if (target.startsWith(prefix) && (target.length === prefix.length || target[prefix.length] === '/')) {
      return true;
    }
  }
  return false;
}
