/**
 * The two messages of the RPC (a request and its answer), their type guards, and the RpcError that
 * handlers throw and the client rejects with.
 */
import type { ActionFailure, RpcMethod, RpcParams } from './protocol';

/** The `source` tag of every message of ours; anything without it is not ours. */
export const RPC_SOURCE = 'cme-devtools';

/** Why an RPC failed (as opposed to an `ActionFailure` result). */
export type RpcErrorCode =
  'bad-request' | 'forbidden' | 'not-found' | 'internal' | 'timeout' | 'aborted' | 'unreachable';

/** Every RPC error code, for narrowing. */
export const RPC_ERROR_CODES: readonly RpcErrorCode[] = [
  'bad-request',
  'forbidden',
  'not-found',
  'internal',
  'timeout',
  'aborted',
  'unreachable',
];

/** The message a page sends. */
export interface RpcRequest<M extends RpcMethod = RpcMethod> {
  source: typeof RPC_SOURCE;
  kind: 'rpc';
  id: string;
  method: M;
  params: RpcParams<M>;
}

/** The background's answer to one request. */
export type RpcResponse<R = unknown> =
  | { source: typeof RPC_SOURCE; kind: 'rpc-result'; id: string; ok: true; result: R }
  | {
      source: typeof RPC_SOURCE;
      kind: 'rpc-result';
      id: string;
      ok: false;
      error: { code: RpcErrorCode; message: string };
    };

/** A request envelope of ours, before its method and params are checked. */
export interface RpcEnvelope {
  source: typeof RPC_SOURCE;
  kind: 'rpc';
  id: string;
  method: string;
  params: unknown;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** Whether a runtime message is one of our RPC requests (method and params not yet checked). */
export function isRpcEnvelope(message: unknown): message is RpcEnvelope {
  return (
    isRecord(message) &&
    message.source === RPC_SOURCE &&
    message.kind === 'rpc' &&
    typeof message.id === 'string' &&
    typeof message.method === 'string'
  );
}

/** Whether a value is an answer of ours, well formed. */
export function isRpcResponse(value: unknown): value is RpcResponse {
  if (
    !isRecord(value) ||
    value.source !== RPC_SOURCE ||
    value.kind !== 'rpc-result' ||
    typeof value.id !== 'string'
  ) {
    return false;
  }
  if (value.ok === true) return 'result' in value;
  const error = value.error;
  return (
    value.ok === false &&
    isRecord(error) &&
    RPC_ERROR_CODES.some((c) => c === error.code) &&
    typeof error.message === 'string'
  );
}

/**
 * An http(s) origin: scheme, host and optional port, nothing else (what a site opted in for the page agent
 * is). Here, not in agent-site.ts: both the pages' params check (validate.ts) and the worker read it.
 */
export const SITE_ORIGIN = /^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$|^https?:\/\/\[[0-9a-f:.]+\](:\d{1,5})?$/;

/** An Error carrying an RPC error code (thrown by handlers, rejected by the client). */
export type RpcError = Error & { code: RpcErrorCode; method?: string };

/** Make an RpcError; a handler throws one to answer with that code (e.g. 'not-found'). */
export function rpcError(code: RpcErrorCode, message: string, method?: string): RpcError {
  return Object.assign(new Error(message), { name: 'RpcError', code, ...(method ? { method } : {}) });
}

/** Whether a value is an RpcError. */
export function isRpcError(value: unknown): value is RpcError {
  return (
    value instanceof Error && RPC_ERROR_CODES.some((c) => c === (value as Error & { code?: unknown }).code)
  );
}

/** An action's failure (a login, call or replay that did not happen or got no usable answer). */
export function actionFailure(
  stage: ActionFailure['stage'],
  message: string,
  extra: Partial<Omit<ActionFailure, 'ok' | 'stage' | 'message'>> = {},
): ActionFailure {
  return {
    ok: false,
    stage,
    message,
    code: extra.code ?? null,
    serverMessage: extra.serverMessage ?? null,
    serverEnglishMessage: extra.serverEnglishMessage ?? null,
    httpStatus: extra.httpStatus ?? 0,
    problems: extra.problems ?? [],
  };
}
