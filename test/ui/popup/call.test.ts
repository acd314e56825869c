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
  it.each(SNIPPET_KINDS)('%s masks the ticket unless revealed', (kind) => {
    const masked = snippetOf(result(), kind, false);
    expect(masked).not.toBeNull();
    expect(masked).not.toContain(TICKET);
    if (kind !== 'web-sdk') {
      expect(snippetOf(result(), kind, true)).toContain(TICKET);
    }
  });

  it('writes the action and body into each kind', () => {
    expect(snippetOf(result(), 'curl', false)).toMatch(/^curl '.*\/PaaS\/Material\/DescribeClass\?auth=tf_/);
    expect(snippetOf(result(), 'fetch', false)).toContain('"Platform": "demo_platform"');
    expect(snippetOf(result(), 'web-sdk', false)).toContain("net.fetch('/Material/DescribeClass'");
  });

  it('has nothing to copy when no answer came', () => {
    expect(snippetOf(result({ outcome: null, rpcError: 'x' }), 'curl', false)).toBeNull();
  });
});
