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
const value = text(L.maxHeaderChars, { allowEmpty: true });
const header: Check<[string, string]> = (v, path) => {
  if (!Array.isArray(v) || v.length !== 2)
    return { ok: false, message: `${path} must be a [name, value] pair` };
  const name = value(v[0], `${path}[0]`);
  if (!name.ok) return name;
  const val = value(v[1], `${path}[1]`);
  return val.ok ? { ok: true, value: [name.value, val.value] } : val;
};
const headers = arrayOf(header, 0, L.maxHeaders);
const body = nullable(text(L.maxBodyChars, { allowEmpty: true }));
const ruleId = text(100);

const EFFECTS: { [K in FaultEffect['kind']]: Check<Extract<FaultEffect, { kind: K }>> } = {
  code: object({ kind: oneOf(['code'] as const), code: text(100) }),
  http: object({ kind: oneOf(['http'] as const), status: int(100, 599) }),
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
  percent: optional((v: unknown, path: string): Checked<number> => {
    const n = num(v, path);
    return n.ok && (n.value < 0 || n.value > 100) ? { ok: false, message: `${path} must be 0–100` } : n;
  }),
});

/** A tab's rules (at most WIRE_LIMITS.maxRules). */
export const faultRules = arrayOf(faultRule, 0, L.maxRules);

// Unknown fields of a report are dropped, not refused: the agent may send more than this background reads.
const agentCall: Check<AgentCall> = loose({
  via: oneOf(['fetch', 'xhr'] as const),
  startedAt: num,
  durationMs: num,
  request: loose({
    method: text(20),
    url: text(L.maxUrlChars),
    headers,
    body,
    bodyTruncated: optional(bool),
  }),
  response: nullable(
    loose({
      status: int(0, 999),
      statusText: text(200, { allowEmpty: true }),
      headers,
      body,
      bodyTruncated: optional(bool),
    }),
  ),
  error: optional(text(200, { allowEmpty: true })),
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
