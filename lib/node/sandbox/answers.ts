/**
 * Outcomes of sandbox handlers and the answer bodies built from them: the PaaS envelope
 * `{Code, Message, EnglishMessage, Data, RequestId}` and both documented login answer shapes.
 * Messages come from the shared error catalogue (lib/cme/errors), with a detail naming what was wrong.
 */
import { explainError } from '../../cme/errors';
import type { LoginShape } from './options';

/** A handler succeeded; `data` is the answer's Data (omitted when undefined). */
export interface Success {
  ok: true;
  data?: Record<string, unknown>;
}

/** A handler refused the call with a CME code; `en`/`zh` detail what was wrong. */
export interface Failure {
  ok: false;
  code: string;
  en?: string;
  zh?: string;
  /** HTTP status of the answer; CME answers errors with 200. */
  httpStatus?: number;
}

/** What a handler returns. */
export type Outcome = Success | Failure;

/** A success outcome. */
export function success(data?: Record<string, unknown>): Success {
  return data === undefined ? { ok: true } : { ok: true, data };
}

/** A failure outcome with an optional detail in English and Chinese. */
export function fail(code: string, en?: string, zh?: string): Failure {
  const out: Failure = { ok: false, code };
  if (en !== undefined) out.en = en;
  if (zh !== undefined) out.zh = zh;
  return out;
}

/** zh and en messages for a code in a scope, with the failure's detail appended. */
export function messagesFor(
  code: string,
  scope: 'api' | 'login',
  detail: { en?: string; zh?: string } = {},
): { zh: string; en: string } {
  if (code === 'Success') return scope === 'login' ? { zh: '成功', en: 'OK' } : { zh: '成功', en: 'success' };
  const known = explainError(code, scope);
  const baseZh = (known?.messageZh ?? '').replace(/[。.]$/, '') || code;
  const baseEn = known?.messageEn || code;
  let zh = baseZh;
  if (detail.zh) zh = `${baseZh}：${detail.zh}`;
  else if (detail.en) zh = `${baseZh}（${detail.en}）`;
  const en = detail.en ? `${baseEn}: ${detail.en}` : baseEn;
  return { zh, en };
}

/** The PaaS answer body of an outcome. */
export function apiAnswer(outcome: Outcome, requestId: string): Record<string, unknown> {
  const code = outcome.ok ? 'Success' : outcome.code;
  const m = messagesFor(code, 'api', outcome.ok ? {} : outcome);
  const body: Record<string, unknown> = { Code: code, Message: m.zh, EnglishMessage: m.en };
  if (outcome.ok && outcome.data !== undefined) body.Data = outcome.data;
  body.RequestId = requestId;
  return body;
}

/** What a successful login hands back. */
export interface LoginGrant {
  appId: number;
  platform: string;
  userId: string;
  tfUid: string;
  authorization: string;
}

/** The login answer body in the chosen shape. */
export function loginAnswer(
  shape: LoginShape,
  result: LoginGrant | Failure,
  requestId: string,
): Record<string, unknown> {
  const granted = !('ok' in result);
  if (shape === 'current') {
    if (granted) {
      return {
        Response: {
          AppId: result.appId,
          Authorization: result.authorization,
          Platform: result.platform,
          RequestId: requestId,
          TfUid: result.tfUid,
        },
      };
    }
    // The current shape carries one message; the documented example is English ("platform not exist").
    const m = messagesFor(result.code, 'login', result);
    return { Response: { Error: { Code: result.code, Message: m.en }, RequestId: requestId } };
  }
  if (granted) {
    const m = messagesFor('Success', 'login');
    return {
      Code: 'Success',
      Message: m.zh,
      EnglishMessage: m.en,
      Data: {
        AppId: result.appId,
        Platform: result.platform,
        UserId: result.userId,
        Authorization: result.authorization,
      },
      RequestId: requestId,
    };
  }
  const m = messagesFor(result.code, 'login', result);
  return { Code: result.code, Message: m.zh, EnglishMessage: m.en, RequestId: requestId };
}
