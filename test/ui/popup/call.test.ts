import { describe, expect, it } from 'vitest';
import { rawCallOf, type CallResult } from '../../../lib/ui/popup/call';
import { snippetOf, SNIPPET_KINDS } from '../../../lib/ui/popup/snippets';
import { makeAnswer, makeEnvironment, makeTicket } from './fakes';
import { failure } from '../../../lib/background/deps';

const TICKET = makeTicket().authorization;

function result(overrides: Partial<CallResult> = {}): CallResult {
  return {
    sent: {
      actionClass: 'Material',
      action: 'DescribeClass',
      body: { Platform: 'demo_platform', Owner: { Type: 'PERSON', Id: 'alice' } },
      ticket: makeTicket(),
      environment: makeEnvironment(),
      startedAt: 1_700_000_000_000,
    },
    outcome: makeAnswer(),
    rpcError: null,
    ...overrides,
  };
}

describe('rawCallOf', () => {
  it('rebuilds the request and answer of a call that was answered', () => {
    const raw = rawCallOf(result());
    expect(raw).toMatchObject({
      startedAt: 1_700_000_000_000,
      durationMs: 42,
      request: { method: 'POST', url: makeAnswer().url, body: { text: JSON.stringify(result().sent.body) } },
      response: { status: 200, body: { text: makeAnswer().responseText } },
    });
  });

  it.each([
    ['no answer', { outcome: null, rpcError: 'unreachable' }],
    [
      'a failure before any answer',
      {
        outcome: failure('network', 'x'),
      },
    ],
  ])('is null with %s', (_n, overrides) => {
    expect(rawCallOf(result(overrides))).toBeNull();
  });
});

describe('snippetOf', () => {
  it.each(SNIPPET_KINDS)('%s always masks the ticket (a copy is never revealed)', (kind) => {
    const masked = snippetOf(result(), kind);
    expect(masked).not.toBeNull();
    expect(masked).not.toContain(TICKET);
  });

  it.each(SNIPPET_KINDS)('%s masks a stored ticket the answer echoes, by value', (kind) => {
    const other = 'opaque-stored-ticket-0123456789';
    const echoed = result({
      outcome: { ...result().outcome!, responseText: `{"Code":"Success","Data":{"Note":"${other}"}}` },
      sent: { ...result().sent, body: { Note: other } },
    } as never);
    const text = snippetOf(echoed, kind, [{ value: other, kind: 'ticket' }])!;
    expect(text).not.toContain(other);
  });

  it('writes the action and body into each kind', () => {
    expect(snippetOf(result(), 'curl')).toMatch(/^curl '.*\/PaaS\/Material\/DescribeClass\?auth=tf_/);
    expect(snippetOf(result(), 'fetch')).toContain('"Platform": "demo_platform"');
    expect(snippetOf(result(), 'web-sdk')).toContain("net.fetch('/Material/DescribeClass'");
  });

  it('has nothing to copy when no answer came', () => {
    expect(snippetOf(result({ outcome: null, rpcError: 'x' }), 'curl')).toBeNull();
  });
});
