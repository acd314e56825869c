/**
 * The background's check of what a page agent sends: the wire's own checks (lib/agent/wire.ts, the ones its
 * relay runs before passing a message on, so the bounds agree by construction; the worker runs them again,
 * since a page's renderer could skip the relay). One copy of the checks, not two (issue #20). What the
 * worker keeps or passes to a panel is rebuilt with the wire's fields only, so nothing else a page adds
 * goes on: the call as a raw call (lib/agent/record.ts), its fault rule by `injectedOf`.
 */
import {
  checkAgentMessage as wireCheck,
  type AgentCall,
  type AgentToBackground,
  type FaultEffect,
} from '../agent/wire';

/** The page-reported mark of the fault rule that shaped an answer. */
export type InjectedMark = NonNullable<AgentCall['injected']>;

function effectOf(e: FaultEffect): FaultEffect {
  if (e.kind === 'code')
    return { kind: e.kind, code: e.code, message: e.message, englishMessage: e.englishMessage };
  if (e.kind === 'http') return { kind: e.kind, status: e.status };
  if (e.kind === 'delay') return { kind: e.kind, ms: e.ms };
  return { kind: e.kind };
}

/** An agent's message checked against the wire's shapes and limits, or null: never throws. */
export function checkAgentMessage(message: unknown): AgentToBackground | null {
  try {
    return wireCheck(message);
  } catch {
    return null;
  }
}

/** The fault rule that shaped a call's answer, rebuilt with the wire's fields only; null when none did. */
export function injectedOf(call: AgentCall): InjectedMark | null {
  const i = call.injected;
  return i ? { ruleId: i.ruleId, effect: effectOf(i.effect) } : null;
}
