/**
 * The page agent's wire: what crosses between the page's MAIN world (the agent), the isolated-world relay
 * and the background. Pure types and bounded validators; no browser API. Everything that arrives from the
 * page side is untrusted (any page script can post it): it is checked here before anything reads it.
 *
 * The agent owns no secrets and never calls out on its own: it reports the page's own CME calls (the
 * recorder) and applies the fault rules the background sends for its tab.
 */

/** What a fault rule does to a matching call. */
export type FaultEffect =
  /**
   * Answer a CME envelope with this Code at HTTP 200, as CME does. `message` (zh) and `englishMessage` are
   * the error dictionary's text, filled in where the rules are made (the panel: `withDictionaryText`), so
   * neither the background nor the agent carries the dictionary; without them the agent answers the Code
   * as both messages.
   */
  | { kind: 'code'; code: string; message?: string; englishMessage?: string }
  /** Answer this HTTP status with an HTML body (a gateway error page, say). */
  | { kind: 'http'; status: number }
  /** Send the call for real, then hand its answer back after this many milliseconds. */
  | { kind: 'delay'; ms: number }
  /** Fail as the network would: `fetch` rejects with a TypeError, XHR fires `error`. */
  | { kind: 'network' };

/** Which calls a rule applies to: one action, one class, or every CME client API call (and/or logins). */
export interface FaultMatch {
  /** `Material/ListMedia`; `Material/*` for a class; `*` for every client API call; `Login` for logins. */
  target: string;
}

/** One fault rule of a tab. */
export interface FaultRule {
  id: string;
  enabled: boolean;
  match: FaultMatch;
  effect: FaultEffect;
  /** Only every Nth matching call (1 = each); counted per rule in the page. */
  everyNth?: number;
  /** Only this share of matching calls, 0–100 (after everyNth). */
  percent?: number;
}

// The bounds the page agent applies itself, also as plain constants: its bundle inlines them (WIRE_LIMITS
// says the same, for everyone else).
/** See WIRE_LIMITS.maxBodyChars. */
export const MAX_BODY_CHARS = 256 * 1024;
/** See WIRE_LIMITS.maxHeaders. */
export const MAX_HEADERS = 100;
/** See WIRE_LIMITS.maxHeaderChars. */
export const MAX_HEADER_CHARS = 8 * 1024;
/** See WIRE_LIMITS.maxUrlChars. */
export const MAX_URL_CHARS = 16 * 1024;
/** See WIRE_LIMITS.maxRules. */
export const MAX_RULES = 50;

/** Bounds of what the agent reports and what a rule may say. */
export const WIRE_LIMITS = {
  /** Rules per tab. */
  maxRules: MAX_RULES,
  /** A body kept by the recorder, in characters (more is cut and marked truncated). */
  maxBodyChars: MAX_BODY_CHARS,
  /** Headers per request or response, and characters per header value. */
  maxHeaders: MAX_HEADERS,
  maxHeaderChars: MAX_HEADER_CHARS,
  /** URL length. */
  maxUrlChars: MAX_URL_CHARS,
  /** Longest delay a rule may ask, in ms. */
  maxDelayMs: 120_000,
  /** Recorded calls a tab may report per minute (more are dropped and counted). */
  maxCallsPerMinute: 600,
} as const;

/** A CME call the agent saw the page make, as it reports it. Times are the page's clock (epoch ms). */
export interface AgentCall {
  /** `fetch` or `xhr`. */
  via: 'fetch' | 'xhr';
  startedAt: number;
  durationMs: number;
  request: {
    method: string;
    url: string;
    headers: [string, string][];
    body: string | null;
    bodyTruncated?: boolean;
  };
  /** null when the call failed before any answer (network error, abort). */
  response: {
    status: number;
    statusText: string;
    headers: [string, string][];
    body: string | null;
    bodyTruncated?: boolean;
  } | null;
  /** Why there was no answer (`abort`, `network`), when `response` is null. */
  error?: string;
  /** The fault rule that shaped this call's answer, if one did (its id and what it did). */
  injected?: { ruleId: string; effect: FaultEffect };
}

/** Agent → relay → background. */
export type AgentToBackground =
  | { type: 'cme-agent/call'; call: AgentCall }
  /** The agent started in a document and asks for its tab's rules. */
  | { type: 'cme-agent/hello' };

/** Background → relay → agent. */
export type BackgroundToAgent = { type: 'cme-agent/rules'; rules: FaultRule[] };

/** The string of a message's `type`, in the page's window events of the MAIN ↔ ISOLATED handshake. */
export const HANDSHAKE = {
  /** MAIN → ISOLATED (CustomEvent on window, detail: the agent's one-time token). */
  hello: 'cme-agent:hello',
  /** ISOLATED → MAIN (CustomEvent on window, no detail): the relay is listening; say hello again. */
  relay: 'cme-agent:relay',
} as const;

const isObj = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isStr = (v: unknown, max: number): v is string => typeof v === 'string' && v.length <= max;
const isNum = (v: unknown, min: number, max: number): v is number =>
  typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max;

function isHeaders(v: unknown): v is [string, string][] {
  return (
    Array.isArray(v) &&
    v.length <= WIRE_LIMITS.maxHeaders &&
    v.every(
      (h) =>
        Array.isArray(h) && h.length === 2 && isStr(h[0], 256) && isStr(h[1], WIRE_LIMITS.maxHeaderChars),
    )
  );
}

const optBool = (v: unknown) => v === undefined || typeof v === 'boolean';
const optBody = (v: unknown) => v === null || isStr(v, WIRE_LIMITS.maxBodyChars);

/** Whether `v` is a fault effect within bounds. */
export function isFaultEffect(v: unknown): v is FaultEffect {
  if (!isObj(v)) return false;
  switch (v.kind) {
    case 'code':
      return (
        isStr(v.code, 128) &&
        /^[A-Za-z][\w.]*$/.test(v.code) &&
        (v.message === undefined || isStr(v.message, 1024)) &&
        (v.englishMessage === undefined || isStr(v.englishMessage, 1024))
      );
    case 'http':
      return Number.isInteger(v.status) && isNum(v.status, 400, 599);
    case 'delay':
      return Number.isInteger(v.ms) && isNum(v.ms, 0, WIRE_LIMITS.maxDelayMs);
    case 'network':
      return true;
    default:
      return false;
  }
}

const TARGET = /^(?:\*|Login|[A-Za-z_]\w*\/(?:\*|[A-Za-z_]\w*))$/;

/** Whether `v` is a fault rule within bounds (target spelled `Class/Action`, `Class/*`, `*` or `Login`). */
export function isFaultRule(v: unknown): v is FaultRule {
  return (
    isObj(v) &&
    isStr(v.id, 64) &&
    typeof v.enabled === 'boolean' &&
    isObj(v.match) &&
    isStr(v.match.target, 200) &&
    TARGET.test(v.match.target) &&
    isFaultEffect(v.effect) &&
    (v.everyNth === undefined || (Number.isInteger(v.everyNth) && isNum(v.everyNth, 1, 1_000_000))) &&
    (v.percent === undefined || isNum(v.percent, 0, 100))
  );
}

/** Whether `v` is a recorded call within the wire's bounds (everything the page side sends is checked). */
export function isAgentCall(v: unknown): v is AgentCall {
  if (!isObj(v) || (v.via !== 'fetch' && v.via !== 'xhr')) return false;
  if (!isNum(v.startedAt, 0, 1e14) || !isNum(v.durationMs, 0, 1e9)) return false;
  const q = v.request;
  if (
    !isObj(q) ||
    !isStr(q.method, 32) ||
    !isStr(q.url, WIRE_LIMITS.maxUrlChars) ||
    !isHeaders(q.headers) ||
    !optBody(q.body) ||
    !optBool(q.bodyTruncated)
  )
    return false;
  const r = v.response;
  if (r !== null) {
    if (
      !isObj(r) ||
      !(Number.isInteger(r.status) && isNum(r.status, 0, 999)) ||
      !isStr(r.statusText, 256) ||
      !isHeaders(r.headers) ||
      !optBody(r.body) ||
      !optBool(r.bodyTruncated)
    )
      return false;
  }
  if (v.error !== undefined && !isStr(v.error, 64)) return false;
  const inj = v.injected;
  return inj === undefined || (isObj(inj) && isStr(inj.ruleId, 64) && isFaultEffect(inj.effect));
}

/** The message if it is one the agent may send (validated, bounded), else null. */
export function checkAgentMessage(v: unknown): AgentToBackground | null {
  if (!isObj(v)) return null;
  if (v.type === 'cme-agent/hello') return { type: 'cme-agent/hello' };
  if (v.type === 'cme-agent/call' && isAgentCall(v.call)) return { type: 'cme-agent/call', call: v.call };
  return null;
}

/** The message if it is a rules message within bounds, else null. */
export function checkBackgroundMessage(v: unknown): BackgroundToAgent | null {
  if (!isObj(v) || v.type !== 'cme-agent/rules' || !Array.isArray(v.rules)) return null;
  if (v.rules.length > WIRE_LIMITS.maxRules || !v.rules.every(isFaultRule)) return null;
  return { type: 'cme-agent/rules', rules: v.rules };
}
