/**
 * The background's check of what a page agent sends: the wire's own checks (lib/agent/wire.ts, the ones its
 * relay runs before passing a message on, so the bounds agree by construction; the worker runs them again,
 * since a page's renderer could skip the relay), then the call rebuilt with the wire's fields only, so
 * nothing else a page adds is stored or passed to a panel. One copy of the checks, not two (issue #20).
 */
import { checkAgentMessage as wireCheck, type AgentToBackground, type FaultEffect } from '../agent/wire';

type Side = { headers: [string, string][]; body: string | null; bodyTruncated?: boolean };

const side = (s: Side): Side => ({
  headers: s.headers.map(([name, value]): [string, string] => [name, value]),
  body: s.body,
  bodyTruncated: s.bodyTruncated,
});

function effectOf(e: FaultEffect): FaultEffect {
  if (e.kind === 'code')
    return { kind: e.kind, code: e.code, message: e.message, englishMessage: e.englishMessage };
  if (e.kind === 'http') return { kind: e.kind, status: e.status };
  if (e.kind === 'delay') return { kind: e.kind, ms: e.ms };
  return { kind: e.kind };
}

/** An agent's message checked (rebuilt with known fields only), or null: never throws. */
export function checkAgentMessage(message: unknown): AgentToBackground | null {
  let checked: AgentToBackground | null;
  try {
    checked = wireCheck(message);
  } catch {
    return null;
  }
  if (checked?.type !== 'cme-agent/call') return checked;
  const { via, startedAt, durationMs, request: q, response: r, error, injected: i } = checked.call;
  return {
    type: 'cme-agent/call',
    call: {
      via,
      startedAt,
      durationMs,
      request: { method: q.method, url: q.url, ...side(q) },
      response: r && { status: r.status, statusText: r.statusText, ...side(r) },
      error,
      injected: i && { ruleId: i.ruleId, effect: effectOf(i.effect) },
    },
  };
}
