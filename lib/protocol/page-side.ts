/**
 * What a page does before its request leaves for the background. The background answers pages of this
 * extension only (sender.ts) and keeps its code small (issue #20: ≤ 15 KB gz), so the work that belongs to
 * the asking page happens here, in the page: the params are checked (validate.ts: a page learns at once
 * what it sent wrong, with the same message as before), capture rules are compiled where they are written
 * (`environments.save`) and a replay's rule is matched against the captured request (`replay`: the worker
 * gets what it read, `hit`). The client loads this on a page's first request (a dynamic import: in no
 * page's first paint, never in the worker); the rule compiler loads only for a request that has rules.
 */
import type { CaptureRuleSpec } from '../cme/types';
import { actionFailure } from './messages';
import type { RpcMethod, RpcParams, RpcResult } from './protocol';
import { validateRequest } from './validate';

/** The request to send (checked, rebuilt with known fields only), the answer without the background, or why not. */
export type PreparedRequest =
  | { ok: true; params: RpcParams<RpcMethod> }
  | { ok: true; answer: RpcResult<RpcMethod> }
  | { ok: false; message: string };

/** Check and complete a request in the page. Never throws. */
export async function preparePageRequest(method: string, params: unknown): Promise<PreparedRequest> {
  const checked = validateRequest(method, params);
  if (!checked.ok) return { ok: false, message: checked.error.message };
  if (checked.method === 'environments.save') {
    const p = checked.params as RpcParams<'environments.save'>;
    if (p.captureRules === undefined || p.captureRules.length === 0) return checked;
    const { compileCaptureRule } = await import('../cme/capture-rules');
    const rules: CaptureRuleSpec[] = [];
    for (const [i, spec] of p.captureRules.entries()) {
      const compiled = compileCaptureRule(spec);
      if (!compiled.ok) return { ok: false, message: `capture rule ${i + 1}: ${compiled.error.message}` };
      rules.push({ pattern: compiled.rule.spec.pattern, ticket: compiled.rule.spec.ticket });
    }
    return { ok: true, params: { ...p, captureRules: rules } };
  }
  if (checked.method === 'replay') {
    const p = checked.params as RpcParams<'replay'>;
    if (p.rule === undefined) return checked;
    const { compileCaptureRule, matchCaptureRules } = await import('../cme/capture-rules');
    const compiled = compileCaptureRule(p.rule);
    if (!compiled.ok) {
      return {
        ok: true,
        answer: actionFailure('input', `The capture rule is not valid: ${compiled.error.message}`),
      };
    }
    const { method: verb, url, headers, body } = p.capture.request;
    const hit = matchCaptureRules({ method: verb, url, headers: headers ?? [], body }, [compiled.rule]);
    // Not echoed: the URL may hold a ticket.
    if (hit === null) {
      return {
        ok: true,
        answer: actionFailure('input', 'The capture rule does not match the captured request'),
      };
    }
    const { actionClass, action, ticket } = hit;
    return { ok: true, params: { ...p, rule: compiled.rule.spec, hit: { actionClass, action, ticket } } };
  }
  return checked;
}
