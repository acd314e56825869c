import { describe, expect, it } from 'vitest';
import { agentCallToRawCall, REPORTED_BY_PAGE } from '../../lib/agent/record';
import type { AgentCall } from '../../lib/agent/wire';

const CALL: AgentCall = {
  via: 'fetch',
  startedAt: 1_700_000_000_000,
  durationMs: 30,
  request: {
    method: 'POST',
    url: 'https://web-paas-api.cme.qcloud.com/PaaS/Material/ListMedia?auth=tf_X',
    headers: [
      ['Content-Type', 'application/json'],
      ['X-Trace', '1'],
    ],
    body: '{"Limit":1}',
    bodyTruncated: true,
  },
  response: {
    status: 200,
    statusText: 'OK',
    headers: [['content-type', 'application/json; charset=utf-8']],
    body: '{"Code":"Success"}',
  },
};

describe('agentCallToRawCall', () => {
  it('gives the capture log’s raw call, headers as name/value, bodies with their type, marked as reported', () => {
    expect(agentCallToRawCall(CALL)).toEqual({
      startedAt: CALL.startedAt,
      durationMs: 30,
      request: {
        method: 'POST',
        url: CALL.request.url,
        headers: [
          { name: 'Content-Type', value: 'application/json' },
          { name: 'X-Trace', value: '1' },
        ],
        body: { text: '{"Limit":1}', mimeType: 'application/json', truncated: true },
      },
      response: {
        status: 200,
        statusText: 'OK',
        headers: [{ name: 'content-type', value: 'application/json; charset=utf-8' }],
        body: { text: '{"Code":"Success"}', mimeType: 'application/json; charset=utf-8' },
      },
      comment: `${REPORTED_BY_PAGE} via fetch`,
    });
  });

  it('gives a call with no answer status 0 and its error; an injected answer names its rule', () => {
    const raw = agentCallToRawCall({
      ...CALL,
      via: 'xhr',
      request: { ...CALL.request, headers: [], body: null },
      response: null,
      error: 'network',
      injected: { ruleId: 'r7', effect: { kind: 'network' } },
    });
    expect(raw.request.body).toBeNull();
    expect(raw.response).toEqual({ status: 0, statusText: '', headers: [], body: null, error: 'network' });
    expect(raw.comment).toBe(`${REPORTED_BY_PAGE} via xhr; answer shaped by fault rule r7 (network)`);
  });
});

describe('a URL the page wrote relative', () => {
  it('is made absolute against the reporting document', () => {
    const call = { ...CALL, request: { ...CALL.request, url: '/?signature=abc' } };
    expect(agentCallToRawCall(call, 'http://127.0.0.1:8787/demo').request.url).toBe(
      'http://127.0.0.1:8787/?signature=abc',
    );
    expect(agentCallToRawCall(call).request.url).toBe('/?signature=abc');
  });
});
