import { describe, expect, it, vi } from 'vitest';
import { createRpcClient, createRpcServer, isRpcError, rpcError, type RpcHandlers } from '../../lib/protocol';
import type { TicketRecord } from '../../lib/store';
import { fakeHandlers, inMemoryTransport, popupSender } from './fakes';

const ticket: TicketRecord = {
  id: 't1',
  authorization: 'tf_FAKE',
  platform: 'my_platform',
  userId: 'user_001',
  appId: 1250000000,
  tfUid: null,
  environment: 'tencent',
  label: '',
  source: 'signature',
  createdAt: 1,
  lastUsedAt: null,
  status: 'active',
  rejectedCode: null,
  rejectedAt: null,
};

function setup(handlers: Partial<RpcHandlers>, onError = vi.fn()) {
  const server = createRpcServer(fakeHandlers(handlers), { isTrustedSender: () => true, onError });
  return { client: createRpcClient(inMemoryTransport(server, popupSender()), { timeoutMs: 500 }), onError };
}

async function rejection(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!isRpcError(error)) throw new Error(`expected an RpcError, got ${String(error)}`);
  return error;
}

describe('client and server', () => {
  it('carries typed params to the handler and its result back', async () => {
    const list = vi.fn((params: { environmentId?: string }) => [
      { ...ticket, environment: params.environmentId ?? '' },
    ]);
    const { client } = setup({ 'tickets.list': list, ping: () => ({ pong: true, now: 42 }) });
    const tickets = await client.request('tickets.list', { environmentId: 'tencent' });
    expect(tickets).toEqual([ticket]);
    expect(list).toHaveBeenCalledWith(
      { environmentId: 'tencent' },
      expect.objectContaining({ sender: popupSender() }),
    );
    expect(await client.request('ping', {})).toEqual({ pong: true, now: 42 });
  });

  it('awaits asynchronous handlers', async () => {
    const { client } = setup({
      'data.counts': async () => ({ tickets: 1, history: 2, captures: 3, environments: 1 }),
    });
    expect(await client.request('data.counts', {})).toEqual({
      tickets: 1,
      history: 2,
      captures: 3,
      environments: 1,
    });
  });

  it('answers bad params with bad-request, without calling the handler', async () => {
    const save = vi.fn();
    const { client } = setup({ 'environments.save': save });
    const error = await rejection(
      client.request('environments.save', {
        name: 'Sandbox',
        loginUrl: 'ftp://x',
        apiBase: 'http://127.0.0.1:8787',
      }),
    );
    expect(error.code).toBe('bad-request');
    expect(error.message).toBe('environments.save: params.loginUrl must be an http or https URL');
    expect(save).not.toHaveBeenCalled();
  });

  it('turns a handler exception into an internal error, not a crash', async () => {
    const { client, onError } = setup({
      'history.clear': () => {
        throw new Error('IndexedDB is gone');
      },
    });
    const error = await rejection(client.request('history.clear', {}));
    expect(error).toMatchObject({
      code: 'internal',
      message: 'history.clear: IndexedDB is gone',
    });
    expect(onError).toHaveBeenCalledWith(expect.any(Error), 'history.clear');
    // The server still answers afterwards.
    await expect(rejection(client.request('history.clear', {}))).resolves.toMatchObject({ code: 'internal' });
  });

  it('passes the code of an RpcError thrown by a handler', async () => {
    const { client } = setup({
      'tickets.delete': async () => {
        throw rpcError('not-found', 'No ticket t9');
      },
    });
    const error = await rejection(client.request('tickets.delete', { ticketId: 't9' }));
    expect(error).toMatchObject({
      code: 'not-found',
      message: 'tickets.delete: No ticket t9',
      method: 'tickets.delete',
    });
  });

  it('refuses an untrusted sender with forbidden, without calling the handler', async () => {
    const ping = vi.fn(() => ({ pong: true as const, now: 1 }));
    const server = createRpcServer(fakeHandlers({ ping }), { isTrustedSender: () => false });
    const client = createRpcClient(inMemoryTransport(server));
    await expect(rejection(client.request('ping', {}))).resolves.toMatchObject({ code: 'forbidden' });
    expect(ping).not.toHaveBeenCalled();
  });
});
