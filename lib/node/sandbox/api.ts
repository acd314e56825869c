/**
 * Client API dispatch of the sandbox (`POST /PaaS/<ActionClass>/<ActionName>?auth=`): action look-up in the
 * shared catalogue, ticket check, JSON parse, catalogue parameter check, then the action's handler.
 */
import { checkBody, findAction } from '../../cme/catalogue';
import type { ParamFinding } from '../../cme/types';
import { apiAnswer, fail, type Failure, type Outcome } from './answers';
import type { ActionContext, Handler } from './actions/index';
import { checkSignature } from './login';
import { findPlatform, type SandboxState } from './model';
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
    // The base message already says "Missing parameter"; the detail only names them.
    const en = missing.map((f) => `"${f.param}" (${f.expected ?? '?'})`).join(', ');
    const zh = missing.map((f) => `${f.param}（${f.expected ?? '?'}）`).join('、');
    return fail('MissingParameter', en, zh);
  }
  const typed = findings.filter((f) => f.problem === 'type');
  if (typed.length === 0) return null;
  const first = typed[0]!;
  const en = typed.map((f) => f.message).join('; ');
  return fail('InvalidParameterValue', en, `参数 ${first.param} 类型错误，应为 ${first.expected ?? '?'}`);
}

// Wrapped, so that a body such as {"ok": false} is never mistaken for a failure.
function parseBody(text: string): { body: Record<string, unknown> } | { failure: Failure } {
  if (text.trim() === '') return { body: {} };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    return { failure: fail('InvalidParameter.JsonParse', why) };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    const got = json === null ? 'null' : Array.isArray(json) ? 'an array' : typeof json;
    return {
      failure: fail(
        'InvalidParameter.JsonParse',
        `the body must be a JSON object, got ${got}`,
        '请求体须为 JSON 对象',
      ),
    };
  }
  return { body: json as Record<string, unknown> };
}

function answer(env: ApiEnv, outcome: Outcome, status = 200, changed = false): ApiResult {
  return {
    status,
    body: apiAnswer(outcome, env.requestId),
    code: outcome.ok ? 'Success' : outcome.code,
    changed,
  };
}

/** Serves one client API call; never throws (a handler exception becomes a 500 InternalError answer). */
export async function handleApi(req: ApiRequest, env: ApiEnv): Promise<ApiResult> {
  const entry = findAction(req.actionClass, req.action);
  if (!entry || entry.actionClass !== req.actionClass || entry.action !== req.action) {
    const hint = entry ? ` (did you mean ${entry.path}?)` : '';
    return answer(
      env,
      fail('InvalidParameter.Action', `unknown action /${req.actionClass}/${req.action}${hint}`),
    );
  }
  if (!req.auth) {
    return answer(
      env,
      fail(
        'AuthFailure.SessionInvalid',
        'the auth query parameter (the login ticket) is missing',
        '缺少 auth 参数（登录票据）',
      ),
    );
  }
  const known = env.state.tickets.find((t) => t.ticket === req.auth);
  const p =
    known && env.options.platforms.includes(known.platform)
      ? findPlatform(env.state, known.platform)
      : undefined;
  if (!known || !p) {
    return answer(
      env,
      fail('AuthFailure.SessionInvalid', 'unknown ticket: log in again', '票据无效，请重新登录'),
    );
  }
  if (known.expiresAt <= env.nowMs) {
    return answer(
      env,
      fail('AuthFailure.SessionInvalid', 'the ticket has expired: log in again', '票据已过期，请重新登录'),
    );
  }
  const parsed = parseBody(req.bodyText);
  if ('failure' in parsed) return answer(env, parsed.failure);
  const body = parsed.body;
  const bad = findingFailure(checkBody(entry, body, { ignoreUnknown: true }));
  if (bad) return answer(env, bad);
  const handler = env.handlers.get(entry.action);
  if (!handler)
    return answer(env, fail('InvalidParameter.Action', `${entry.path} is not implemented by the sandbox`));
  const ctx: ActionContext = {
    p,
    userId: known.userId,
    nowMs: env.nowMs,
    body,
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
        return fail(
          'SignatureVerifyFail',
          'VerifySign: it was signed for another platform or user than the ticket',
        );
      }
      return null;
    },
  };
  try {
    const outcome = await handler(ctx);
    return answer(env, outcome, 200, outcome.ok && !READ_ONLY.test(entry.action));
  } catch (error) {
    const result = answer(
      env,
      fail('InternalError', 'the sandbox failed on this request (see its log)'),
      500,
    );
    return { ...result, error };
  }
}
