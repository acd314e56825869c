import { describe, expect, it } from 'vitest';
import { RPC_METHODS, validateRequest } from '../../lib/protocol/validate';

/** What a replay sends again of a captured call: its request's method, URL and body. */
const capture = {
  request: {
    method: 'POST',
    url: 'https://web-paas-api.cme.qcloud.com/PaaS/Project/DescribeProjects?auth=tf_FAKE',
    body: { text: '{}' },
  },
};

describe('validateRequest', () => {
  it('knows every method of the protocol', () => {
    expect([...RPC_METHODS].sort()).toEqual(
      [
        'ping',
        'tickets.list',
        'tickets.save',
        'tickets.delete',
        'login.withSignature',
        'login.fromDevServer',
        'login.localSign',
        'keys.set',
        'keys.status',
        'keys.forget',
        'call',
        'call.abort',
        'replay',
        'history.list',
        'history.clear',
        'environments.list',
        'environments.save',
        'environments.delete',
        'data.counts',
        'data.prune',
        'data.clear',
        'recorder.list',
        'recorder.take',
        'recorder.clear',
        'faults.get',
        'faults.set',
        'agent.sites',
        'agent.enable',
        'agent.disable',
        'agent.forget',
      ].sort(),
    );
  });

  it.each([
    ['ping', {}],
    ['tickets.list', {}],
    ['tickets.list', { environmentId: 'tencent', status: 'rejected' }],
    ['tickets.save', { environmentId: 'tencent', authorization: 'tf_FAKE', platform: null, appId: 125 }],
    ['login.withSignature', { environmentId: 'tencent', signature: 'F9yi6VNw', label: '' }],
    [
      'login.fromDevServer',
      { environmentId: 'tencent', urlTemplate: 'http://127.0.0.1:3000/sign?u={userId}', userId: 'u1' },
    ],
    ['login.localSign', { environmentId: 'tencent', platform: 'p', userId: 'u1' }],
    ['keys.set', { secretId: 'AKIDEXAMPLE', secretKey: 'SECRETKEYEXAMPLE' }],
    ['call', { ticketId: 't1', actionClass: 'Project', action: 'DescribeProjects', body: { Limit: 10 } }],
    [
      'call',
      { ticketId: 't1', actionClass: 'Project', action: 'DescribeProjects', body: null, callId: 'c1' },
    ],
    ['call.abort', { callId: 'c1' }],
    ['replay', { capture }],
    ['replay', { capture, body: '{"Limit":1}', ticketId: 't1', replayOf: { kind: 'capture', id: 3 } }],
    ['replay', { capture, replayOf: { kind: 'history', id: 'h1' } }],
    ['replay', { capture, ticketId: 't1', allowHost: 'evil.example:8443' }],
    ['history.list', { limit: 50 }],
    [
      'environments.save',
      { name: 'Sandbox', loginUrl: 'http://127.0.0.1:8787', apiBase: 'http://127.0.0.1:8787' },
    ],
    ['data.clear', { stores: ['history', 'captures'] }],
  ])('accepts %s %j', (method, params) => {
    expect(validateRequest(method, params)).toEqual({ ok: true, method, params });
  });

  it.each([
    ['nope', {}, 'Unknown method "nope"'],
    ['toString', {}, 'Unknown method "toString"'],
    ['ping', undefined, 'params must be an object'],
    ['ping', { extra: 1 }, 'params.extra is not a known field'],
    ['tickets.list', { status: 'expired' }, 'params.status must be one of active, rejected'],
    ['tickets.delete', {}, 'params.ticketId must be a string'],
    ['tickets.delete', { ticketId: '  ' }, 'params.ticketId must not be empty'],
    [
      'tickets.save',
      { environmentId: 'tencent', authorization: 'x', appId: 1.5 },
      'params.appId must be an integer',
    ],
    [
      'call',
      { ticketId: 't1', actionClass: '../x', action: 'A', body: {} },
      'params.actionClass must be a name such as DescribeProjects',
    ],
    ['call', { ticketId: 't1', actionClass: 'Project', action: 'A' }, 'params.body must be a JSON value'],
    [
      'call',
      { ticketId: 't1', actionClass: 'P', action: 'A', body: {}, timeoutMs: 0 },
      'params.timeoutMs must be at least 1',
    ],
    [
      'replay',
      { capture: { ...capture, request: { ...capture.request, body: { text: 1 } } } },
      'params.capture.request.body.text must be a string',
    ],
    ['replay', { capture, ticketId: 't1', allowHost: 1 }, 'params.allowHost must be a string'],
    ['replay', { capture, ticketId: 't1', allowHost: '' }, 'params.allowHost must not be empty'],
    [
      'replay',
      { capture, replayOf: { kind: 'capture', id: 'x' } },
      'params.replayOf.id must be a finite number',
    ],
    ['history.list', { limit: 100_000 }, 'params.limit must be at most 10000'],
    [
      'login.fromDevServer',
      { environmentId: 'e', urlTemplate: 'javascript:alert(1)', userId: 'u' },
      'params.urlTemplate must be an http or https URL',
    ],
    ['data.clear', { stores: [] }, 'params.stores must have at least 1 item(s)'],
    [
      'data.clear',
      { stores: ['environments'] },
      'params.stores[0] must be one of tickets, history, captures',
    ],
  ])('refuses %s %j', (method, params, message) => {
    expect(validateRequest(method, params)).toEqual({ ok: false, error: { code: 'bad-request', message } });
  });

  it('never quotes a secret in its message', () => {
    const result = validateRequest('keys.set', { secretId: 'AKIDEXAMPLE', secretKey: 'S'.repeat(300) });
    expect(result).toEqual({
      ok: false,
      error: { code: 'bad-request', message: 'params.secretKey must be at most 256 characters' },
    });
  });

  it('drops unknown fields of a captured call (its answer and timing too) but keeps what is sent', () => {
    const harLike = {
      ...capture,
      startedAt: 1_700_000_000_000,
      durationMs: 40,
      response: { status: 200, headers: [], body: { text: '{"Code":"Success"}' } },
      comment: 'from HAR',
      request: {
        ...capture.request,
        httpVersion: 'HTTP/2',
        headers: [{ name: 'Content-Type', value: 'application/json' }],
      },
    };
    const result = validateRequest('replay', { capture: harLike });
    // Headers are kept (bounded): a capture rule's ticket header is sent again; the background reads no other.
    expect(result).toEqual({
      ok: true,
      method: 'replay',
      params: { capture: { request: { ...capture.request, headers: harLike.request.headers } } },
    });
  });

  it('leaves out optional fields sent as undefined (Firefox keeps them, Chrome drops them)', () => {
    expect(validateRequest('tickets.list', { environmentId: undefined, other: undefined })).toEqual({
      ok: true,
      method: 'tickets.list',
      params: {},
    });
  });
});
