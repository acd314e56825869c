/**
 * The background's side of the RPC: one listener that recognises our envelopes, checks the sender (pages
 * of this extension only) and the method, runs the method's handler and answers a result or an error —
 * never throws. The params were checked by the page that sent them (page-side.ts, in the page's client):
 * the worker ships no params checks (issue #20: its size), and what it sends on (a call's URL, a stored
 * ticket's host, an agent site) is checked where it is used.
 */
import { isRpcEnvelope, isRpcError, RPC_SOURCE, type RpcErrorCode, type RpcResponse } from './messages';
import type { RpcMethod, RpcParams, RpcResult } from './protocol';
import type { SenderLike } from './sender';

/** What a handler knows of the call besides its params. */
export interface HandlerContext {
  sender: SenderLike;
  /**
   * Leave work (log writes) for after the answer has been posted on a port, in the same task: a request
   * that arrives later still runs after it. Over a one-shot message it runs just before the answer.
   */
  afterReply(task: () => void): void;
}

/** One handler per method, typed by the RPC map. */
export type RpcHandlers = {
  [M in RpcMethod]: (params: RpcParams<M>, context: HandlerContext) => RpcResult<M> | Promise<RpcResult<M>>;
};

/** Options of `createRpcServer`. */
export interface RpcServerOptions {
  /** Usually `ownPagesOnly(browser.runtime)`. */
  isTrustedSender: (sender: SenderLike) => boolean;
  /** Told of every handler exception (e.g. to log it); the caller gets an 'internal' error. */
  onError?: (error: unknown, method: RpcMethod) => void;
}

/**
 * The listener `createRpcServer` returns: undefined for messages that are not ours (not answered).
 * `reply` (a port's) is called with the answer before the handler's `afterReply` work runs.
 */
export type RpcListener = (
  message: unknown,
  sender: SenderLike,
  reply?: (answer: RpcResponse) => void,
) => Promise<RpcResponse> | undefined;

function answerError(id: string, code: RpcErrorCode, message: string): RpcResponse {
  return { source: RPC_SOURCE, kind: 'rpc-result', id, ok: false, error: { code, message } };
}

/** Build the listener to pass to `runtime.onMessage.addListener` (directly or through `listenForRpc`). */
export function createRpcServer(handlers: RpcHandlers, options: RpcServerOptions): RpcListener {
  async function run(
    method: RpcMethod,
    params: unknown,
    id: string,
    sender: SenderLike,
    reply: ((answer: RpcResponse) => void) | undefined,
  ): Promise<RpcResponse> {
    // One cast at the single dispatch point: the page's client checked that `params` fit `method`.
    const handler = handlers[method] as (params: unknown, context: HandlerContext) => unknown;
    const later: (() => void)[] = [];
    let answer: RpcResponse;
    try {
      const result = await handler(params, { sender, afterReply: (task) => void later.push(task) });
      answer = { source: RPC_SOURCE, kind: 'rpc-result', id, ok: true, result };
    } catch (error) {
      options.onError?.(error, method);
      const detail = error instanceof Error ? error.message : String(error);
      answer = answerError(id, isRpcError(error) ? error.code : 'internal', detail);
    }
    reply?.(answer);
    for (const task of later) {
      try {
        task();
      } catch (error) {
        options.onError?.(error, method);
      }
    }
    return answer;
  }

  return (message, sender, reply) => {
    if (!isRpcEnvelope(message)) return undefined;
    const { id } = message;
    let refused: RpcResponse;
    if (!options.isTrustedSender(sender)) {
      refused = answerError(id, 'forbidden', 'Only pages of this extension may call its background');
    } else {
      const { method } = message;
      if (Object.hasOwn(handlers, method)) return run(method as RpcMethod, message.params, id, sender, reply);
      refused = answerError(id, 'bad-request', `Unknown method "${method.slice(0, 100)}"`);
    }
    reply?.(refused);
    return Promise.resolve(refused);
  };
}
