import { describe, expect, it } from 'vitest';
import type { CapturedCall } from '../../lib/capture/capture-pipeline';
import { startCaptureSession } from '../../lib/capture/capture-session';
import { createRecentRequests, MAX_RECENT_BODY } from '../../lib/capture/recent-requests';
import { createAttributor } from '../../lib/cme/attribute';
import { compileCaptureRule } from '../../lib/cme/capture-rules';
import type { ClassifyOptions, RawCall } from '../../lib/cme/types';
import { FAKE_TICKET, jsonBody, loginCall, makeRawCall, SESSION_START_MS } from '../cme/factories';
import { fakeInspectedWindow, fakeNetwork, harEntryOf } from './fakes';

function proxied(action: string, at: number, where: 'header' | 'body' = 'header'): RawCall {
  return makeRawCall({
    startedAt: at,
    request: {
      method: 'POST',
      url: `http://127.0.0.1:9000/api/cme/Material/${action}`,
      headers: where === 'header' ? [{ name: 'X-CME-Auth', value: FAKE_TICKET }] : [],
      body: jsonBody(where === 'body' ? { Auth: FAKE_TICKET } : { Limit: 1 }),
    },
    response: { status: 200, body: jsonBody({ Code: 'Success', Message: 'ok', Data: {} }) },
  });
}

const other = (path: string, at: number) =>
  makeRawCall({
    startedAt: at,
    request: { method: 'GET', url: `http://127.0.0.1:9000${path}`, headers: [], body: null },
  });

describe('recent non-CME requests and capture rules in a session', () => {
  it('keeps non-CME requests in a bounded ring; a saved rule turns the matching ones into calls, and new traffic too', async () => {
    const network = fakeNetwork([harEntryOf(loginCall())]);
    const classify: ClassifyOptions = {};
    const captured: CapturedCall[] = [];
    const s = startCaptureSession({
      devtools: { network, inspectedWindow: fakeInspectedWindow() },
      decode: { attributor: createAttributor(), classify },
      onCaptured: (c) => captured.push(c),
      onNewDocument: () => {},
    });
    await s.backfilled;
    network.finish(harEntryOf(other('/app.js', SESSION_START_MS + 1)));
    network.finish(harEntryOf(proxied('ListMedia', SESSION_START_MS + 2)));
    network.finish(harEntryOf(proxied('DescribeClass', SESSION_START_MS + 3, 'body')));
    await s.pipeline.idle();
    expect(captured.map((c) => c.decoded.action)).toEqual(['Login']);
    expect(s.recent.list().map((r) => r.url.replace('http://127.0.0.1:9000', ''))).toEqual([
      '/app.js',
      '/api/cme/Material/ListMedia',
      '/api/cme/Material/DescribeClass',
    ]);
    const rule = compileCaptureRule({
      pattern: '/api/cme/<Class>/<Action>',
      ticket: { in: 'header', name: 'X-CME-Auth' },
    });
    if (!rule.ok) throw new Error(rule.error.message);
    classify.captureRules = [rule.rule];
    expect(s.applyRules()).toBe(1);
    await s.pipeline.idle();
    expect(captured.map((c) => c.decoded.action)).toEqual(['Login', 'ListMedia']);
    expect(captured[1]?.decoded).toMatchObject({
      proxied: true,
      ticket: FAKE_TICKET,
      user: { userId: 'user_001' },
    });
    expect(s.recent.list()).toHaveLength(2);
    network.finish(harEntryOf(proxied('ListMedia', SESSION_START_MS + 4)));
    await s.pipeline.idle();
    expect(captured).toHaveLength(3);
    // A body rule reads the request body DevTools gave (postData).
    const body = compileCaptureRule({
      pattern: '/api/cme/<Class>/<Action>',
      ticket: { in: 'body', name: 'Auth' },
    });
    if (!body.ok) throw new Error(body.error.message);
    classify.captureRules = [rule.rule, body.rule];
    expect(s.applyRules()).toBe(1);
    await s.pipeline.idle();
    expect(captured.map((c) => c.decoded.action)).toEqual([
      'Login',
      'ListMedia',
      'ListMedia',
      'DescribeClass',
    ]);
    s.stop();
  });

  it('bounds the ring: count, body characters, headers, other schemes', () => {
    const ring = createRecentRequests(3);
    let changes = 0;
    ring.subscribe(() => changes++);
    for (let i = 0; i < 5; i++) ring.add(harEntryOf(other(`/r${i}`, SESSION_START_MS + i)));
    expect(ring.list().map((r) => r.url.slice(-2))).toEqual(['r2', 'r3', 'r4']);
    const big = harEntryOf(
      makeRawCall({
        request: {
          method: 'POST',
          url: 'https://a.b/x',
          headers: Array.from({ length: 500 }, (_, i) => ({ name: `h${i}`, value: 'v'.repeat(10_000) })),
          body: jsonBody('x'.repeat(100_000)),
        },
      }),
    );
    ring.add(big);
    const last = ring.list().at(-1);
    expect(last?.body?.text).toHaveLength(MAX_RECENT_BODY);
    expect(last?.body?.truncated).toBe(true);
    expect(last?.headers.length).toBeLessThanOrEqual(64);
    expect(Math.max(...(last?.headers ?? []).map((h) => h.value.length))).toBeLessThanOrEqual(2048);
    ring.add({ ...big, request: { ...big.request, url: 'data:text/plain,x' } });
    expect(ring.list()).toHaveLength(3);
    expect(changes).toBe(6);
  });
});
