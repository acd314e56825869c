/**
 * Outcomes of sandbox handlers and the answer bodies built from them: the PaaS envelope
 * `{Code, Message, EnglishMessage, Data, RequestId}` and both documented login answer shapes.
 *
 * Honesty rules (README, "What the sandbox invents"):
 * - Message/EnglishMessage are exactly the error dictionary's text for the Code (lib/cme/errors), or the text a
 *   CME doc example shows for that very case (`docEnglish`); our detail never goes into them.
 * - Our detail, and why an answer is ours rather than CME's, go into `SandboxDetail` ({en, zh, undocumented}),
 *   a field CME never sends, and the `X-Sandbox-Undocumented` header (server.ts), and a line of the log.
 * - A Code CME does not document for that side (client API or login) is marked; in `--strict` mode it is
 *   replaced by the closest documented Code (`closestDocumented`), and marked.
 */
import { documentedCodes, explainError } from '../../cme/errors';
import type { LoginShape } from './options';

/**
 * Why an answer is the sandbox's own and not documented CME behaviour. `reason` is short ASCII (it goes into a
 * response header); `en`/`zh` say it in full for SandboxDetail.
 */
export interface Note {
  reason: string;
  en: string;
  zh: string;
}

/** A handler succeeded; `data` is the answer's Data (omitted when undefined). */
export interface Success {
  ok: true;
  data?: Record<string, unknown>;
  /** What of this answer the docs do not define. */
  notes?: Note[];
}

/** A handler refused the call with a CME code; `en`/`zh` detail what was wrong (SandboxDetail, never Message). */
export interface Failure {
  ok: false;
  code: string;
  en?: string;
  zh?: string;
  /** HTTP status of the answer; CME answers errors with 200. */
  httpStatus?: number;
  /** The EnglishMessage a CME doc example shows for exactly this case (kept only while the Code is kept). */
  docEnglish?: string;
  /** What of this answer the docs do not define (an invented rule, limit or case). */
  notes?: Note[];
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

/** A note saying what of an answer is the sandbox's own. */
export function note(reason: string, en: string, zh: string): Note {
  return { reason, en, zh };
}

/** The outcome with notes added (a copy). */
export function withNotes<T extends Outcome>(outcome: T, ...notes: Note[]): T {
  if (notes.length === 0) return outcome;
  return { ...outcome, notes: [...(outcome.notes ?? []), ...notes] };
}

/** A failure for a rule CME's docs do not state (the sandbox's own check), marked as such. */
export function invented(f: Failure, rule: string, en: string, zh: string): Failure {
  return withNotes(f, note(`rule: ${rule}`, en, zh));
}

/** Which side of CME an answer speaks for. */
export type AnswerScope = 'api' | 'login';

const documented = { api: documentedCodes('api'), login: documentedCodes('login') };

/** True when CME's client-side docs document `code` for that side (the login, or the client API). */
export function isDocumented(code: string, scope: AnswerScope): boolean {
  return documented[scope].has(code);
}

/**
 * The documented Code `--strict` answers instead of an undocumented one:
 * - client API: `OperationDenied.*` and `AuthFailure.*` (a ticket CME would not accept: unknown, revoked,
 *   expired) → `OperationDenied.PermissionDeny`, the only documented Code about the caller's right to act;
 *   `ResourceNotFound.*` and an unknown action (`InvalidParameter.Action`: the action is the URL path, not a
 *   parameter, and `ResourceNotFound` is the documented Code for "no such thing") → `ResourceNotFound`;
 *   `InternalError.*` → `InternalError`; everything else (a missing or mistyped parameter, bad JSON, a value
 *   CME documents no special Code for) → `InvalidParameterValue`, the documented Code for a bad request value.
 * - login: anything but the documented three → `SignatureVerifyFail` (an expired signature is a signature the
 *   server does not accept).
 */
export function closestDocumented(code: string, scope: AnswerScope): string {
  if (isDocumented(code, scope)) return code;
  if (scope === 'login') return 'SignatureVerifyFail';
  if (code.startsWith('OperationDenied') || code.startsWith('AuthFailure')) {
    return 'OperationDenied.PermissionDeny';
  }
  if (code.startsWith('ResourceNotFound') || code === 'InvalidParameter.Action') return 'ResourceNotFound';
  if (code.startsWith('InternalError')) return 'InternalError';
  return 'InvalidParameterValue';
}

/** Where an undocumented Code comes from, for the note (ASCII, short). */
function provenance(code: string, scope: AnswerScope): { en: string; zh: string } {
  const known = explainError(code, scope);
  const other = scope === 'api' ? 'login' : 'client API';
  const otherZh = scope === 'api' ? '登录' : '客户端 API';
  if (!known?.source) return { en: 'in no CME docs', zh: 'CME 文档中没有' };
  if (known.source === 'client-docs' && known.scope !== scope) {
    return { en: `documented for the ${other} only`, zh: `仅在${otherZh}文档中出现` };
  }
  switch (known.source) {
    case 'server-docs':
      return { en: 'a server-API code', zh: '服务端 API 的错误码' };
    case 'third-party':
      return { en: 'seen only in third-party code', zh: '仅见于第三方代码' };
    case 'sandbox':
      return { en: "the sandbox's own code", zh: '沙箱自定义的错误码' };
    default:
      return { en: 'not documented for this side', zh: '此处未见文档' };
  }
}

/** Ends a piece of detail with a full stop, so that pieces read as sentences when joined. */
function sentence(text: string, stop = '.'): string {
  return /[.!?。！？)）]$/.test(text) ? text : text + stop;
}

/** An outcome made ready to send: the Code to answer, its exact messages, our detail and notes. */
export interface Judged {
  code: string;
  /** The Code the sandbox would answer without --strict. */
  original: string;
  messageZh: string;
  messageEn: string;
  notes: Note[];
  /** SandboxDetail, or undefined when there is nothing of ours to say. */
  detail?: { en: string; zh: string; undocumented?: string[] };
}

/** Decides the Code (documented in --strict), the exact messages and the notes of an outcome. */
export function judge(outcome: Outcome, scope: AnswerScope, strict: boolean): Judged {
  const notes = [...(outcome.notes ?? [])];
  let code = outcome.ok ? 'Success' : outcome.code;
  const original = code;
  if (!outcome.ok && !isDocumented(code, scope)) {
    const from = provenance(code, scope);
    if (strict) {
      code = closestDocumented(code, scope);
      notes.push(
        note(
          `${original} (${from.en}) answered as ${code}`,
          `CME's client docs define no Code for this case; the sandbox's own Code would be ${original} (${from.en}); --strict answers the closest documented Code, ${code}.`,
          `CME 客户端文档未规定此情形的错误码；沙箱原本回答 ${original}（${from.zh}），--strict 模式改答最接近的已记录错误码 ${code}。`,
        ),
      );
    } else {
      notes.push(
        note(
          `code ${original}: ${from.en}`,
          `${original} is not a Code CME documents for the ${scope === 'api' ? 'client API' : 'login'} (${from.en}); CME may answer differently. Run with --strict for documented Codes only.`,
          `${original} 不是 CME ${scope === 'api' ? '客户端 API ' : '登录'}文档中的错误码（${from.zh}）；真实 CME 可能返回不同结果。使用 --strict 只返回已记录的错误码。`,
        ),
      );
    }
  }
  let messageZh: string;
  let messageEn: string;
  if (code === 'Success') {
    messageZh = '成功';
    messageEn = scope === 'login' ? 'OK' : 'success';
  } else {
    const known = explainError(code, scope);
    messageZh = known?.messageZh || code;
    messageEn = known?.messageEn || code;
    if (!outcome.ok && outcome.docEnglish && code === original) messageEn = outcome.docEnglish;
  }
  const ownEn = outcome.ok || !outcome.en ? [] : [sentence(outcome.en)];
  // Without a Chinese detail, the English one stands in (with its own full stop).
  const ownZh = outcome.ok ? [] : outcome.zh ? [sentence(outcome.zh, '。')] : ownEn;
  const en = [...ownEn, ...notes.map((n) => sentence(n.en))];
  const zh = [...ownZh, ...notes.map((n) => sentence(n.zh, '。'))];
  const judged: Judged = { code, original, messageZh, messageEn, notes };
  if (en.length > 0 || zh.length > 0) {
    judged.detail = { en: en.join(' '), zh: zh.join(' ') };
    if (notes.length > 0) judged.detail.undocumented = notes.map((n) => n.reason);
  }
  return judged;
}

/** The `X-Sandbox-Undocumented` header value of some notes: ASCII, one line, bounded; null without notes. */
export function undocumentedHeader(notes: readonly Note[]): string | null {
  if (notes.length === 0) return null;
  const text = notes
    .map((n) => n.reason)
    .join('; ')
    .replace(/[^\x20-\x7e]/g, '?');
  return text.length > 1000 ? text.slice(0, 997) + '...' : text;
}

/** A PaaS answer ready to send: its body, Code and notes. */
export interface ApiAnswer {
  body: Record<string, unknown>;
  code: string;
  notes: Note[];
}

/** The PaaS answer of an outcome (`strict`: documented Codes only). */
export function renderApi(outcome: Outcome, requestId: string, strict: boolean): ApiAnswer {
  const j = judge(outcome, 'api', strict);
  const body: Record<string, unknown> = { Code: j.code, Message: j.messageZh, EnglishMessage: j.messageEn };
  if (outcome.ok && outcome.data !== undefined) body.Data = outcome.data;
  body.RequestId = requestId;
  if (j.detail) body.SandboxDetail = j.detail;
  return { body, code: j.code, notes: j.notes };
}

/** The PaaS answer body of an outcome (default mode). */
export function apiAnswer(outcome: Outcome, requestId: string, strict = false): Record<string, unknown> {
  return renderApi(outcome, requestId, strict).body;
}

/** What a successful login hands back. */
export interface LoginGrant {
  appId: number;
  platform: string;
  userId: string;
  tfUid: string;
  authorization: string;
}

/** The login answer body in the chosen shape, with its Code and notes. */
export function loginAnswer(
  shape: LoginShape,
  result: LoginGrant | Failure,
  requestId: string,
  strict = false,
): ApiAnswer {
  const granted = !('ok' in result);
  if (granted) {
    if (shape === 'current') {
      const body = {
        Response: {
          AppId: result.appId,
          Authorization: result.authorization,
          Platform: result.platform,
          RequestId: requestId,
          TfUid: result.tfUid,
        },
      };
      return { body, code: 'Success', notes: [] };
    }
    const body = {
      Code: 'Success',
      Message: '成功',
      EnglishMessage: 'OK',
      Data: {
        AppId: result.appId,
        Platform: result.platform,
        UserId: result.userId,
        Authorization: result.authorization,
      },
      RequestId: requestId,
    };
    return { body, code: 'Success', notes: [] };
  }
  const j = judge(result, 'login', strict);
  if (shape === 'current') {
    // The current shape carries one message; the documented example is English ("platform not exist").
    const response: Record<string, unknown> = {
      Error: { Code: j.code, Message: j.messageEn },
      RequestId: requestId,
    };
    if (j.detail) response.SandboxDetail = j.detail;
    return { body: { Response: response }, code: j.code, notes: j.notes };
  }
  const body: Record<string, unknown> = {
    Code: j.code,
    Message: j.messageZh,
    EnglishMessage: j.messageEn,
    RequestId: requestId,
  };
  if (j.detail) body.SandboxDetail = j.detail;
  return { body, code: j.code, notes: j.notes };
}
