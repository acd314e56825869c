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
    expect(list).toHaveBeenCalledWith({ limit: 3 }, expect.objectContaining({ sender: popupSender() }));
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

  it('posts the answer through reply before running the work the handler left for after it', async () => {
    const order: string[] = [];
    const deferring = createRpcServer(
      fakeHandlers({
        ping: (_, context) => {
          context.afterReply(() => order.push('first task'));
          context.afterReply(() => {
            throw new Error('a failing task');
          });
          context.afterReply(() => order.push('last task'));
          order.push('handler');
          return { pong: true, now: 1 };
        },
      }),
      { isTrustedSender: () => true, onError: (error) => order.push(`error: ${String(error)}`) },
    );
    const answer = await deferring(request('ping', {}, 'p1'), popupSender(), (a) =>
      order.push(`reply ${a.id} ${String(a.ok)}`),
    );
    expect(answer).toMatchObject({ id: 'p1', ok: true });
    expect(order).toEqual([
      'handler',
      'reply p1 true',
      'first task',
      'error: Error: a failing task',
      'last task',
    ]);
  });

  it('runs the deferred work before answering a one-shot message, and after a handler that threw', async () => {
    const order: string[] = [];
    const deferring = createRpcServer(
      fakeHandlers({
        'keys.status': async (_, context) => {
          context.afterReply(() => order.push('task'));
          await Promise.resolve();
          throw new Error('no session storage');
        },
      }),
      { isTrustedSender: () => true },
    );
    const answer = deferring(request('keys.status', {}), popupSender())!;
    order.push('returned');
    await expect(answer.then((a) => (order.push('answered'), a))).resolves.toMatchObject({
      ok: false,
      error: { code: 'internal' },
    });
    expect(order).toEqual(['returned', 'task', 'answered']);
  });

  it('replies forbidden and bad-request through reply too', async () => {
    const replies: unknown[] = [];
    await server(request('ping', {}), { id: 'other-extension' }, (a) => replies.push(a));
    await server(request('tickets.steal', {}), popupSender(), (a) => replies.push(a));
    expect(replies).toMatchObject([
      { ok: false, error: { code: 'forbidden' } },
      { ok: false, error: { code: 'bad-request' } },
    ]);
  });
});
