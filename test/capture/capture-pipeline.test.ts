import { describe, expect, it, vi } from 'vitest';
import {
  captureKey,
  createCapturePipeline,
  entryKey,
  MAX_CONCURRENT_READS,
  withContent,
  type CapturedCall,
} from '../../lib/capture/capture-pipeline';
import type { HarEntryLike } from '../../lib/capture/network-monitor';
import { createAttributor } from '../../lib/cme/attribute';
import { answers, apiCall, loginCall, makeRawCall, SESSION_START_MS } from '../cme/factories';
import { harEntryOf } from './fakes';

function pipeline(
  overrides: {
    readContent?: (e: HarEntryLike) => Promise<{ text: string | null }>;
    maxConcurrentReads?: number;
  } = {},
) {
  const captured: CapturedCall[] = [];
  const p = createCapturePipeline({
    decode: { attributor: createAttributor() },
    onCaptured: (c) => captured.push(c),
    ...overrides,
  });
  return { p, captured };
}

describe('capture pipeline', () => {
  it('skips non-CME requests without reading their bodies', async () => {
    const readContent = vi.fn(async () => ({ text: '{}' }));
    const { p, captured } = pipeline({ readContent });
    expect(p.accept(harEntryOf(makeRawCall({ request: { url: 'https://example.com/app.js' } })))).toBe(false);
    await p.idle();
    expect(readContent).not.toHaveBeenCalled();
    expect(captured).toEqual([]);
  });

  it('decodes a login and attributes later calls to its identity', async () => {
    const { p, captured } = pipeline();
    p.accept(harEntryOf(loginCall()));
    p.accept(harEntryOf(apiCall({ startedAt: SESSION_START_MS + 1000 })));
    await p.idle();
    expect(captured.map((c) => c.decoded.action)).toEqual(['Login', 'ListMedia']);
    expect(captured[1]?.decoded.user).toMatchObject({ platform: 'my_platform', userId: 'user_001' });
    expect(captured[1]?.raw.response?.body?.text).toContain('Success');
  });

  it('hands calls on in arrival order even when bodies come back out of order', async () => {
    const delays = [30, 0];
    const readContent = async (e: HarEntryLike) => {
      await new Promise((r) => setTimeout(r, delays.shift() ?? 0));
      return { text: JSON.stringify(answers.paasOk()), url: e.request.url };
    };
    const { p, captured } = pipeline({ readContent });
    p.accept(harEntryOf(apiCall({ action: 'First' })));
    p.accept(harEntryOf(apiCall({ action: 'Second', startedAt: SESSION_START_MS + 1 })));
    await p.idle();
    expect(captured.map((c) => c.decoded.action)).toEqual(['First', 'Second']);
  });

  /** A reader whose reads answer only when released (as Firefox's late getContent), counting those open. */
  function heldReads() {
    const held: (() => void)[] = [];
    let open = 0;
    let peak = 0;
    const readContent = (e: HarEntryLike) =>
      new Promise<{ text: string }>((resolve) => {
        open++;
        peak = Math.max(peak, open);
        held.push(() => {
          open--;
          resolve({ text: JSON.stringify(answers.paasOk()), url: e.request.url } as { text: string });
        });
      });
    return {
      readContent,
      peak: () => peak,
      open: () => open,
      /** Answers every read asked so far; resolves after the pipeline has had a turn. */
      async release(): Promise<void> {
        for (const answer of held.splice(0)) answer();
        await new Promise((r) => setTimeout(r, 0));
      },
    };
  }

  it('asks for many bodies at once (Firefox answers each late): a burst of 200 is read together', async () => {
    expect(MAX_CONCURRENT_READS).toBeGreaterThanOrEqual(200);
    const reads = heldReads();
    const { p, captured } = pipeline({ readContent: reads.readContent });
    for (let i = 0; i < 200; i++)
      p.accept(harEntryOf(apiCall({ action: `A${i}`, startedAt: SESSION_START_MS + i })));
    await new Promise((r) => setTimeout(r, 0));
    expect(reads.open()).toBe(200);
    await reads.release();
    await p.idle();
    expect(captured.map((c) => c.decoded.action)).toEqual(Array.from({ length: 200 }, (_, i) => `A${i}`));
  });

  it('never has more reads open than its bound, and reads the rest as slots free', async () => {
    const reads = heldReads();
    const { p, captured } = pipeline({ readContent: reads.readContent, maxConcurrentReads: 4 });
    for (let i = 0; i < 10; i++)
      p.accept(harEntryOf(apiCall({ action: `A${i}`, startedAt: SESSION_START_MS + i })));
    await new Promise((r) => setTimeout(r, 0));
    expect(reads.open()).toBe(4);
    while (captured.length < 10) await reads.release();
    await p.idle();
    expect(reads.peak()).toBe(4);
    expect(captured.map((c) => c.decoded.action)).toEqual(Array.from({ length: 10 }, (_, i) => `A${i}`));
  });

  it('keeps every live call, even 50 identical ones started in the same millisecond', async () => {
    const { p, captured } = pipeline();
    const call = apiCall();
    for (let i = 0; i < 50; i++) expect(p.accept(harEntryOf(call))).toBe(true);
    await p.idle();
    expect(captured).toHaveLength(50);
  });

  it('takes a request once when it is both in the backlog and a live event (in flight at open)', async () => {
    const { p, captured } = pipeline();
    const twins = [apiCall(), apiCall()];
    for (const t of twins) expect(p.accept(harEntryOf(t), 'backlog')).toBe(true);
    expect(p.accept(harEntryOf(twins[0]!), 'live')).toBe(false);
    expect(p.accept(harEntryOf(twins[1]!), 'live')).toBe(false);
    // A third identical request is a new one.
    expect(p.accept(harEntryOf(apiCall()), 'live')).toBe(true);
    await p.idle();
    expect(captured).toHaveLength(3);
  });

  it('leaves a backlog entry still in flight (no status, no time) to its live event', async () => {
    const { p, captured } = pipeline();
    const call = apiCall({ action: 'Pending' });
    const inFlight = { ...harEntryOf(call, 'callback'), time: 0 };
    inFlight.response = { ...inFlight.response, status: 0 };
    expect(p.accept(inFlight, 'backlog')).toBe(false);
    expect(p.accept(harEntryOf(call), 'live')).toBe(true);
    await p.idle();
    expect(captured.map((c) => c.decoded.action)).toEqual(['Pending']);
  });

  it('does not add a backlog entry already in the stored log, once per stored copy', async () => {
    const { p, captured } = pipeline();
    const stored = apiCall({ action: 'Stored', startedAt: SESSION_START_MS + 5 });
    p.remember(captureKey(stored.startedAt, stored.request.method, stored.request.url));
    expect(p.accept(harEntryOf(stored), 'backlog')).toBe(false);
    expect(p.accept(harEntryOf(stored), 'backlog')).toBe(true);
    await p.idle();
    expect(captured).toHaveLength(1);
  });

  it('runs a barrier after the calls before it and before the calls after it', async () => {
    const { p, captured } = pipeline();
    const order: string[] = [];
    p.accept(harEntryOf(apiCall({ action: 'Before' })));
    void p.barrier(() => void order.push(`barrier after ${captured.length}`));
    p.accept(harEntryOf(apiCall({ action: 'After', startedAt: SESSION_START_MS + 1 })));
    await p.idle();
    expect(order).toEqual(['barrier after 1']);
    expect(captured).toHaveLength(2);
  });

  it('survives a body that cannot be read: the call is kept with a problem', async () => {
    const { p, captured } = pipeline({ readContent: () => Promise.reject(new Error('evicted')) });
    p.accept(harEntryOf(apiCall()));
    await p.idle();
    expect(captured).toHaveLength(1);
    expect(captured[0]?.decoded.code).toBeNull();
  });

  it('keys entries by start time, method and URL', () => {
    const entry = harEntryOf(apiCall());
    expect(entryKey(entry)).toBe(captureKey(SESSION_START_MS, 'post', entry.request.url));
    expect(entryKey({ ...entry, time: 7 })).toBe(entryKey(entry));
  });

  it('a backlog entry read while its answer was loading is the same call as its later live event', async () => {
    const { p, captured } = pipeline();
    const call = apiCall({ action: 'Loading' });
    const partial = { ...harEntryOf(call), time: 3 };
    expect(p.accept(partial, 'backlog')).toBe(true);
    expect(p.accept(harEntryOf(call), 'live')).toBe(false);
    await p.idle();
    expect(captured.map((c) => c.decoded.action)).toEqual(['Loading']);
  });

  it('fills the body in a copy of the entry', () => {
    const entry = harEntryOf(apiCall(), 'none');
    const filled = withContent(entry, { text: 'e30=', encoding: 'base64' });
    expect(filled.response.content).toMatchObject({ text: 'e30=', encoding: 'base64' });
    expect(entry.response.content?.text).toBeUndefined();
    expect(withContent(entry, { text: null }).response.content?.text).toBeUndefined();
  });

  it('keeps every other field of the entry when it fills the body', () => {
    const entry = chromeEntry();
    const filled = withContent(entry, { text: '{"Code":"Success"}' });
    const { response: filledResponse, ...filledRest } = filled;
    const { response, ...rest } = entry;
    expect(filledRest).toEqual(rest);
    expect({ ...filledResponse, content: undefined }).toEqual({ ...response, content: undefined });
    expect(filledResponse.content).toEqual({
      size: 18,
      mimeType: 'application/json',
      text: '{"Code":"Success"}',
    });
  });

  it('gives each call the page pageOf names for its entry, and asks only for CME calls', async () => {
    const captured: CapturedCall[] = [];
    const page = {
      id: 'page_9',
      startedDateTime: '2026-01-02T03:04:05.000Z',
      title: 'demo',
      pageTimings: {},
    };
    const pageOf = vi.fn(() => page);
    const p = createCapturePipeline({
      decode: { attributor: createAttributor() },
      pageOf,
      onCaptured: (c) => captured.push(c),
      readContent: async () => ({ text: '{"Code":"Success"}' }),
    });
    p.accept(harEntryOf(makeRawCall({ request: { url: 'https://example.com/app.js' } })));
    p.accept(harEntryOf(apiCall(), 'none'));
    await p.idle();
    expect(captured[0]?.raw).toMatchObject({ pageref: 'page_9', page });
    expect(pageOf).toHaveBeenCalledTimes(1);
    expect(pageOf.mock.calls[0]).toMatchObject([{ response: { content: { text: '{"Code":"Success"}' } } }]);
  });

  it('hands on the HTTP versions, cookies, timings, server IP, connection, pageref and initiator', async () => {
    const captured: CapturedCall[] = [];
    const p = createCapturePipeline({
      decode: { attributor: createAttributor() },
      onCaptured: (c) => captured.push(c),
      readContent: async () => ({ text: '{"Code":"Success"}' }),
    });
    expect(p.accept(chromeEntry())).toBe(true);
    await p.idle();
    const raw = captured[0]!.raw;
    expect(raw).toMatchObject({
      timings: { blocked: 1.5, dns: -1, connect: -1, ssl: -1, send: 0.2, wait: 30.1, receive: 0.7 },
      serverIPAddress: '127.0.0.1',
      connection: '61234',
      pageref: 'page_3',
      initiator: {
        type: 'script',
        stack: {
          callFrames: [{ functionName: 'call', url: 'http://127.0.0.1:8787/demo.js', lineNumber: 41 }],
        },
      },
      request: {
        httpVersion: 'HTTP/1.1',
        cookies: [{ name: 'sid', value: 's1', path: '/', httpOnly: true }],
        headersSize: 512,
        bodySize: 2,
      },
      response: {
        httpVersion: 'HTTP/1.1',
        cookies: [{ name: 'seen', value: '1' }],
        headersSize: 200,
        bodySize: 18,
        body: { text: '{"Code":"Success"}' },
      },
    });
  });
});

/** A live entry as Chromium gives it for a CME call, every field filled. */
function chromeEntry(): HarEntryLike {
  const call = apiCall();
  return {
    ...harEntryOf(call, 'none'),
    _initiator: {
      type: 'script',
      stack: { callFrames: [{ functionName: 'call', url: 'http://127.0.0.1:8787/demo.js', lineNumber: 41 }] },
    },
    _priority: 'High',
    pageref: 'page_3',
    serverIPAddress: '127.0.0.1',
    connection: '61234',
    cache: {},
    timings: { blocked: 1.5, dns: -1, ssl: -1, connect: -1, send: 0.2, wait: 30.1, receive: 0.7 },
    request: {
      ...harEntryOf(call, 'none').request,
      httpVersion: 'HTTP/1.1',
      cookies: [{ name: 'sid', value: 's1', path: '/', httpOnly: true }],
      headersSize: 512,
      bodySize: 2,
    },
    response: {
      ...harEntryOf(call, 'none').response,
      httpVersion: 'HTTP/1.1',
      cookies: [{ name: 'seen', value: '1' }],
      headersSize: 200,
      bodySize: 18,
      content: { size: 18, mimeType: 'application/json' },
    },
  };
}
