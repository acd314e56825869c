/**
 * Which fault rule shapes a CME call, and the answer it injects. Pure and tiny: the page agent bundles it
 * (≤ 4 KB gz in all), so the dictionary's text comes in on the rule (`withDictionaryText`, where rules are made).
 */
import type { FaultEffect, FaultRule } from './wire';

/** A CME call as the agent sees it: a client API call (`cls`/`action`) or a login. */
export type CmeTarget = { login: true } | { login: false; cls: string; action: string };

/** Per-rule match counts of a document (everyNth counts each rule's matching calls). */
export type RuleCounts = Map<string, number>;

/** Whether a rule's target names this call. */
export function targets(target: string, call: CmeTarget): boolean {
  if (call.login) return target === 'Login';
  return target === '*' || target === `${call.cls}/*` || target === `${call.cls}/${call.action}`;
}

/**
 * The rule that shapes this call: the first enabled rule whose target names it. That rule's count moves on
 * whether or not it fires; it fires on every Nth match (`everyNth`), then for `percent` of those
 * (`random()` in [0, 1)). null: the call goes through unchanged (later rules are not tried).
 */
export function pickRule(
  rules: readonly FaultRule[],
  call: CmeTarget,
  counts: RuleCounts,
  random: () => number,
): FaultRule | null {
  for (const rule of rules) {
    if (!rule.enabled || !targets(rule.match.target, call)) continue;
    const n = (counts.get(rule.id) ?? 0) + 1;
    counts.set(rule.id, n);
    if (n % (rule.everyNth ?? 1) !== 0) return null;
    if (rule.percent !== undefined && random() * 100 >= rule.percent) return null;
    return rule;
  }
  return null;
}

/** An answer the agent makes up instead of the network's. */
export interface FakeAnswer {
  status: number;
  statusText: string;
  contentType: string;
  body: string;
}

/**
 * The answer of a `code` or `http` effect (null for `delay` and `network`, which are not answers). A code is
 * CME's envelope at HTTP 200 — `{Code, Message, EnglishMessage, RequestId}`, or for a login the current
 * shape `{Response: {Error: {Code, Message}, RequestId}}` (English, as CME's login answers); an HTTP status
 * gets a small gateway-style HTML page (no reason phrase, as over HTTP/2).
 */
export function fakeAnswer(effect: FaultEffect, login: boolean, requestId: string): FakeAnswer | null {
  if (effect.kind === 'code') {
    const zh = effect.message ?? effect.code;
    const en = effect.englishMessage ?? effect.code;
    const body = login
      ? { Response: { Error: { Code: effect.code, Message: en }, RequestId: requestId } }
      : { Code: effect.code, Message: zh, EnglishMessage: en, RequestId: requestId };
    return { status: 200, statusText: 'OK', contentType: 'application/json', body: JSON.stringify(body) };
  }
  if (effect.kind === 'http') {
    // No reason phrase, as over HTTP/2 (what CME's hosts speak to browsers).
    return {
      status: effect.status,
      statusText: '',
      contentType: 'text/html',
      body: `<html><head><title>${effect.status}</title></head><body><h1>${effect.status}</h1></body></html>`,
    };
  }
  return null;
}
