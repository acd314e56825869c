/**
 * Client API dispatch of the sandbox (`POST /PaaS/<ActionClass>/<ActionName>?auth=`): action look-up in the
 * shared catalogue, ticket check, JSON parse, catalogue parameter check, then the action's handler.
 *
 * CME's client docs define none of these request-level refusals (no Code for an unknown action, a missing
 * ticket, bad JSON, a missing or mistyped parameter): each answer says so (answers.ts `judge`), and `--strict`
 * answers the closest documented Code. Unknown parameters are ignored, as the docs imply, and named in the note.
 */
import { checkBody, findAction } from '../../cme/catalogue';
import type { CatalogueEntry, ParamFinding } from '../../cme/types';
import { fail, invented, note, renderApi, withNotes, type Failure, type Note, type Outcome } from './answers';
import type { ActionContext, Handler } from './actions/index';
import { checkSignature } from './login';
import { findPlatform, isoTime, ticketProblem, type SandboxState } from './model';
import type { SandboxOptions } from './options';

/** What the dispatcher needs besides the request. */
export interface ApiEnv {
  state: SandboxState;
  options: SandboxOptions;
  handlers: Map<string, Handler>;
  nowMs: number;
  requestId: string;
}

/** One client API request as the HTTP layer read it. */
export interface ApiRequest {
  actionClass: string;
  action: string;
  /** The `auth` query parameter; null when absent. */
  auth: string | null;
  bodyText: string;
}

/** The answer to send and what happened. */
export interface ApiResult {
  status: number;
  body: Record<string, unknown>;
  code: string;
  /** What of the answer CME's docs do not define (header, log). */
  notes: Note[];
  /** The state changed and should be persisted. */
  changed: boolean;
  /** A handler exception (answered as InternalError). */
  error?: unknown;
}

// Actions that only read; everything else changes the state when it succeeds.
const READ_ONLY = /^(Describe|List|Search)/;

function findingFailure(findings: ParamFinding[]): Failure | null {
  const missing = findings.filter((f) => f.problem === 'missing');
  if (missing.length > 0) {
    const en = missing.map((f) => `"${f.param}" (${f.expected ?? '?'})`).join(', ');
    const zh = missing.map((f) => `${f.param}（${f.expected ?? '?'}）`).join('、');
    return fail('MissingParameter', `Missing required parameter ${en}.`, `缺少必填参数 ${zh}。`);
  }
  const typed = findings.filter((f) => f.problem === 'type');
  if (typed.length === 0) return null;
  const first = typed[0]!;
  const en = typed.map((f) => f.message).join('; ');
  return invented(
    fail('InvalidParameterValue', en, `参数 ${first.param} 类型错误，应为 ${first.expected ?? '?'}`),
    'parameter type check',
    "The sandbox checks each parameter's type against the docs' tables; the docs do not say how CME answers a wrong type.",
    '沙箱按文档参数表检查类型；文档未说明 CME 对类型错误如何返回。',
  );
}

// Wrapped, so that a body such as {"ok": false} is never mistaken for a failure.
function parseBody(text: string): { body: Record<string, unknown> } | { failure: Failure } {
  if (text.trim() === '') return { body: {} };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    return {
      failure: fail('InvalidParameter.JsonParse', `The body is not JSON: ${why}`, '请求体不是合法的 JSON'),
    };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    const got = json === null ? 'null' : Array.isArray(json) ? 'an array' : typeof json;
    return {
      failure: fail(
        'InvalidParameter.JsonParse',
        `The body must be a JSON object, got ${got}.`,
        '请求体须为 JSON 对象。',
      ),
    };
  }
  return { body: json as Record<string, unknown> };
}

/** Edit distance of two short strings (for "did you mean"), bounded: stops counting past `max`. */
function distance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length]!;
}

/** The documented parameter an unknown name most likely meant: same name in another case, or one or two edits away. */
export function didYouMean(name: string, entry: CatalogueEntry): string | null {
  const lower = name.toLowerCase();
  const same = entry.params.find((p) => p.name.toLowerCase() === lower);
  if (same) return same.name;
  if (name.length < 4) return null;
  let best: { name: string; d: number } | null = null;
  for (const p of entry.params) {
    const d = distance(lower, p.name.toLowerCase(), 2);
    if (d <= 2 && (!best || d < best.d)) best = { name: p.name, d };
  }
  return best?.name ?? null;
}

const MAX_NAMED = 10;

/** The note for parameters the action's docs do not list (they are ignored), or null when there are none. */
function unknownParamsNote(entry: CatalogueEntry, body: Record<string, unknown>): Note | null {
  const unknown = checkBody(entry, body)
    .filter((f) => f.problem === 'unknown')
    .map((f) => f.param);
  if (unknown.length === 0) return null;
  const named = unknown.slice(0, MAX_NAMED).map((name) => {
    const shown = name.length > 40 ? `${name.slice(0, 40)}...` : name;
    const near = didYouMean(name, entry);
    return near ? `${shown} (did you mean ${near}?)` : shown;
  });
  const more = unknown.length > MAX_NAMED ? ` and ${unknown.length - MAX_NAMED} more` : '';
  const list = named.join(', ') + more;
  return note(
    `unknown parameters ignored: ${list}`,
    `${entry.path} documents no parameter ${list}; the sandbox ignores it, as CME's docs imply (they document no Code for it).`,
    `${entry.path} 的文档中没有参数 ${list}；沙箱忽略它（CME 文档未规定对应的错误码）。`,
  );
}

function answer(env: ApiEnv, outcome: Outcome, status = 200, changed = false): ApiResult {
  const rendered = renderApi(outcome, env.requestId, env.options.strict);
  return { status, body: rendered.body, code: rendered.code, notes: rendered.notes, changed };
}

const UNDOCUMENTED_ACTION = note(
  'action not in CME docs (third-party only)',
  "This action is not in CME's client API docs: it was seen only in third-party code, and the sandbox serves it from there (not in --strict mode).",
  '该接口不在 CME 客户端 API 文档中，仅见于第三方代码；沙箱据此实现（--strict 模式下不提供）。',
);

/** The refusal of a ticket CME would not accept; CME's client docs document no Code for it. */
function ticketFailure(en: string, zh: string, extra: Note[] = []): Failure {
  return withNotes(fail('AuthFailure.SessionInvalid', en, zh), ...extra);
}

/** Serves one client API call; never throws (a handler exception becomes a 500 InternalError answer). */
export async function handleApi(req: ApiRequest, env: ApiEnv): Promise<ApiResult> {
  const found = findAction(req.actionClass, req.action);
  const entry =
    found && found.actionClass === req.actionClass && found.action === req.action ? found : undefined;
  if (!entry || (!entry.documented && env.options.strict)) {
    const hint = found && !entry ? ` (did you mean ${found.path}?)` : '';
    const what = entry ? " (not in CME's docs; --strict serves documented actions only)" : '';
    return answer(
      env,
      fail(
        'InvalidParameter.Action',
        `Unknown action /${req.actionClass}/${req.action}${hint}${what}.`,
        `未知接口 /${req.actionClass}/${req.action}${hint}。`,
      ),
    );
  }
  const marks: Note[] = entry.documented ? [] : [UNDOCUMENTED_ACTION];
  const refuse = (f: Failure): ApiResult => answer(env, withNotes(f, ...marks));
  if (!req.auth) {
    return refuse(
      ticketFailure(
        'The auth query parameter (the login ticket) is missing.',
        '缺少 auth 参数（登录票据）。',
      ),
    );
  }
  const known = env.state.tickets.find((t) => t.ticket === req.auth);
  const p =
    known && env.options.platforms.includes(known.platform)
      ? findPlatform(env.state, known.platform)
      : undefined;
  if (!known || !p) {
    return refuse(ticketFailure('Unknown ticket: log in again.', '票据无效，请重新登录。'));
  }
  const problem = ticketProblem(known, env.nowMs);
  if (problem === 'revoked') {
    return refuse(
      ticketFailure(
        `The ticket was revoked at ${isoTime(known.revokedAt ?? 0)} (POST /__sandbox/revoke, standing in for the server API's login-state deletion): log in again.`,
        '票据已被注销（POST /__sandbox/revoke，模拟服务端 API 的登录态删除），请重新登录。',
      ),
    );
  }
  if (problem === 'expired') {
    return refuse(
      ticketFailure(
        `The ticket expired at ${isoTime(known.expiresAt ?? 0)}: log in again.`,
        '票据已过期，请重新登录。',
        [
          note(
            'ticket lifetime is --ticket-ttl (ours)',
            'The ticket ended because the sandbox runs with --ticket-ttl; CME documents its ticket as long-term (valid until revoked), with no lifetime.',
            '票据因沙箱的 --ticket-ttl 而过期；CME 文档称票据为长期票据（注销前有效），未规定有效期。',
          ),
        ],
      ),
    );
  }
  const parsed = parseBody(req.bodyText);
  if ('failure' in parsed) return refuse(parsed.failure);
  const body = parsed.body;
  const unknownNote = unknownParamsNote(entry, body);
  if (unknownNote) marks.push(unknownNote);
  const bad = findingFailure(checkBody(entry, body, { ignoreUnknown: true }));
  if (bad) return refuse(bad);
  const handler = env.handlers.get(entry.action);
  if (!handler) {
    return refuse(fail('InvalidParameter.Action', `${entry.path} is not implemented by the sandbox.`));
  }
  const ctx: ActionContext = {
    p,
    userId: known.userId,
    nowMs: env.nowMs,
    body,
    strict: env.options.strict,
    mark: (n) => marks.push(n),
    verifySign: async (sig) => {
      const checked = await checkSignature(sig, {
        keys: env.options.keys,
        nowMs: env.nowMs,
        actions: ['Upload', 'Login'],
        expiredCode: 'SignatureVerifyFail',
        label: 'VerifySign: ',
      });
      if (!checked.ok) return checked;
      if (checked.fields.platform !== p.name || checked.fields.userId !== known.userId) {
        return invented(
          fail(
            'SignatureVerifyFail',
            'VerifySign: it was signed for another platform or user than the ticket.',
            'VerifySign 的平台或用户与票据不一致。',
          ),
          'VerifySign bound to the ticket user',
          "The docs do not say that VerifySign must be signed for the ticket's platform and user; the sandbox requires it.",
          '文档未说明 VerifySign 须与票据的平台和用户一致；沙箱要求一致。',
        );
      }
      if (checked.fields.action !== 'Upload' && entry.action === 'CreateUploadMaterial') {
        marks.push(
          note(
            `VerifySign action ${checked.fields.action} accepted`,
            `The signature overview ties uploads to action=Upload; the sandbox also accepts ${checked.fields.action}.`,
            `签名综述将上传与 action=Upload 关联；沙箱也接受 ${checked.fields.action}。`,
          ),
        );
      }
      if (entry.action === 'ProcessMaterial') {
        marks.push(
          note(
            'ProcessMaterial VerifySign action unspecified',
            'The docs do not say which signature action ProcessMaterial expects; the sandbox accepts Upload or Login.',
            '文档未说明 ProcessMaterial 需要哪种签名 action；沙箱接受 Upload 或 Login。',
          ),
        );
      }
      return null;
    },
  };
  try {
    const outcome = await handler(ctx);
    return answer(env, withNotes(outcome, ...marks), 200, outcome.ok && !READ_ONLY.test(entry.action));
  } catch (error) {
    const result = answer(
      env,
      withNotes(
        fail(
          'InternalError',
          'The sandbox failed on this request (see its log).',
          '沙箱处理此请求时出错（见其日志）。',
        ),
        note(
          'sandbox bug: HTTP 500',
          "A bug in the sandbox, not CME behaviour; HTTP 500 is the sandbox's own.",
          '这是沙箱的缺陷，不是 CME 的行为；HTTP 500 是沙箱自己的。',
        ),
      ),
      500,
    );
    return { ...result, error };
  }
}
