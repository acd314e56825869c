/**
 * What the agent's fetch and XHR wrappers share: the CME matcher, header and body bounds, and the core the
 * installer builds (rules, clock, reporting).
 */
import type { CmeTarget, FakeAnswer } from './fault-rules';
import { MAX_BODY_CHARS, MAX_HEADERS, MAX_HEADER_CHARS, type AgentCall, type FaultRule } from './wire';

/** Sends a call's report once its end is known: the request body, the answer (null: none) and why not. */
export type Recorder = (body: string | null, response: AgentCall['response'], error?: string) => void;

/** The agent's state shared by the fetch and XHR wrappers. */
export interface AgentCore {
  win: typeof globalThis;
  now: () => number;
  /** The rule that shapes this call, or null (counts move on). */
  pick(t: CmeTarget): FaultRule | null;
  /** Starts the report of one call (its clock starts now); the returned function sends it. */
  record(
    via: AgentCall['via'],
    method: string,
    url: string,
    headers: [string, string][],
    rule: FaultRule | null,
  ): Recorder;
  /** A made-up answer for a rule's `code`/`http` effect. */
  answer(rule: FaultRule, t: CmeTarget): FakeAnswer | null;
  /** Firefox (its fetch network error text). */
  firefox: boolean;
  /** The URL of a string or URL argument; '' for anything else (not stringified: no page code runs). */
  urlOf(u: unknown): string;
}

const PAAS = /\/PaaS\/[A-Za-z_]\w*\/[A-Za-z_]\w*\/?$/;
const MAX = MAX_BODY_CHARS;

/**
 * Whether a request is a CME call the agent handles: a login (`GET …?signature=<28+ chars>`) or a client API
 * call (`…/PaaS/<Class>/<Action>?auth=`, any method but OPTIONS). Substring checks first: cheap for the rest.
 */
export function cmeTarget(method: string, url: string): CmeTarget | null {
  const login = url.includes('signature=');
  if (!login && !url.includes('/PaaS/')) return null;
  const m = method.toUpperCase();
  const q = url.indexOf('?');
  const path = (q < 0 ? url : url.slice(0, q)).split('#')[0]!;
  const query = q < 0 ? '' : url.slice(q);
  if (login && m === 'GET' && /[?&]signature=[^&#]{28}/.test(query)) return { login: true };
  if (m === 'OPTIONS' || !/[?&]auth=/.test(query) || !PAAS.test(path)) return null;
  const [cls, action] = path.slice(path.lastIndexOf('/PaaS/') + 6).split('/') as [string, string];
  return { login: false, cls, action };
}

/** Header pairs of any form fetch takes (bounded), never throwing. */
export function headerPairs(h: unknown): [string, string][] {
  const out: [string, string][] = [];
  try {
    const list: Iterable<unknown> =
      h == null
        ? []
        : typeof (h as Iterable<unknown>)[Symbol.iterator] === 'function'
          ? (h as Iterable<unknown>)
          : Object.entries(h);
    for (const pair of list) {
      const [k, v] = pair as [unknown, unknown];
      if (out.length < MAX_HEADERS) out.push([String(k), String(v).slice(0, MAX_HEADER_CHARS)]);
    }
  } catch {
    // A header form fetch itself would reject: nothing to report.
  }
  return out;
}

/** A body cut to the wire's limit. */
export const cut = (s: string | null) =>
  s === null || s.length <= MAX ? { body: s } : { body: s.slice(0, MAX), bodyTruncated: true };
