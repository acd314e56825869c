/**
 * Checks of what the page agent sends (lib/agent/wire.ts), bounded by WIRE_LIMITS, and of the fault rules
 * a page of ours sets. Everything from the page side is untrusted: any page script can post it.
 */
import { WIRE_LIMITS, type AgentCall, type AgentToBackground, type FaultEffect } from '../agent/wire';
import {
  arrayOf,
  bool,
  int,
  loose,
  nullable,
  num,
  object,
  oneOf,
  optional,
  text,
  type Check,
  type Checked,
} from './checks';

const L = WIRE_LIMITS;
/** A finite number in [min, max] (not necessarily whole). */
const range =
  (min: number, max: number): Check<number> =>
  (v, path): Checked<number> => {
    const n = num(v, path);
    return n.ok && (n.value < min || n.value > max)
      ? { ok: false, message: `${path} must be ${min}–${max}` }
      : n;
  };
// Bounds agree with the relay's own checks (lib/agent/wire.ts `isAgentCall`, `isFaultRule`): a rule this
// accepts is one the relay passes on (test/protocol/agent-checks.test.ts holds them side by side).
const value = text(L.maxHeaderChars, { allowEmpty: true });
const headerName = text(256, { allowEmpty: true });
const header: Check<[string, string]> = (v, path) => {
  if (!Array.isArray(v) || v.length !== 2)
    return { ok: false, message: `${path} must be a [name, value] pair` };
  const name = headerName(v[0], `${path}[0]`);
  if (!name.ok) return name;
  const val = value(v[1], `${path}[1]`);
  return val.ok ? { ok: true, value: [name.value, val.value] } : val;
};
const headers = arrayOf(header, 0, L.maxHeaders);
const body = nullable(text(L.maxBodyChars, { allowEmpty: true }));
const ruleId = text(64);
const dictionaryText = optional(text(1024, { allowEmpty: true }));

const EFFECTS: { [K in FaultEffect['kind']]: Check<Extract<FaultEffect, { kind: K }>> } = {
  // message/englishMessage: the error dictionary's text, filled in by the panel (the background carries no
  // dictionary: 6.5 KB gz); without them the agent answers the Code as both messages.
  code: object({
    kind: oneOf(['code'] as const),
    code: text(100, { match: [/^[A-Za-z][\w.]*$/, 'a CME Code such as InvalidParameter.Limit'] }),
    message: dictionaryText,
    englishMessage: dictionaryText,
  }),
  http: object({ kind: oneOf(['http'] as const), status: int(400, 599) }),
  delay: object({ kind: oneOf(['delay'] as const), ms: int(0, L.maxDelayMs) }),
  network: object({ kind: oneOf(['network'] as const) }),
};

/** A fault rule's effect, by its kind. */
export const faultEffect: Check<FaultEffect> = (v, path) => {
  const kind = (v as { kind?: unknown } | null)?.kind;
  return typeof kind === 'string' && Object.hasOwn(EFFECTS, kind)
    ? EFFECTS[kind as FaultEffect['kind']](v, path)
    : { ok: false, message: `${path}.kind must be one of code, http, delay, network` };
};

/** `*`, `Login`, `Class/*` or `Class/Action`. */
const TARGET = /^(\*|Login|[A-Za-z][A-Za-z0-9_]*\/(\*|[A-Za-z][A-Za-z0-9_]*))$/;

/** One fault rule. */
export const faultRule = object({
  id: ruleId,
  enabled: bool,
  match: object({ target: text(200, { match: [TARGET, '*, Login, Class/* or Class/Action'] }) }),
  effect: faultEffect,
  everyNth: optional(int(1, 1_000_000)),
  percent: optional(range(0, 100)),
});

/** A tab's rules (at most WIRE_LIMITS.maxRules). */
export const faultRules = arrayOf(faultRule, 0, L.maxRules);

// Unknown fields of a report are dropped, not refused: the agent may send more than this background reads.
const agentCall: Check<AgentCall> = loose({
  via: oneOf(['fetch', 'xhr'] as const),
  startedAt: range(0, 1e14),
  durationMs: range(0, 1e9),
  request: loose({
    method: text(32),
    url: text(L.maxUrlChars),
    headers,
    body,
    bodyTruncated: optional(bool),
  }),
  response: nullable(
    loose({
      status: int(0, 999),
      statusText: text(256, { allowEmpty: true }),
      headers,
      body,
      bodyTruncated: optional(bool),
    }),
  ),
  error: optional(text(64, { allowEmpty: true })),
  injected: optional(loose({ ruleId, effect: faultEffect })),
});

const MESSAGES = {
  'cme-agent/call': loose({ type: oneOf(['cme-agent/call'] as const), call: agentCall }),
  'cme-agent/hello': loose({ type: oneOf(['cme-agent/hello'] as const) }),
};

/** An agent's message checked (rebuilt with known fields only), or null: never throws. */
export function checkAgentMessage(message: unknown): AgentToBackground | null {
  try {
    const type = (message as { type?: unknown } | null)?.type;
    if (typeof type !== 'string' || !Object.hasOwn(MESSAGES, type)) return null;
    const checked = MESSAGES[type as keyof typeof MESSAGES](message, 'message');
    return checked.ok ? (checked.value as AgentToBackground) : null;
  } catch {
    return null;
  }
}
