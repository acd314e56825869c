/**
 * The Faults form's checks: the rule a draft describes, or why it is none (a message key). Loaded when a
 * rule is first added, so the panel's first paint does not carry the page agent's wire checks.
 */
import { isFaultRule, WIRE_LIMITS, type FaultEffect, type FaultRule } from '../../agent/wire';
import type { DraftProblem, FaultDraft } from './fault-types';

/** Rules per tab (the wire's limit). */
export const MAX_FAULT_RULES = WIRE_LIMITS.maxRules;

const TARGET = /^(?:\*|Login|[A-Za-z_]\w*\/(?:\*|[A-Za-z_]\w*))$/;
const CODE = /^[A-Za-z][\w.]*$/;

const intIn = (text: string, min: number, max: number): number | null => {
  const t = text.trim();
  if (!/^\d+$/.test(t)) return null;
  const n = Number(t);
  return n >= min && n <= max ? n : null;
};

/** The effect a draft describes, or why it is none. */
export function effectOfDraft(d: FaultDraft): FaultEffect | DraftProblem {
  switch (d.kind) {
    case 'code':
      return CODE.test(d.code.trim()) && d.code.trim().length <= 128
        ? { kind: 'code', code: d.code.trim() }
        : 'faultsNeedCode';
    case 'http': {
      const status = intIn(d.status, 400, 599);
      return status === null ? 'faultsBadStatus' : { kind: 'http', status };
    }
    case 'delay': {
      const ms = intIn(d.ms, 0, WIRE_LIMITS.maxDelayMs);
      return ms === null ? 'faultsBadDelay' : { kind: 'delay', ms };
    }
    case 'network':
      return { kind: 'network' };
  }
}

/** The rule a draft describes (enabled, with `id`), or why it is none. */
export function ruleOfDraft(d: FaultDraft, id: string): FaultRule | DraftProblem {
  const target = d.target.trim();
  if (!target) return 'faultsNeedTarget';
  if (!TARGET.test(target) || target.length > 200) return 'faultsBadTarget';
  const effect = effectOfDraft(d);
  if (typeof effect === 'string') return effect;
  const rule: FaultRule = { id, enabled: true, match: { target }, effect };
  if (d.everyNth.trim()) {
    const n = intIn(d.everyNth, 1, 1_000_000);
    if (n === null) return 'faultsBadNth';
    if (n > 1) rule.everyNth = n;
  }
  if (d.percent.trim()) {
    const t = d.percent.trim();
    const p = /^\d+(?:\.\d+)?$/.test(t) ? Number(t) : NaN;
    if (!(p >= 0 && p <= 100)) return 'faultsBadPercent';
    if (p < 100) rule.percent = p;
  }
  return isFaultRule(rule) ? rule : 'faultsBadTarget';
}
