/**
 * Where fault rules are made (the panel): a `code` effect gets CME's real zh Message and en EnglishMessage
 * from the error dictionary before the rules go through the background to the page agent (neither carries
 * the dictionary).
 */
import { explainError } from '../cme/errors';
import type { FaultRule } from './wire';

/** The rules with each `code` effect's messages filled from the dictionary (login scope for `Login`). */
export function withDictionaryText(rules: readonly FaultRule[]): FaultRule[] {
  return rules.map((rule) => {
    const effect = rule.effect;
    if (effect.kind !== 'code') return rule;
    const scope = rule.match.target === 'Login' ? 'login' : 'api';
    const ex = explainError(effect.code, scope);
    if (ex === null) return rule;
    return { ...rule, effect: { ...effect, message: ex.messageZh, englishMessage: ex.messageEn } };
  });
}
