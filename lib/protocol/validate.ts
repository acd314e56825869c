/**
 * Runtime validation of every RPC method's params: the background trusts nothing a page sends.
 */
import type { ReplayOrigin } from '../store/schema';
import { arrayOf, bool, json, nullable, num, object, oneOf, optional, text, type Check } from './checks';
import type { RpcMethod, RpcParams } from './protocol';

const id = text({ max: 200 });
const label = optional(text({ max: 200, allowEmpty: true }));
const identifier = text({
  max: 100,
  pattern: /^[A-Za-z][A-Za-z0-9_]*$/,
  hint: 'a name such as DescribeProjects',
});
const httpUrl = text({ max: 2048, pattern: /^https?:\/\/\S+$/i, hint: 'an http or https URL' });
const secret = text({ max: 256 });
const signature = text({ max: 16 * 1024 });
const timeoutMs = optional(num({ integer: true, min: 1, max: 600_000 }));
const callId = optional(text({ max: 100 }));
const empty = object({});

// Captured calls come from HARs and devtools.network: unknown extra fields are dropped, not refused.
const header = object(
  { name: text({ allowEmpty: true, max: 8 * 1024 }), value: text({ allowEmpty: true, max: 64 * 1024 }) },
  { strict: false },
);
const rawBody = object(
  {
    text: nullable(text({ allowEmpty: true, max: 32 * 1024 * 1024 })),
    encoding: optional(text({ max: 50 })),
    mimeType: optional(text({ allowEmpty: true, max: 200 })),
    size: optional(num()),
    truncated: optional(bool),
  },
  { strict: false },
);
const headers = arrayOf(header, { max: 1000 });
const rawCall = object(
  {
    startedAt: num(),
    durationMs: num(),
    request: object(
      { method: text({ max: 20 }), url: text({ max: 64 * 1024 }), headers, body: nullable(rawBody) },
      { strict: false },
    ),
    response: nullable(
      object(
        {
          status: num({ integer: true, min: 0, max: 999 }),
          statusText: optional(text({ allowEmpty: true, max: 500 })),
          headers,
          body: nullable(rawBody),
        },
        { strict: false },
      ),
    ),
  },
  { strict: false },
);

const captureOrigin = object({
  kind: oneOf(['capture'] as const),
  id: nullable(num({ integer: true, min: 0 })),
});
const historyOrigin = object({ kind: oneOf(['history'] as const), id });
const replayOrigin: Check<ReplayOrigin> = (value, path) =>
  typeof value === 'object' && value !== null && 'kind' in value && value.kind === 'history'
    ? historyOrigin(value, path)
    : captureOrigin(value, path);

/** The params check of every method; the type makes sure none is missing or disagrees with RpcMap. */
const PARAM_CHECKS: { [M in RpcMethod]: Check<RpcParams<M>> } = {
  ping: empty,
  'tickets.list': object({
    environmentId: optional(id),
    status: optional(oneOf(['active', 'rejected'] as const)),
  }),
  'tickets.save': object({
    environmentId: id,
    authorization: text({ max: 4096 }),
    platform: optional(nullable(text({ max: 200 }))),
    userId: optional(nullable(text({ max: 200 }))),
    appId: optional(nullable(num({ integer: true, min: 0 }))),
    tfUid: optional(nullable(text({ max: 200 }))),
    label,
  }),
  'tickets.delete': object({ ticketId: id }),
  'login.decodeSignature': object({ signature }),
  'login.withSignature': object({ environmentId: id, signature, label }),
  'login.fromDevServer': object({
    environmentId: id,
    urlTemplate: httpUrl,
    userId: text({ max: 200 }),
    platform: optional(text({ max: 200 })),
    label,
  }),
  'login.localSign': object({
    environmentId: id,
    platform: text({ max: 200 }),
    userId: text({ max: 200 }),
    label,
  }),
  'keys.set': object({ secretId: secret, secretKey: secret }),
  'keys.status': empty,
  'keys.forget': empty,
  call: object({ ticketId: id, actionClass: identifier, action: identifier, body: json, timeoutMs, callId }),
  'call.abort': object({ callId: text({ max: 100 }) }),
  replay: object({
    capture: rawCall,
    body: optional(json),
    ticketId: optional(id),
    replayOf: optional(nullable(replayOrigin)),
    timeoutMs,
    callId,
  }),
  'history.list': object({
    limit: optional(num({ integer: true, min: 1, max: 10_000 })),
    ticketId: optional(id),
  }),
  'history.clear': empty,
  'environments.list': empty,
  'environments.save': object({
    id: optional(id),
    name: text({ max: 100 }),
    loginUrl: httpUrl,
    apiBase: httpUrl,
  }),
  'environments.delete': object({ environmentId: id }),
  'data.counts': empty,
  'data.clear': object({
    stores: arrayOf(oneOf(['tickets', 'history', 'captures'] as const), { min: 1, max: 3 }),
  }),
};

/** Every method name. */
export const RPC_METHODS = /* @__PURE__ */ Object.keys(PARAM_CHECKS) as RpcMethod[];

/** Whether a name is a method of the protocol. */
export function isRpcMethod(name: string): name is RpcMethod {
  return Object.hasOwn(PARAM_CHECKS, name);
}

/** A request that passed validation, or the error to answer. */
export type ValidatedRequest =
  | { ok: true; method: RpcMethod; params: RpcParams<RpcMethod> }
  | { ok: false; error: { code: 'bad-request'; message: string } };

/** Check a method name and its params; the params come back rebuilt with only known fields. */
export function validateRequest(method: string, params: unknown): ValidatedRequest {
  if (!isRpcMethod(method)) {
    return { ok: false, error: { code: 'bad-request', message: `Unknown method "${method.slice(0, 100)}"` } };
  }
  const check = PARAM_CHECKS[method] as Check<RpcParams<RpcMethod>>;
  const checked = check(params, 'params');
  if (!checked.ok) return { ok: false, error: { code: 'bad-request', message: checked.message } };
  return { ok: true, method, params: checked.value };
}
