/**
 * Explains CME error codes in zh and en: the known rows of error-data, a prefix-family fallback for codes we have
 * never seen, and a hint on what to do where one helps.
 */
import { ERROR_ROWS, type ErrorRow, type ErrorScope, type ErrorSource } from './error-data';

export type { ErrorScope, ErrorSource };

/** A code explained for people: messages and an optional hint in both languages. */
export interface ErrorExplanation {
  code: string;
  messageZh: string;
  messageEn: string;
  hintZh: string | null;
  hintEn: string | null;
  scope: ErrorScope;
  /** The ticket or session was not accepted (`AuthFailure` family). */
  authFailure: boolean;
  /** false when the explanation was built from the code's family, not from a known row. */
  known: boolean;
  /** Where the entry comes from; null for a code we have no row for (messages guessed from its family). */
  source: ErrorSource | null;
  /** Whether each message is CME's own text (false: our translation, gloss or guess). */
  official: { zh: boolean; en: boolean };
}

interface Hint {
  zh: string;
  en: string;
}

const RELOGIN: Hint = {
  zh: '票据（auth）无效、被拒绝或已过期：请重新登录以获取新的票据。',
  en: 'The ticket (auth) is unknown, rejected or expired: log in again to get a new ticket.',
};
const PLATFORM: Hint = {
  zh: '请检查平台名称（Platform）：须与控制台中创建的平台 ID 完全一致。',
  en: 'Check the platform name (Platform): it must match the platform ID created in the console exactly.',
};
const NO_SUCH_ID: Hint = {
  zh: '该 ID 在此平台或此归属者（Owner）下不存在：请确认 ID、平台与归属者。',
  en: 'This ID does not exist for this platform or owner: check the ID, the platform and the Owner.',
};
const RETRY: Hint = {
  zh: '服务端内部错误：请稍后重试；若持续出现，请将 RequestId 提供给腾讯云支持。',
  en: 'Server-side error: retry later; if it persists, report the RequestId to Tencent Cloud support.',
};

// Hints by exact code; family hints (AuthFailure.*, InternalError*) are applied in hintFor.
const HINTS = new Map<string, Hint>([
  [
    'SignatureVerifyFail',
    {
      zh: '签名校验失败：请确认 SecretId 与 SecretKey 配对、签名明文字段正确，URL 中的签名已做编码（+ / = 须 URL 编码），并检查时钟。',
      en: 'Signature rejected: check that SecretId and SecretKey belong together and the plaintext fields are right, that the signature is URL-encoded in the query (+ / = must be encoded), and the clock.',
    },
  ],
  [
    'SignatureExpired',
    {
      zh: '本地沙箱在签名的 expireTime 已过时返回此错误码；CME 未记录此错误码（文档只说明签名有效期由 expireTime 决定）。请用当前时间重新签名，并检查签名服务器的时钟。',
      en: "Our sandbox answers this when the signature's expireTime has passed; CME documents no such code (its docs only say expireTime bounds the signature's validity). Sign again with the current time and check the signing server's clock.",
    },
  ],
  ['InvalidParameterValue.Platform', PLATFORM],
  ['InvalidParameter.Platform', PLATFORM],
  ['ResourceNotFound.Platform', PLATFORM],
  ['ResourceNotFound.PlatformNotFound', PLATFORM],
  ['InvalidParameterValue.MaterialId', NO_SUCH_ID],
  ['InvalidParameterValue.ProjectId', NO_SUCH_ID],
  ['InvalidParameterValue.TaskId', NO_SUCH_ID],
  ['InvalidParameterValue.ClassNotExist', NO_SUCH_ID],
  ['InvalidParameterValue.DstClassPathNotExist', NO_SUCH_ID],
  ['InvalidParameterValue.TeamNotExist', NO_SUCH_ID],
  [
    'InvalidParameterValue.Limit',
    {
      zh: 'Limit 超过了该接口允许的最大分页大小（ListMedia、DescribeTeams、DescribeJoinTeams、DescribeTasks 最大 30）：请调小并用 Offset 翻页。',
      en: 'Limit is above the maximum page size of this action (30 for ListMedia, DescribeTeams, DescribeJoinTeams and DescribeTasks): lower it and page with Offset.',
    },
  ],
  [
    'OperationDenied.PermissionDeny',
    {
      zh: '该用户对归属者（Owner：PERSON 个人或 TEAM 团队）没有权限：请检查 Owner.Type/Owner.Id，及该用户是否为本人或团队成员。',
      en: 'The user has no permission on the owner (Owner: PERSON or TEAM): check Owner.Type/Owner.Id and that the user is that person or a member of that team.',
    },
  ],
  [
    'MissingParameter',
    {
      zh: '本地沙箱在缺少（接口目录中的）必填参数时返回此错误码；CME 只在服务端 API（API 3.0）中记录了它，未记录于客户端 API。请对照接口文档补全请求体。',
      en: 'Our sandbox answers this when a required parameter (per the catalogue) is missing; CME documents it for its server API (API 3.0) only, not for the client API. Complete the request body against the action docs.',
    },
  ],
  [
    'InvalidParameter.Action',
    {
      zh: '本地沙箱对不在接口目录中的 ActionClass/Action 返回此错误码；CME 未记录此客户端错误码。请检查 ActionClass/Action 的拼写与大小写。',
      en: 'Our sandbox answers this for an ActionClass/Action not in the catalogue; CME documents no such client code. Check the spelling and case of ActionClass/Action.',
    },
  ],
  [
    'InvalidParameter.JsonParse',
    {
      zh: '本地沙箱在请求体无法解析为 JSON 时返回此错误码；CME 未记录此客户端错误码。请求体须为合法的 JSON 对象。',
      en: 'Our sandbox answers this when the request body cannot be parsed as JSON; CME documents no such client code. Send a valid JSON object.',
    },
  ],
  [
    'LimitExceeded.RequestSize',
    {
      zh: '本地沙箱对超过 1 MB 的请求体返回此错误码；CME 未记录此客户端错误码，也未记录请求体大小上限。请减小请求体。',
      en: 'Our sandbox answers this for a request body over 1 MB; CME documents no such client code and no body size limit. Send a smaller body.',
    },
  ],
]);

const SCOPE_ORDER: ErrorScope[] = ['api', 'login', 'sandbox', 'server'];

/** True for a code saying the ticket or session was not accepted (`AuthFailure`, `AuthFailure.*`). */
export function isAuthFailure(code: string | null | undefined): boolean {
  return code === 'AuthFailure' || (typeof code === 'string' && code.startsWith('AuthFailure.'));
}

function hintFor(code: string): Hint | null {
  const exact = HINTS.get(code);
  if (exact) return exact;
  if (isAuthFailure(code)) return RELOGIN;
  if (code.startsWith('InternalError')) return RETRY;
  return null;
}

function findRow(code: string, scope: ErrorScope | undefined): ErrorRow | undefined {
  const rows = ERROR_ROWS.filter((r) => r.code === code);
  const order = scope ? [scope, ...SCOPE_ORDER] : SCOPE_ORDER;
  for (const s of order) {
    const row = rows.find((r) => r.scope === s);
    if (row) return row;
  }
  return undefined;
}

/** Messages for a code we have no row for, from its prefix family (`ResourceNotFound.X`, ...). */
function familyMessages(code: string): { zh: string; en: string } {
  const dot = code.indexOf('.');
  const family = dot < 0 ? code : code.slice(0, dot);
  const rest = dot < 0 ? '' : code.slice(dot + 1);
  const detail = rest ? `（${rest}）` : '';
  const detailEn = rest ? ` (${rest})` : '';
  if (code.startsWith('InternalError')) return { zh: `内部错误${detail}`, en: `Internal error${detailEn}` };
  switch (family) {
    case 'AuthFailure':
      return { zh: `鉴权失败${detail}`, en: `Authentication failed${detailEn}` };
    case 'InvalidParameterValue':
      return rest
        ? { zh: `参数 ${rest} 的取值无效`, en: `The value of ${rest} is invalid` }
        : { zh: '参数取值错误', en: 'Invalid parameter value' };
    case 'InvalidParameter':
      return { zh: `参数错误${detail}`, en: `Invalid parameter${detailEn}` };
    case 'MissingParameter':
      return rest
        ? { zh: `缺少参数 ${rest}`, en: `Missing parameter ${rest}` }
        : { zh: '缺少参数', en: 'Missing parameter' };
    case 'ResourceNotFound':
      return { zh: `资源不存在${detail}`, en: `Resource not found${detailEn}` };
    case 'LimitExceeded':
      return { zh: `超过限制${detail}`, en: `Limit exceeded${detailEn}` };
    case 'OperationDenied':
      return { zh: `操作被拒绝${detail}`, en: `Operation denied${detailEn}` };
    case 'FailedOperation':
      return { zh: `操作失败${detail}`, en: `Operation failed${detailEn}` };
    case 'UnauthorizedOperation':
      return { zh: `未授权操作${detail}`, en: `Unauthorized operation${detailEn}` };
    default:
      return { zh: `未知错误码 ${code}`, en: `Unknown error code ${code}` };
  }
}

/** Explains a CME error code, preferring the row of the given scope; null for no code or `Success`. */
export function explainError(
  code: string | null | undefined,
  scope?: 'login' | 'api',
): ErrorExplanation | null {
  const c = code?.trim();
  if (!c || c === 'Success') return null;
  const hint = hintFor(c);
  const base = { code: c, hintZh: hint?.zh ?? null, hintEn: hint?.en ?? null, authFailure: isAuthFailure(c) };
  const row = findRow(c, scope);
  if (row)
    return {
      ...base,
      messageZh: row.messageZh,
      messageEn: row.messageEn,
      scope: row.scope,
      known: true,
      source: row.source,
      official: { ...row.official },
    };
  const m = familyMessages(c);
  return {
    ...base,
    messageZh: m.zh,
    messageEn: m.en,
    scope: scope ?? 'api',
    known: false,
    source: null,
    official: { zh: false, en: false },
  };
}

/**
 * The Codes CME documents for the client side: the login exchange (`login`) or the client API (`api`),
 * `Success` included. What the sandbox answers in `--strict` mode stays inside this set.
 */
export function documentedCodes(scope: 'login' | 'api'): ReadonlySet<string> {
  return new Set(
    ERROR_ROWS.filter((r) => r.scope === scope && r.source === 'client-docs').map((r) => r.code),
  );
}

const PICKER_ORDER: ErrorSource[] = ['client-docs', 'third-party', 'server-docs', 'sandbox'];

/**
 * Every failure Code a client API call could be made to answer, documented ones first: the client-API
 * docs, then third-party observations, then server-API codes; our sandbox's own codes last. One entry
 * per code (its best-sourced row).
 */
export function pickerCodes(): ErrorRow[] {
  const best = new Map<string, ErrorRow>();
  for (const row of ERROR_ROWS) {
    if (row.code === 'Success' || row.scope === 'login') continue;
    const seen = best.get(row.code);
    if (!seen || PICKER_ORDER.indexOf(row.source) < PICKER_ORDER.indexOf(seen.source))
      best.set(row.code, row);
  }
  return [...best.values()].sort((a, b) => PICKER_ORDER.indexOf(a.source) - PICKER_ORDER.indexOf(b.source));
}
