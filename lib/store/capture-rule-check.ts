/**
 * The pages' check of a capture rule saved with an environment: it must compile (lib/cme/capture-rules.ts).
 * Apart from environments.ts so the background's store, which takes rules our pages compiled, does not
 * ship the compiler (issue #20).
 */
import { compileCaptureRule } from '../cme/capture-rules';
import type { CaptureRuleCheck } from './environments';

/** The rule compiled and cleaned (trimmed, no stray fields); throws with the reason. */
export const compiledRule: CaptureRuleCheck = (spec, i) => {
  const compiled = compileCaptureRule(spec);
  if (!compiled.ok) {
    throw new Error(`CME DevTools store: capture rule ${i + 1}: ${compiled.error.message}.`);
  }
  return { pattern: compiled.rule.spec.pattern, ticket: compiled.rule.spec.ticket };
};
