/**
 * The page's side of a request (lib/protocol/page-side.ts): checked and completed in the page, so the
 * background ships neither the params checks nor the capture rule compiler.
 */
import { describe, expect, it } from 'vitest';
import {
  createRpcClient,
  createRpcServer,
  isRpcError,
  RPC_SOURCE,
  type RpcRequest,
  type RpcTransport,
} from '../../lib/protocol';
import { preparePageRequest } from '../../lib/protocol/page-side';
import { validateRequest } from '../../lib/protocol/validate';
import { fakeHandlers, popupSender } from './fakes';

const RULE = { pattern: '/api/cme/<Class>/<Action>', ticket: { in: 'header' as const, name: 'X-CME-Auth' } };
const CAPTURE = {
  request: {
    method: 'POST',
    url: 'http://127.0.0.1:9000/api/cme/Material/ListMedia',
    headers: [{ name: 'X-CME-Auth', value: 'tf_abc' }],
    body: { text: '{}' },
  },
};

describe('preparePageRequest', () => {
  it('refuses what validate.ts refuses, with its message', async () => {
    for (const [method, params] of [
      ['call', { ticketId: 't', actionClass: 'Ma/terial', action: 'X', body: {} }],
      ['keys.set', { secretId: 'a', secretKey: 'k'.repeat(257) }],
      ['nope', {}],
    ] as const) {
      const expected = validateRequest(method, params);
      expect(expected.ok).toBe(false);
      expect(await preparePageRequest(method, params)).toEqual({
        ok: false,
        message: !expected.ok && expected.error.message,
      });
    }
  });

  it('sends the params rebuilt with known fields only', async () => {
    expect(await preparePageRequest('tickets.list', { status: 'active', extra: undefined })).toEqual({
      ok: true,
      method: 'tickets.list',
      params: { status: 'active' },
    });
  });

  it('compiles an environment’s capture rules: refuses one that does not compile, cleans the others', async () => {
    const env = { name: 'App', loginUrl: 'http://127.0.0.1:1', apiBase: 'http://127.0.0.1:1' };
    const bad = await preparePageRequest('environments.save', {
      ...env,
      captureRules: [RULE, { pattern: '/api/<Class>', ticket: RULE.ticket }],
    });
    expect(bad).toMatchObject({ ok: false, message: expect.stringMatching(/^capture rule 2: .*<Action>/) });
    const good = await preparePageRequest('environments.save', {
      ...env,
      captureRules: [{ pattern: ` ${RULE.pattern} `, ticket: { in: 'header', name: ' X-CME-Auth ' } }],
    });
    expect(good).toMatchObject({ ok: true, params: { captureRules: [RULE] } });
  });

  it('answers a replay whose rule does not compile or match without the background', async () => {
    expect(
      await preparePageRequest('replay', { capture: CAPTURE, rule: { ...RULE, pattern: '/x/<Class>' } }),
    ).toMatchObject({ ok: true, answer: { ok: false, stage: 'input', message: /not valid/ } });
    const noTicket = { request: { ...CAPTURE.request, headers: [] } };
    expect(await preparePageRequest('replay', { capture: noTicket, rule: RULE })).toMatchObject({
      ok: true,
      answer: { ok: false, stage: 'input', message: 'The capture rule does not match the captured request' },
    });
    expect(await preparePageRequest('replay', { capture: CAPTURE, rule: RULE })).toMatchObject({
      ok: true,
      params: { hit: { actionClass: 'Material', action: 'ListMedia', ticket: 'tf_abc' } },
    });
  });
});

describe('the client with its page side', () => {
  function recording() {
    const sent: RpcRequest[] = [];
    const server = createRpcServer(fakeHandlers({ ping: () => ({ pong: true, now: 1 }) }), {
      isTrustedSender: () => true,
    });
    const transport: RpcTransport = {
      send: (message) => {
        sent.push(message);
        return server(message, popupSender()) ?? Promise.resolve(undefined);
      },
    };
    return { sent, client: createRpcClient(transport) };
  }

  it('never sends a request its page refuses, and rejects with bad-request', async () => {
    const { sent, client } = recording();
    const error = await client.request('keys.set', { secretId: 'a', secretKey: '' }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(isRpcError(error) && error).toMatchObject({
      code: 'bad-request',
      message: 'keys.set: params.secretKey must not be empty',
    });
    expect(sent).toEqual([]);
  });

  it('sends the checked params', async () => {
    const { sent, client } = recording();
    await client.request('ping', {});
    expect(sent).toEqual([
      { source: RPC_SOURCE, kind: 'rpc', id: expect.any(String), method: 'ping', params: {} },
    ]);
  });
});

describe('the server', () => {
  it('refuses an unknown method, and leaves the params to the page that checked them', async () => {
    const server = createRpcServer(fakeHandlers({ ping: () => ({ pong: true, now: 1 }) }), {
      isTrustedSender: () => true,
    });
    const ask = (method: string) =>
      server({ source: RPC_SOURCE, kind: 'rpc', id: 'r', method, params: {} }, popupSender());
    expect(await ask('toString')).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect(await ask('ping')).toMatchObject({ ok: true });
  });
});
