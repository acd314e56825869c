/**
 * Runtime validation of every RPC method's params, run by the page's client before a request leaves
 * (page-side.ts): a page learns at once what it sent wrong. The background answers pages of this
 * extension only and does not run these checks again (its size, issue #20); it checks what it sends on.
 */
import type { ReplayOrigin } from '../store/schema';
import {
  arrayOf,
  int,
  json,
  loose,
  nullable,
  object,
  oneOf,
  optional,
  text,
  type Check,
  type Checked,
} from './checks';
import { faultRules } from './agent-checks';
import { SITE_ORIGIN } from './messages';
import type { RpcMethod, RpcParams } from './protocol';

const id = text(200);
const shortText = text(200);
const label = optional(text(200, { allowEmpty: true }));
const identifier = text(100, { match: [/^[A-Za-z][A-Za-z0-9_]*$/, 'a name such as DescribeProjects'] });
const httpUrl = text(2048, { match: [/^https?:\/\/\S+$/i, 'an http or https URL'] });
const secret = text(256);
const signature = text(16 * 1024);
const timeoutMs = optional(int(1, 600_000));
const callId = optional(text(100));
const count = int(0);
const empty = object({});
const tabId = int(0, 2 ** 31);
/** An http(s) origin: scheme, host and optional port, nothing else. */
const siteOrigin = text(300, { match: [SITE_ORIGIN, 'an http(s) origin'] });
const recorded = object({ tabId: optional(tabId), origin: optional(siteOrigin) });
const site = object({ origin: siteOrigin });
// Checked for shape here; page-side.ts compiles each rule and refuses the ones that do not compile.
const captureRule = object({
  pattern: text(300),
  ticket: object({ in: oneOf(['query', 'header', 'body'] as const), name: text(200) }),
  environment: optional(id),
});

// Captured calls come from HARs and devtools.network: unknown extra fields are dropped, not refused. A
// replay sends the captured method, URL and body text again: nothing else of the call is read.
const capturedRequest = loose({
  request: loose({
    method: text(20),
    url: text(64 * 1024),
    body: nullable(loose({ text: nullable(text(32 * 1024 * 1024, { allowEmpty: true })) })),
    // Read only for a capture rule's ticket header.
    headers: optional(
      arrayOf(loose({ name: text(256), value: text(16 * 1024, { allowEmpty: true }) }), 0, 500),
    ),
  }),
});

const captureOrigin = object({ kind: oneOf(['capture'] as const), id: nullable(count) });
const historyOrigin = object({ kind: oneOf(['history'] as const), id });
const replayOrigin: Check<ReplayOrigin> = (value, path) =>
  (value as { kind?: unknown } | null)?.kind === 'history'
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
    authorization: text(4096),
    platform: optional(nullable(shortText)),
    userId: optional(nullable(shortText)),
    appId: optional(nullable(count)),
    tfUid: optional(nullable(shortText)),
    label,
  }),
  'tickets.delete': object({ ticketId: id }),
  'login.withSignature': object({ environmentId: id, signature, label }),
  'login.fromDevServer': object({
    environmentId: id,
    urlTemplate: httpUrl,
    userId: shortText,
    platform: optional(shortText),
    label,
  }),
  'login.localSign': object({
    environmentId: id,
    platform: shortText,
    userId: shortText,
    label,
  }),
  'keys.set': object({ secretId: secret, secretKey: secret }),
  'keys.status': empty,
  'keys.forget': empty,
  call: object({ ticketId: id, actionClass: identifier, action: identifier, body: json, timeoutMs, callId }),
  'call.abort': object({ callId: text(100) }),
  replay: object({
    capture: capturedRequest,
    rule: optional(captureRule),
    body: optional(json),
    ticketId: optional(id),
    allowHost: optional(shortText),
    replayOf: optional(nullable(replayOrigin)),
    timeoutMs,
    callId,
  }),
  'history.list': object({
    limit: optional(int(1, 10_000)),
    ticketId: optional(id),
  }),
  'history.clear': empty,
  'environments.list': empty,
  'environments.save': object({
    id: optional(id),
    name: text(100),
    loginUrl: httpUrl,
    apiBase: httpUrl,
    captureRules: optional(arrayOf(captureRule, 0, 20)),
  }),
  'environments.delete': object({ environmentId: id }),
  'data.counts': empty,
  'data.prune': empty,
  'data.clear': object({
    stores: arrayOf(oneOf(['tickets', 'history', 'captures'] as const), 1, 3),
  }),
  'recorder.list': recorded,
  'recorder.take': recorded,
  'recorder.clear': recorded,
  'faults.get': object({ tabId }),
  'faults.set': object({ tabId, rules: faultRules }),
  'agent.sites': empty,
  'agent.enable': site,
  'agent.disable': site,
  'agent.forget': site,
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
  const checked: Checked<RpcParams<RpcMethod>> = Object.hasOwn(PARAM_CHECKS, method)
    ? (PARAM_CHECKS[method as RpcMethod] as Check<RpcParams<RpcMethod>>)(params, 'params')
    : { ok: false, message: `Unknown method "${method.slice(0, 100)}"` };
  // Params only pass for a known method.
  return checked.ok
    ? { ok: true, method: method as RpcMethod, params: checked.value }
    : { ok: false, error: { code: 'bad-request', message: checked.message } };
}
