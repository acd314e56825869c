import { describe, expect, it, vi } from 'vitest';
import { createRpcServer, RPC_SOURCE } from '../../lib/protocol';
import { fakeHandlers, popupSender } from './fakes';

function request(method: string, params: unknown, id = 'r1') {
  return { source: RPC_SOURCE, kind: 'rpc', id, method, params };
}

describe('createRpcServer', () => {
  const ping = vi.fn(() => ({ pong: true as const, now: 5 }));
  const server = createRpcServer(fakeHandlers({ ping }), {
    isTrustedSender: (s) => s.id === popupSender().id,
  });

  it.each([
    ['a string', 'ping'],
    ['null', null],
    ['another source', { ...request('ping', {}), source: 'react-devtools' }],
    ['an answer', { source: RPC_SOURCE, kind: 'rpc-result', id: 'r1', ok: true, result: 1 }],
    ['no id', { source: RPC_SOURCE, kind: 'rpc', method: 'ping', params: {} }],
    ['a numeric method', { ...request('ping', {}), method: 1 }],
  ])('leaves %s unanswered (not ours)', (_, message) => {
    expect(server(message, popupSender())).toBeUndefined();
  });

  it('answers a request with its id', async () => {
    await expect(server(request('ping', {}, 'abc'), popupSender())).resolves.toEqual({
      source: RPC_SOURCE,
      kind: 'rpc-result',
      id: 'abc',
      ok: true,
      result: { pong: true, now: 5 },
    });
  });

  it('answers forbidden to an untrusted sender before looking at the params', async () => {
    ping.mockClear();
    await expect(server(request('nope', 42), { id: 'other-extension' })).resolves.toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(ping).not.toHaveBeenCalled();
  });

  it('answers bad-request to an unknown method', async () => {
    await expect(server(request('tickets.steal', {}), popupSender())).resolves.toMatchObject({
      ok: false,
      error: { code: 'bad-request', message: 'Unknown method "tickets.steal"' },
    });
  });

  it('gives the handler the validated params, unknown-but-undefined fields left out', async () => {
    const list = vi.fn(() => []);
    const listening = createRpcServer(fakeHandlers({ 'history.list': list }), {
      isTrustedSender: () => true,
    });
    await listening(request('history.list', { limit: 3, ticketId: undefined }), popupSender());
    expect(list).toHaveBeenCalledWith({ limit: 3 }, { sender: popupSender() });
  });

  it('answers internal for a non-Error throw', async () => {
    const throwing = createRpcServer(
      fakeHandlers({
        'keys.status': () => {
          throw 'storage.session unavailable';
        },
      }),
      { isTrustedSender: () => true },
    );
    await expect(throwing(request('keys.status', {}), popupSender())).resolves.toMatchObject({
      ok: false,
      error: { code: 'internal', message: 'storage.session unavailable' },
    });
  });
});
