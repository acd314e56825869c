import { describe, expect, it, vi } from 'vitest';
import {
  createRpcClient,
  isRpcError,
  RPC_SOURCE,
  type RpcRequest,
  type RpcTransport,
} from '../../lib/protocol';

/** A transport whose answer the test decides; it records what was sent. */
function scriptedTransport(answer: (message: RpcRequest) => Promise<unknown>) {
  const sent: RpcRequest[] = [];
  const forgotten: string[] = [];
  const transport: RpcTransport = {
    send: (message) => {
      sent.push(message);
      return answer(message);
    },
    forget: (id) => void forgotten.push(id),
  };
  return { transport, sent, forgotten };
}

const never = () => new Promise<unknown>(() => undefined);

async function rejection(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!isRpcError(error)) throw new Error(`expected an RpcError, got ${String(error)}`);
  return error;
}

describe('createRpcClient', () => {
  it('sends our envelope with a fresh id per request', async () => {
    let n = 0;
    const { transport, sent } = scriptedTransport(async (m) => ({
      source: RPC_SOURCE,
      kind: 'rpc-result',
      id: m.id,
      ok: true,
      result: { pong: true, now: 7 },
    }));
    const client = createRpcClient(transport, { newId: () => `r${++n}` });
    await client.request('ping', {});
    await client.request('ping', {});
    expect(sent).toEqual([
      { source: 'cme-devtools', kind: 'rpc', id: 'r1', method: 'ping', params: {} },
      { source: 'cme-devtools', kind: 'rpc', id: 'r2', method: 'ping', params: {} },
    ]);
  });

  it('rejects with timeout when no answer comes in time, and ignores a late answer', async () => {
    let answerLate: (value: unknown) => void = () => undefined;
    const { transport } = scriptedTransport(() => new Promise((resolve) => (answerLate = resolve)));
    const client = createRpcClient(transport, { timeoutMs: 20 });
    const error = await rejection(client.request('data.counts', {}));
    expect(error).toMatchObject({ code: 'timeout', message: 'data.counts: no answer within 20 ms' });
    answerLate({ source: RPC_SOURCE, kind: 'rpc-result', id: 'x', ok: true, result: {} });
  });

  it('uses the per-request timeout over the default', async () => {
    const client = createRpcClient(scriptedTransport(never).transport, { timeoutMs: 60_000 });
    await expect(rejection(client.request('ping', {}, { timeoutMs: 10 }))).resolves.toMatchObject({
      code: 'timeout',
    });
  });

  it('rejects with aborted when the signal fires, before or during the request', async () => {
    const { transport, sent } = scriptedTransport(never);
    const client = createRpcClient(transport);
    const before = new AbortController();
    before.abort();
    await expect(rejection(client.request('ping', {}, { signal: before.signal }))).resolves.toMatchObject({
      code: 'aborted',
    });
    expect(sent).toHaveLength(0);
    const during = new AbortController();
    const pending = client.request('history.list', { limit: 5 }, { signal: during.signal });
    await vi.waitFor(() => expect(sent).toHaveLength(1));
    during.abort();
    await expect(rejection(pending)).resolves.toMatchObject({
      code: 'aborted',
      message: 'history.list was aborted',
    });
  });

  it.each([
    ['nobody answered', async () => undefined, 'unreachable', 'ping: the background gave no answer'],
    [
      'an answer of someone else',
      async () => ({ ok: true, result: 1 }),
      'unreachable',
      'ping: the background gave no answer',
    ],
    [
      'the runtime failed',
      async () => {
        throw new Error('Could not establish connection. Receiving end does not exist.');
      },
      'unreachable',
      'ping: could not reach the background: Could not establish connection. Receiving end does not exist.',
    ],
    [
      'the runtime threw synchronously',
      () => {
        throw new Error('Extension context invalidated.');
      },
      'unreachable',
      'ping: could not reach the background: Extension context invalidated.',
    ],
    [
      'a remote error',
      async (m: RpcRequest) => ({
        source: RPC_SOURCE,
        kind: 'rpc-result',
        id: m.id,
        ok: false,
        error: { code: 'not-found', message: 'No ticket t1' },
      }),
      'not-found',
      'ping: No ticket t1',
    ],
  ])('rejects when %s', async (_, answer, code, message) => {
    const client = createRpcClient(
      scriptedTransport(answer as (m: RpcRequest) => Promise<unknown>).transport,
    );
    await expect(rejection(client.request('ping', {}))).resolves.toMatchObject({
      code,
      message,
      method: 'ping',
    });
  });

  it('refuses an answer to another request id', async () => {
    const { transport } = scriptedTransport(async () => ({
      source: RPC_SOURCE,
      kind: 'rpc-result',
      id: 'other',
      ok: true,
      result: { pong: true, now: 1 },
    }));
    await expect(rejection(createRpcClient(transport).request('ping', {}))).resolves.toMatchObject({
      code: 'unreachable',
    });
  });

  it('tells the transport to forget a request it stopped waiting for (timeout, abort), not an answered one', async () => {
    let n = 0;
    const { transport, forgotten } = scriptedTransport(async (m) =>
      m.method === 'ping'
        ? { source: RPC_SOURCE, kind: 'rpc-result', id: m.id, ok: true, result: {} }
        : never(),
    );
    const client = createRpcClient(transport, { newId: () => `r${++n}` });
    await client.request('ping', {});
    await rejection(client.request('data.counts', {}, { timeoutMs: 5 }));
    const stop = new AbortController();
    const aborted = rejection(client.request('data.counts', {}, { signal: stop.signal }));
    stop.abort();
    await aborted;
    expect(forgotten).toEqual(['r2', 'r3']);
  });
});
