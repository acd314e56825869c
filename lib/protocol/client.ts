/**
 * The pages' side of the RPC: `request(method, params)` typed by the RPC map, with a timeout and an
 * AbortSignal. Rejects with an RpcError (code timeout / aborted / unreachable / the remote error's code).
 */
import { isRpcResponse, rpcError, RPC_SOURCE, type RpcRequest } from './messages';
import type { PreparedRequest } from './page-side';
import type { RpcMethod, RpcParams, RpcResult } from './protocol';

/** How requests reach the background (`createPortTransport(browser.runtime)`, or a fake in tests). */
export interface RpcTransport {
  /** Send one request; resolves with the raw answer (undefined when nobody answered). */
  send(message: RpcRequest): Promise<unknown>;
  /** The client stopped waiting for request `id` (timeout, abort): its answer may be dropped. */
  forget?(id: string): void;
}

/** Per-request options. */
export interface RequestOptions {
  /** Give up after this many ms (default: the client's, 60 s). */
  timeoutMs?: number;
  /**
   * Stop waiting. This does not stop the work in the background: to cancel a `call`/`replay`, pass a
   * `callId` in its params and request `call.abort` with it.
   */
  signal?: AbortSignal;
}

/** A typed RPC client. */
export interface RpcClient {
  request<M extends RpcMethod>(
    method: M,
    params: RpcParams<M>,
    options?: RequestOptions,
  ): Promise<RpcResult<M>>;
}

/** Options of `createRpcClient`. */
export interface RpcClientOptions {
  /** Default timeout in ms (60,000). */
  timeoutMs?: number;
  /** Request id maker (default `crypto.randomUUID`). */
  newId?: () => string;
  /** The page's side of a request (default `preparePageRequest`, loaded on the first request). */
  prepare?: (method: string, params: unknown) => Promise<PreparedRequest>;
}

const pageSide = (method: string, params: unknown): Promise<PreparedRequest> =>
  import('./page-side').then((m) => m.preparePageRequest(method, params));

/** Default time a page waits for the background's answer. */
export const DEFAULT_RPC_TIMEOUT_MS = 60_000;

/** Create a client over a transport. */
export function createRpcClient(transport: RpcTransport, options: RpcClientOptions = {}): RpcClient {
  const newId = options.newId ?? (() => globalThis.crypto.randomUUID());
  const defaultTimeout = options.timeoutMs ?? DEFAULT_RPC_TIMEOUT_MS;
  const prepare = options.prepare ?? pageSide;

  return {
    request<M extends RpcMethod>(method: M, params: RpcParams<M>, opts: RequestOptions = {}) {
      const signal = opts.signal;
      if (signal?.aborted) return Promise.reject(rpcError('aborted', `${method} was aborted`, method));
      const timeoutMs = opts.timeoutMs ?? defaultTimeout;
      const id = newId();
      const message: RpcRequest<M> = { source: RPC_SOURCE, kind: 'rpc', id, method, params };

      return new Promise<RpcResult<M>>((resolve, reject) => {
        let settled = false;
        const settle = (done: () => void): void => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
          done();
        };
        const giveUp = (error: Error): void =>
          settle(() => {
            transport.forget?.(id);
            reject(error);
          });
        const onAbort = (): void => giveUp(rpcError('aborted', `${method} was aborted`, method));
        const timer = setTimeout(
          () => giveUp(rpcError('timeout', `${method}: no answer within ${timeoutMs} ms`, method)),
          timeoutMs,
        );
        signal?.addEventListener('abort', onAbort, { once: true });

        // The page checks and completes its request first (page-side.ts); what it refuses or answers
        // itself never reaches the background. A runtime whose extension context is gone throws
        // synchronously: turn that into a rejection.
        prepare(method, params)
          .then((ready): unknown => {
            const head = { source: RPC_SOURCE, kind: 'rpc-result', id } as const;
            if (!ready.ok)
              return { ...head, ok: false, error: { code: 'bad-request', message: ready.message } };
            if ('answer' in ready) return { ...head, ok: true, result: ready.answer };
            // Given up on (timed out, aborted) while the page prepared it: not sent.
            if (settled) return undefined;
            return transport.send({ ...message, params: ready.params } as RpcRequest);
          })
          .then(
            (answer) =>
              settle(() => {
                if (!isRpcResponse(answer) || answer.id !== id) {
                  reject(rpcError('unreachable', `${method}: the background gave no answer`, method));
                } else if (answer.ok) {
                  resolve(answer.result as RpcResult<M>);
                } else {
                  reject(rpcError(answer.error.code, `${method}: ${answer.error.message}`, method));
                }
              }),
            (error: unknown) =>
              settle(() => {
                const detail = error instanceof Error ? error.message : String(error);
                reject(
                  rpcError('unreachable', `${method}: could not reach the background: ${detail}`, method),
                );
              }),
          );
      });
    },
  };
}
