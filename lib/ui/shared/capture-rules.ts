/**
 * What the pages share about capture rules: the parser's errors in the UI language, and saving an
 * environment's rules through the `environments.save` RPC (the options page and the panel use both).
 */
import type { CaptureRuleError, CaptureRuleErrorCode } from '../../cme/capture-rules';
import type { CaptureRuleSpec } from '../../cme/types';
import type { MessageKey, Translate } from '../../i18n/i18n';
import type { RpcClient } from '../../protocol';
import type { EnvironmentRecord } from '../../store/schema';

const ERROR_KEYS: Record<CaptureRuleErrorCode, MessageKey> = {
  empty: 'captureRuleErrEmpty',
  'too-long': 'captureRuleErrTooLong',
  'bad-origin': 'captureRuleErrBadOrigin',
  'no-path': 'captureRuleErrNoPath',
  'query-in-pattern': 'captureRuleErrQuery',
  'bad-char': 'captureRuleErrBadChar',
  'unknown-placeholder': 'captureRuleErrUnknownPlaceholder',
  'missing-class': 'captureRuleErrMissingClass',
  'missing-action': 'captureRuleErrMissingAction',
  'duplicate-placeholder': 'captureRuleErrDuplicate',
  'adjacent-placeholders': 'captureRuleErrAdjacent',
  'no-fixed-part': 'captureRuleErrNoFixedPart',
  'ticket-kind': 'captureRuleErrTicketKind',
  'ticket-name': 'captureRuleErrTicketName',
  'body-depth': 'captureRuleErrBodyDepth',
  'rule-syntax': 'captureRuleErrSyntax',
};

/** A rule's error as the UI says it. */
export function captureRuleErrorText(t: Translate, error: CaptureRuleError): string {
  return t(ERROR_KEYS[error.code], error.detail);
}

/** An environment's rules as saved (`captureRules` of a record from before version 3: none). */
export function rulesOf(env: Pick<EnvironmentRecord, 'captureRules'>): CaptureRuleSpec[] {
  return env.captureRules ?? [];
}

/** Saves an environment with `rules` in place of its rules (everything else as it is); the saved record. */
export function saveCaptureRules(
  rpc: Pick<RpcClient, 'request'>,
  env: EnvironmentRecord,
  rules: readonly CaptureRuleSpec[],
): Promise<EnvironmentRecord> {
  return rpc.request('environments.save', {
    id: env.id,
    name: env.name,
    loginUrl: env.loginUrl,
    apiBase: env.apiBase,
    captureRules: rules.map((r) => ({
      pattern: r.pattern,
      ticket: { in: r.ticket.in, name: r.ticket.name },
    })),
  });
}
