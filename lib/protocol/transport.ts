/**
 * The RPC's transports. Pages keep one long-lived port to the background (`runtime.connect`, named
 * `RPC_PORT`): a request is one `postMessage` and its answer comes back on the same port. A
 * `runtime.sendMessage` opens a new channel per message; the port's round trip is measured a third
 * cheaper in Chromium (bench replay). The background also answers one-shot `runtime.sendMessage`
 * requests (scripts and tools). The runtime is passed in (entrypoints give `browser.runtime`), so this
 * module never imports `wxt/browser` and tests pass a fake.
 */
import type { RpcTransport } from './client';
import type { RpcRequest, RpcResponse } from './messages';
import type { SenderLike } from './sender';

/** The name of the pages' port to the background. */
export const RPC_PORT = 'cme-rpc';

/**
 * The RPC server's listener: undefined means "not answered by me", else the answer's promise. `reply` is
 * called with the answer before the work the handler left for after it (see HandlerContext).
 */
export type RuntimeMessageListener = (
  message: unknown,
  sender: SenderLike,
  reply?: (answer: RpcResponse) => void,
) => Promise<unknown> | undefined;

/**
 * A `runtime.onMessage` listener in the callback style every browser has without webextension-polyfill
 * (the worker runs without it): `true` keeps the channel open for `sendResponse`; undefined leaves the
 * message to others.
 */
export type OneShotListener = (
  message: unknown,
  sender: SenderLike,
  sendResponse: (answer: unknown) => void,
) => true | undefined;

/** The part of `runtime.Port` the RPC uses. */
export interface PortLike {
  name: string;
  /** Set on the background's side: who opened the port. */
  sender?: SenderLike;
  postMessage(message: unknown): void;
  disconnect(): void;
  onMessage: { addListener(listener: (message: unknown) => void): void };
  onDisconnect: { addListener(listener: () => void): void };
}

/** The part of `browser.runtime` the transports use. */
export interface RuntimeLike {
  sendMessage(message: unknown): Promise<unknown>;
  connect(info: { name: string }): PortLike;
  onMessage: {
    addListener(listener: OneShotListener): void;
    removeListener(listener: OneShotListener): void;
  };
  onConnect: {
    addListener(listener: (port: PortLike) => void): void;
    removeListener(listener: (port: PortLike) => void): void;
  };
}

/** A client transport over one `runtime.sendMessage` per request (scripts; pages use the port). */
export function createRuntimeTransport(runtime: Pick<RuntimeLike, 'sendMessage'>): RpcTransport {
  return { send: (message: RpcRequest) => runtime.sendMessage(message) };
}

interface Waiter {
  /** The port the request went out on: only its closing strands it. */
  port: PortLike;
  resolve(answer: unknown): void;
  reject(error: Error): void;
}

/**
 * The pages' transport: one port, opened on the first request and again after the background closed it
 * (a stopped service worker). Requests waiting on a port when it closes are rejected, as a `sendMessage`
 * whose worker stopped is.
 */
export function createPortTransport(runtime: Pick<RuntimeLike, 'connect'>): RpcTransport {
  let port: PortLike | null = null;
  const waiting = new Map<string, Waiter>();

  function open(): PortLike {
    const opened = runtime.connect({ name: RPC_PORT });
    opened.onMessage.addListener((answer) => {
      const id = (answer as { id?: unknown } | null)?.id;
      const waiter = typeof id === 'string' ? waiting.get(id) : undefined;
      if (!waiter) return;
      waiting.delete(id as string);
      waiter.resolve(answer);
    });
    opened.onDisconnect.addListener(() => {
      if (port === opened) port = null;
      for (const [id, w] of waiting) {
        if (w.port !== opened) continue;
        waiting.delete(id);
        w.reject(new Error('the background closed the connection'));
      }
    });
    return opened;
  }

  /** Posts on the open port; a port whose background is gone throws before its disconnect event. */
  function post(message: RpcRequest, retry: boolean): PortLike {
    const current = (port ??= open());
    try {
      current.postMessage(message);
      return current;
    } catch (error) {
      if (port === current) port = null;
      if (!retry) throw error;
      return post(message, false);
    }
  }

  return {
    send: (message) =>
      new Promise((resolve, reject) => {
        try {
          waiting.set(message.id, { port: post(message, true), resolve, reject });
        } catch (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      }),
    forget: (id) => void waiting.delete(id),
  };
}

/**
 * Serve the RPC on `runtime.onMessage` and on our pages' ports; returns the function that stops both
 * (and closes the open ports).
 */
export function listenForRpc(
  runtime: Pick<RuntimeLike, 'onMessage' | 'onConnect'>,
  listener: RuntimeMessageListener,
): () => void {
  const ports = new Set<PortLike>();
  const onConnect = (port: PortLike): void => {
    if (port.name !== RPC_PORT) return;
    ports.add(port);
    const sender = port.sender ?? {};
    const reply = (answer: RpcResponse): void => {
      try {
        port.postMessage(answer);
      } catch {
        // The page closed before its answer: nothing to tell.
      }
    };
    port.onMessage.addListener((message) => void listener(message, sender, reply));
    port.onDisconnect.addListener(() => ports.delete(port));
  };
  // The answer goes by `sendResponse` (the server calls it as `reply`, before its after-reply work).
  const onMessage: OneShotListener = (message, sender, sendResponse) =>
    listener(message, sender, sendResponse) && true;
  runtime.onMessage.addListener(onMessage);
  runtime.onConnect.addListener(onConnect);
  return () => {
    runtime.onMessage.removeListener(onMessage);
    runtime.onConnect.removeListener(onConnect);
    for (const port of ports) port.disconnect();
    ports.clear();
  };
}
