/**
 * The page agent's calls in the panel: recorded calls taken when the panel opens (decoded, in time order,
 * marked recorded, a rule's mark kept), and the injected answers forwarded on the capture port (marked
 * injected; a delay's report marks DevTools' capture of the real call instead of listing it twice).
 */
import { signal } from '@preact/signals';
import { describe, expect, it } from 'vitest';
import { agentCallToRawCall } from '../../../lib/agent/record';
import type { AgentCall } from '../../../lib/agent/wire';
import { createAttributor } from '../../../lib/cme/attribute';
import type { PortLike } from '../../../lib/protocol';
import type { RecordedCallRecord } from '../../../lib/store';
import {
  createAgentFeed,
  DELAY_MATCH_WAIT_MS,
  recordedCallsToAdd,
  sameCall,
  type AgentFeedPanel,
} from '../../../lib/ui/panel/agent-feed';
import type { CallToAdd } from '../../../lib/ui/panel/log-writer';
import type { AgentMarks, PanelRow } from '../../../lib/ui/panel/rows';
import { answers, apiCall, API_BASE, FAKE_TICKET, SESSION_START_MS } from '../../cme/factories';
import { makeRow } from './fixtures';

const decode = () => ({ attributor: createAttributor() });

function record(
  id: number,
  startedAt: number,
  injected: RecordedCallRecord['injected'] = null,
): RecordedCallRecord {
  const raw = apiCall({ action: 'ListMedia', startedAt });
  return {
    id,
    tabId: 7,
    origin: 'https://app.example',
    receivedAt: startedAt,
    bytes: 1,
    reportedByPage: true,
    injected,
    raw,
  };
}

const url = `${API_BASE}/PaaS/Material/DescribeClass?auth=${FAKE_TICKET}`;

function agentCall(
  effect: NonNullable<AgentCall['injected']>['effect'],
  startedAt = SESSION_START_MS,
): AgentCall {
  return {
    via: 'fetch',
    startedAt,
    durationMs: effect.kind === 'delay' ? effect.ms + 30 : 1,
    request: { method: 'POST', url, headers: [['content-type', 'application/json']], body: '{}' },
    response:
      effect.kind === 'network'
        ? null
        : {
            status: 200,
            statusText: 'OK',
            headers: [['content-type', 'application/json']],
            body: JSON.stringify(answers.paasError()),
          },
    ...(effect.kind === 'network' ? { error: 'network' } : {}),
    injected: { ruleId: 'r1', effect },
  };
}

/** What the worker posts on the capture port for an agent's injected call (agent-ports.ts). */
function report(
  effect: NonNullable<AgentCall['injected']>['effect'],
  startedAt = SESSION_START_MS,
  tabId = 7,
) {
  const call = agentCall(effect, startedAt);
  return { type: 'cme-agent/injected', tabId, raw: agentCallToRawCall(call), injected: call.injected };
}

/** A panel that records what it is given; `rows` as listed. */
function fakePanel(listed: PanelRow[] = []) {
  const rows = signal<readonly PanelRow[]>(listed);
  const added: CallToAdd[] = [];
  const marked: { id: number; marks: AgentMarks }[] = [];
  const panel: AgentFeedPanel = {
    rows,
    add: (c) => void added.push(c),
    flush: async () => {},
    mark: async (id, marks) => (marked.push({ id, marks }), true),
  };
  return { panel, added, marked, rows };
}

/** A runtime whose `connect` hands out ports the test drives. */
function fakeRuntime() {
  const ports: (PortLike & { posted: unknown[]; send(m: unknown): void; drop(): void; closed: boolean })[] =
    [];
  return {
    ports,
    runtime: {
      connect({ name }: { name: string }) {
        const message: ((m: unknown) => void)[] = [];
        const gone: (() => void)[] = [];
        const port = {
          name,
          posted: [] as unknown[],
          closed: false,
          postMessage: (m: unknown) => void port.posted.push(m),
          disconnect: () => void (port.closed = true),
          onMessage: { addListener: (l: (m: unknown) => void) => void message.push(l) },
          onDisconnect: { addListener: (l: () => void) => void gone.push(l) },
          send: (m: unknown) => message.forEach((l) => l(m)),
          drop: () => gone.forEach((l) => l()),
        };
        ports.push(port);
        return port;
      },
    },
  };
}

function feedOf(listed: PanelRow[] = [], records: RecordedCallRecord[] = []) {
  const p = fakePanel(listed);
  const rt = fakeRuntime();
  const timers: { fn: () => void; ms: number; cancelled: boolean }[] = [];
  const asked: unknown[] = [];
  let clock = 0;
  const feed = createAgentFeed({
    tabId: 7,
    runtime: rt.runtime,
    rpc: { request: async (_m, params) => (asked.push(params), records) },
    decode: decode(),
    panel: p.panel,
    setTimeout: (fn, ms) => {
      const t = { fn, ms, cancelled: false };
      timers.push(t);
      return t;
    },
    clearTimeout: (h) => void ((h as { cancelled: boolean }).cancelled = true),
    now: () => clock,
  });
  const runTimers = () => {
    for (const t of timers.splice(0)) if (!t.cancelled) t.fn();
  };
  return { feed, ...p, ...rt, timers, runTimers, asked, tick: (ms: number) => (clock += ms) };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('recorded calls', () => {
  it('are decoded like captured ones, in the order they were made, marked recorded (and a rule kept)', () => {
    const calls = recordedCallsToAdd(
      [
        record(1, SESSION_START_MS + 50),
        record(2, SESSION_START_MS + 10, { ruleId: 'r9', effect: { kind: 'code', code: 'InternalError' } }),
      ],
      decode(),
    );
    expect(calls.map((c) => c.raw.startedAt)).toEqual([SESSION_START_MS + 10, SESSION_START_MS + 50]);
    expect(calls.map((c) => c.source)).toEqual(['recorded', 'recorded']);
    expect(calls[0]!.fault).toEqual({ ruleId: 'r9', effect: { kind: 'code', code: 'InternalError' } });
    expect(calls[1]!.fault).toBeUndefined();
    expect(calls[1]!.decoded).toMatchObject({ actionClass: 'Material', action: 'ListMedia', ok: true });
  });

  it('are taken from the background for the inspected tab and listed', async () => {
    const f = feedOf([], [record(1, SESSION_START_MS + 5), record(2, SESSION_START_MS + 1)]);
    expect(await f.feed.takeRecorded()).toBe(2);
    expect(f.asked).toEqual([{ tabId: 7 }]);
    expect(f.added.map((c) => [c.raw.startedAt, c.source])).toEqual([
      [SESSION_START_MS + 1, 'recorded'],
      [SESSION_START_MS + 5, 'recorded'],
    ]);
  });

  it('are not listed twice when DevTools saw them too (open on another panel): each matched once', async () => {
    const f = feedOf([], [record(1, SESSION_START_MS + 5)]);
    await f.feed.takeRecorded();
    const u = f.added[0]!.raw.request.url;
    expect(f.feed.wasRecorded('POST', u, SESSION_START_MS + 400)).toBe(true);
    expect(f.feed.wasRecorded('POST', u, SESSION_START_MS + 400)).toBe(false);
    expect(f.feed.wasRecorded('POST', `${u}&x`, SESSION_START_MS + 5)).toBe(false);
  });

  it('skip what is no CME call', () => {
    const other = record(1, SESSION_START_MS);
    other.raw = { ...other.raw, request: { ...other.raw.request, url: 'https://example.com/x' } };
    expect(recordedCallsToAdd([other], decode())).toEqual([]);
  });
});

describe('the capture port', () => {
  it('is opened with the tab id and closed on stop', () => {
    const f = feedOf();
    f.feed.connect();
    f.feed.connect();
    expect(f.ports).toHaveLength(1);
    expect(f.ports[0]!.name).toBe('cme-panel-capture');
    expect(f.ports[0]!.posted).toEqual([{ tabId: 7 }]);
    f.feed.stop();
    expect(f.ports[0]!.closed).toBe(true);
  });

  it.each([
    [{ kind: 'code', code: 'AuthFailure.SessionInvalid' }],
    [{ kind: 'http', status: 502 }],
    [{ kind: 'network' }],
  ] as const)('lists an injected %o answer marked injected, with its rule', async (effect) => {
    const f = feedOf();
    f.feed.connect();
    f.ports[0]!.send(report(effect));
    await settle();
    expect(f.added).toHaveLength(1);
    expect(f.added[0]).toMatchObject({ source: 'injected', fault: { ruleId: 'r1', effect } });
    expect(f.added[0]!.decoded.action).toBe('DescribeClass');
    expect(f.added[0]!.raw.comment).toMatch(/Reported by the page/);
  });

  it('lists an injected answer once what DevTools captured before it is listed (settle)', async () => {
    const p = fakePanel();
    const rt = fakeRuntime();
    let release!: () => void;
    const feed = createAgentFeed({
      tabId: 7,
      runtime: rt.runtime,
      rpc: { request: async () => [] },
      decode: decode(),
      panel: p.panel,
      settle: () => new Promise<void>((r) => (release = r)),
    });
    feed.connect();
    rt.ports[0]!.send(report({ kind: 'network' }));
    await settle();
    expect(p.added).toEqual([]);
    release();
    await settle();
    expect(p.added).toHaveLength(1);
  });

  it("ignores another tab's reports and malformed ones", async () => {
    const f = feedOf();
    f.feed.connect();
    const good = report({ kind: 'network' });
    f.ports[0]!.send(report({ kind: 'network' }, SESSION_START_MS, 8));
    f.ports[0]!.send({ ...good, raw: { ...good.raw, request: null } });
    f.ports[0]!.send({ ...good, injected: { ruleId: 'r1' } });
    f.ports[0]!.send({ ...good, type: 'other' });
    f.ports[0]!.send(null);
    await settle();
    expect(f.added).toEqual([]);
  });

  it('is opened again when the worker closes it, backing off when it closes at once', () => {
    const f = feedOf();
    f.feed.connect();
    f.ports[0]!.drop();
    expect(f.timers.map((t) => t.ms)).toEqual([250]);
    f.runTimers();
    expect(f.ports).toHaveLength(2);
    f.ports[1]!.drop();
    expect(f.timers.map((t) => t.ms)).toEqual([500]);
    f.runTimers();
    f.tick(10_000);
    f.ports[2]!.drop();
    expect(f.timers.map((t) => t.ms)).toEqual([250]);
    f.feed.stop();
    f.runTimers();
    expect(f.ports).toHaveLength(3);
  });
});

describe('a delay rule', () => {
  const delay = { kind: 'delay', ms: 2000 } as const;

  it('marks the call DevTools captured (same method, URL, start within a second) instead of listing it twice', async () => {
    const captured = makeRow({ id: 41, method: 'POST', url, startedAt: SESSION_START_MS + 300 });
    const f = feedOf([makeRow({ id: 40 }), captured]);
    f.feed.connect();
    f.ports[0]!.send(report(delay));
    await settle();
    expect(f.added).toEqual([]);
    expect(f.marked).toEqual([
      { id: 41, marks: { source: 'injected', fault: { ruleId: 'r1', effect: delay } } },
    ]);
  });

  it('waits for the capture when the report comes first, then lists it alone if none comes', async () => {
    const f = feedOf();
    f.feed.connect();
    f.ports[0]!.send(report(delay));
    f.ports[0]!.send(report(delay, SESSION_START_MS + 60_000));
    await settle();
    expect(f.added).toEqual([]);
    // DevTools' capture of the first arrives: it gets the marks, its wait ends.
    expect(f.feed.marksFor('post', url, SESSION_START_MS + 900)).toEqual({
      source: 'injected',
      fault: { ruleId: 'r1', effect: delay },
    });
    expect(f.feed.marksFor('POST', url, SESSION_START_MS + 900)).toEqual({});
    expect(f.timers.map((t) => [t.ms, t.cancelled])).toEqual([
      [DELAY_MATCH_WAIT_MS, true],
      [DELAY_MATCH_WAIT_MS, false],
    ]);
    f.runTimers();
    expect(f.added.map((c) => [c.raw.startedAt, c.source])).toEqual([
      [SESSION_START_MS + 60_000, 'injected'],
    ]);
  });

  it('matches on method, URL and a start within a second', () => {
    const a = { method: 'POST', url, startedAt: 1000 };
    expect(sameCall(a, { ...a, startedAt: 1999 })).toBe(true);
    expect(sameCall(a, { ...a, startedAt: 2000 })).toBe(false);
    expect(sameCall(a, { ...a, method: 'GET' })).toBe(false);
    expect(sameCall(a, { ...a, url: `${url}&x=1` })).toBe(false);
  });
});
