import { describe, expect, it } from 'vitest';
import {
  createRpcServer,
  listenForRpc,
  type RpcHandlers,
  type RuntimeMessageListener,
} from '../../lib/protocol';
import { createPageRpc } from '../../lib/ui/rpc-client';

describe('createPageRpc', () => {
  it('reaches a background listening on the same runtime, typed end to end', async () => {
    let listener: RuntimeMessageListener | null = null;
    const runtime = {
      sendMessage: (message: unknown) =>
        listener?.(message, { id: 'ext', url: 'chrome-extension://ext/popup.html' }) ??
        Promise.resolve(undefined),
      onMessage: {
        addListener: (l: RuntimeMessageListener) => (listener = l),
        removeListener: () => (listener = null),
      },
    };
    listenForRpc(
      runtime,
      createRpcServer({ ping: () => ({ pong: true, now: 7 }) } as Partial<RpcHandlers> as RpcHandlers, {
        isTrustedSender: () => true,
      }),
    );
    const rpc = createPageRpc(runtime);
    await expect(rpc.request('ping', {})).resolves.toEqual({ pong: true, now: 7 });
  });

  it('rejects as unreachable when no background answers', async () => {
    const rpc = createPageRpc({ sendMessage: () => Promise.resolve(undefined) }, { timeoutMs: 1000 });
    await expect(rpc.request('ping', {})).rejects.toMatchObject({ code: 'unreachable' });
  });
});
