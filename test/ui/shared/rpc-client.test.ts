import { describe, expect, it } from 'vitest';
import { createRpcServer, listenForRpc, type RpcHandlers } from '../../../lib/protocol';
import { createPageRpc } from '../../../lib/ui/shared/rpc-client';
import { fakeRuntime } from '../../protocol/fake-runtime';

describe('createPageRpc', () => {
  it('reaches a background listening on the same runtime over one port, typed end to end', async () => {
    const fake = fakeRuntime();
    listenForRpc(
      fake.runtime,
      createRpcServer({ ping: () => ({ pong: true, now: 7 }) } as Partial<RpcHandlers> as RpcHandlers, {
        isTrustedSender: () => true,
      }),
    );
    const rpc = createPageRpc(fake.runtime);
    await expect(rpc.request('ping', {})).resolves.toEqual({ pong: true, now: 7 });
    await expect(rpc.request('ping', {})).resolves.toEqual({ pong: true, now: 7 });
    expect(fake.connects()).toBe(1);
  });

  it('rejects as unreachable when no background answers', async () => {
    const rpc = createPageRpc(fakeRuntime().runtime, { timeoutMs: 1000 });
    await expect(rpc.request('ping', {})).rejects.toMatchObject({ code: 'unreachable' });
  });
});
