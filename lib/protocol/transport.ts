/**
 * The RPC over `runtime.sendMessage` / `runtime.onMessage`. The runtime is passed in (entrypoints give
 * `browser.runtime`), so this module never imports `wxt/browser` and tests pass a fake.
 */
import type { RpcTransport } from './client';
import type { RpcRequest } from './messages';
import type { SenderLike } from './sender';

/** A runtime.onMessage listener in the promise style: undefined means "not answered by me". */
export type RuntimeMessageListener = (message: unknown, sender: SenderLike) => Promise<unknown> | undefined;

/** The part of `browser.runtime` the transport uses. */
export interface RuntimeLike {
  sendMessage(message: unknown): Promise<unknown>;
  onMessage: {
    addListener(listener: RuntimeMessageListener): void;
    removeListener(listener: RuntimeMessageListener): void;
  };
}

/** A client transport over `runtime.sendMessage` (pages → background). */
export function createRuntimeTransport(runtime: Pick<RuntimeLike, 'sendMessage'>): RpcTransport {
  return { send: (message: RpcRequest) => runtime.sendMessage(message) };
}

/** Register a server listener on `runtime.onMessage`; returns the function that removes it. */
export function listenForRpc(
  runtime: Pick<RuntimeLike, 'onMessage'>,
  listener: RuntimeMessageListener,
): () => void {
  runtime.onMessage.addListener(listener);
  return () => runtime.onMessage.removeListener(listener);
}
