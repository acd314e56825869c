import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it, vi } from 'vitest';
import type { AgentCall, FaultRule } from '../../lib/agent/wire';
import { WIRE_LIMITS } from '../../lib/agent/wire';
import { agentCallToRawCall, REPORTED_BY_PAGE } from '../../lib/agent/record';
import { AGENT_PORT, createAgentPorts } from '../../lib/background/agent-ports';
import { ownPagesOnly, PANEL_CAPTURE_PORT, type SenderLike } from '../../lib/protocol';
import { openStore } from '../../lib/store';
import { CHROME_ID, CHROME_ORIGIN } from '../protocol/fakes';
import { fakePort } from './agent-fakes';
import { fakeSession } from './fakes';

const SITE = 'https://app.example';
const PAGE = `${SITE}/editor?id=1`;

const relay = (extra: Partial<SenderLike> = {}): SenderLike => ({
  id: CHROME_ID,
  url: PAGE,
  origin: SITE,
  tab: { id: 7, url: PAGE },
  frameId: 0,
  ...extra,
});

const CALL: AgentCall = {
  via: 'fetch',
  startedAt: 1_700_000_000_000,
  durationMs: 42,
  request: {
    method: 'POST',
    url: 'https://web-paas-api.cme.qcloud.com/PaaS/Team/DescribeTeams?auth=tf_PAGE',
    headers: [['content-type', 'application/json']],
    body: '{"Limit":10}',
  },
  response: {
    status: 200,
    statusText: 'OK',
    headers: [['content-type', 'application/json']],
    body: '{"Code":"Success","Data":{}}',
  },
};

const RULE: FaultRule = {
  id: 'r1',
  enabled: true,
  match: { target: 'Team/*' },
  effect: { kind: 'code', code: 'InvalidParameter' },
};

function setUp(enabled: string[] = [SITE]) {
  const store = openStore({ idb: new IDBFactory(), now: () => 5 });
  const session = fakeSession();
  let now = 1_000_000;
  const onError = vi.fn();
  const hub = createAgentPorts({
    extensionId: CHROME_ID,
    isEnabled: async (o) => enabled.includes(o),
    isOwnPage: ownPagesOnly({ id: CHROME_ID, getURL: (p) => `${CHROME_ORIGIN}${p}` }),
    store,
    session,
    now: () => now,
    onError,
  });
  const connect = (name: string, sender: SenderLike) => {
    const p = fakePort(name, sender);
    hub.onConnect(p.port);
    return p;
  };
  return { store, session, hub, connect, onError, tick: (ms: number) => (now += ms) };
}

describe('the agent’s port', () => {
  it('answers hello with the tab’s rules and keeps a reported call, raw, marked as reported by the page', async () => {
    const t = setUp();
    await t.hub.setRules(7, [RULE]);
    const agent = t.connect(AGENT_PORT, relay());
    agent.send({ type: 'cme-agent/hello' });
    await vi.waitFor(() => expect(agent.posted).toEqual([{ type: 'cme-agent/rules', rules: [RULE] }]));
    await t.store.setAgentSite(SITE, true);
    agent.send({ type: 'cme-agent/call', call: CALL, extra: 'dropped, not refused' });
    await vi.waitFor(async () => expect(await t.store.listRecorded()).toHaveLength(1));
    const [rec] = await t.store.listRecorded({ tabId: 7 });
    expect(rec).toMatchObject({ tabId: 7, origin: SITE, reportedByPage: true, injected: null });
    expect(rec?.raw.comment).toContain(REPORTED_BY_PAGE);
    agent.send({
      type: 'cme-agent/call',
      call: { ...CALL, request: { ...CALL.request, url: '/PaaS/A/B?auth=x' } },
    });
    await vi.waitFor(async () => expect(await t.store.listRecorded()).toHaveLength(2));
    expect((await t.store.listRecorded())[1]?.raw.request.url).toBe(`${SITE}/PaaS/A/B?auth=x`);
    expect(rec?.raw.request.body?.text).toBe('{"Limit":10}');
    expect(rec?.raw.response?.body?.text).toBe('{"Code":"Success","Data":{}}');
    expect(Object.keys(rec?.raw ?? {})).not.toContain('decoded');
    expect(agent.disconnected).toBe(false);
  });

  it.each<[string, Partial<SenderLike>]>([
    ['a sub-frame', { frameId: 3 }],
    ['another extension’s script', { id: 'zyxwvutsrqponmlkzyxwvutsrqponmlk' }],
    ['a site not opted in', { url: 'https://evil.example/', origin: 'https://evil.example' }],
    ['an origin that disagrees with the URL', { origin: 'https://evil.example' }],
    ['no tab', { tab: undefined }],
    ['a page of ours', { url: `${CHROME_ORIGIN}options.html`, origin: CHROME_ORIGIN.slice(0, -1) }],
    ['no URL', { url: undefined }],
  ])('refuses %s: disconnected, counted, nothing answered or kept', async (_, extra) => {
    const t = setUp();
    await t.store.setAgentSite(SITE, true);
    await t.hub.setRules(7, [RULE]);
    const agent = t.connect(AGENT_PORT, relay(extra));
    agent.send({ type: 'cme-agent/hello' });
    agent.send({ type: 'cme-agent/call', call: CALL });
    await vi.waitFor(() => expect(agent.disconnected).toBe(true));
    await new Promise((r) => setTimeout(r, 10));
    expect(agent.posted).toEqual([]);
    expect(await t.store.listRecorded()).toEqual([]);
    expect(t.hub.dropped()).toEqual({ malformed: 0, rateLimited: 0, refusedPorts: 1 });
  });

  it('accepts Firefox’s relay (no sender.origin)', async () => {
    const t = setUp();
    const agent = t.connect(AGENT_PORT, relay({ origin: undefined }));
    agent.send({ type: 'cme-agent/hello' });
    await vi.waitFor(() => expect(agent.posted).toHaveLength(1));
  });

  const big = 'x'.repeat(WIRE_LIMITS.maxBodyChars + 1);
  it.each<[string, unknown]>([
    ['not an object', 'cme-agent/hello'],
    ['null', null],
    ['an unknown kind (a call of the API)', { type: 'rpc', method: 'tickets.list' }],
    ['a settings change', { type: 'cme-agent/settings', settings: {} }],
    ['a call without its call', { type: 'cme-agent/call' }],
    [
      'a body over the limit',
      { type: 'cme-agent/call', call: { ...CALL, request: { ...CALL.request, body: big } } },
    ],
    [
      'too many headers',
      {
        type: 'cme-agent/call',
        call: {
          ...CALL,
          request: { ...CALL.request, headers: Array(WIRE_LIMITS.maxHeaders + 1).fill(['a', 'b']) },
        },
      },
    ],
    [
      'a header that is not a pair',
      { type: 'cme-agent/call', call: { ...CALL, request: { ...CALL.request, headers: [['a']] } } },
    ],
    [
      'a URL over the limit',
      { type: 'cme-agent/call', call: { ...CALL, request: { ...CALL.request, url: big } } },
    ],
    ['a bad via', { type: 'cme-agent/call', call: { ...CALL, via: 'beacon' } }],
    [
      'a throwing getter',
      {
        get type(): string {
          throw new Error('boom');
        },
      },
    ],
    [
      'an injected effect of no known kind',
      { type: 'cme-agent/call', call: { ...CALL, injected: { ruleId: 'r', effect: { kind: 'x' } } } },
    ],
  ])('drops %s and counts it, never throws', async (_, message) => {
    const t = setUp();
    await t.store.setAgentSite(SITE, true);
    const agent = t.connect(AGENT_PORT, relay());
    expect(() => agent.send(message)).not.toThrow();
    await vi.waitFor(() => expect(t.hub.dropped().malformed).toBe(1));
    expect(agent.posted).toEqual([]);
    expect(await t.store.listRecorded()).toEqual([]);
    expect(t.onError).not.toHaveBeenCalled();
  });

  it(`keeps at most ${WIRE_LIMITS.maxCallsPerMinute} messages a minute per tab; the next minute is open again`, async () => {
    const t = setUp();
    await t.store.setAgentSite(SITE, true);
    const agent = t.connect(AGENT_PORT, relay());
    const other = t.connect(AGENT_PORT, relay({ tab: { id: 8, url: PAGE } }));
    agent.send({ type: 'cme-agent/hello' }); // counted too
    await vi.waitFor(() => expect(agent.posted).toHaveLength(1));
    const max = WIRE_LIMITS.maxCallsPerMinute;
    for (let i = 0; i < max + 4; i++) agent.send({ type: 'cme-agent/call', call: CALL });
    other.send({ type: 'cme-agent/call', call: CALL });
    await vi.waitFor(async () => expect((await t.store.listRecorded()).length).toBe(max));
    expect((await t.store.listRecorded({ tabId: 7 })).length).toBe(max - 1);
    expect(t.hub.dropped().rateLimited).toBe(5);
    t.tick(60_000);
    agent.send({ type: 'cme-agent/call', call: CALL });
    await vi.waitFor(async () => expect((await t.store.listRecorded({ tabId: 7 })).length).toBe(max));
  }, 20_000);
});

describe('a DevTools panel capturing the tab', () => {
  const own = {
    id: CHROME_ID,
    url: `${CHROME_ORIGIN}devtools-panel.html`,
    origin: CHROME_ORIGIN.slice(0, -1),
  };

  it('gets the injected answers of its tab; the recorder keeps nothing of it meanwhile', async () => {
    const t = setUp();
    await t.store.setAgentSite(SITE, true);
    const panel = t.connect(PANEL_CAPTURE_PORT, own);
    panel.send({ tabId: 7 });
    const agent = t.connect(AGENT_PORT, relay());
    const injected: AgentCall = {
      ...CALL,
      response: null,
      error: 'network',
      injected: { ruleId: 'r1', effect: { kind: 'network' } },
    };
    agent.send({ type: 'cme-agent/call', call: CALL });
    // What the page adds beyond the wire's fields goes nowhere.
    agent.send({
      type: 'cme-agent/call',
      call: { ...injected, extra: 'x', injected: { ...injected.injected, extra: 'y' } },
    });
    await vi.waitFor(() => expect(panel.posted).toHaveLength(1));
    // As a raw call (its URL made absolute against the reporting page's), with only the wire's fields.
    expect(panel.posted[0]).toEqual({
      type: 'cme-agent/injected',
      tabId: 7,
      raw: agentCallToRawCall(injected, PAGE),
      injected: injected.injected,
    });
    expect(await t.store.listRecorded()).toEqual([]);
    // Panel closed: the recorder keeps the tab's calls again, injected ones with their rule.
    panel.close();
    agent.send({ type: 'cme-agent/call', call: injected });
    await vi.waitFor(async () => expect(await t.store.listRecorded()).toHaveLength(1));
    expect((await t.store.listRecorded())[0]?.injected).toEqual(injected.injected);
  });

  it('is refused from a content script or a web page', async () => {
    const t = setUp();
    const panel = t.connect(PANEL_CAPTURE_PORT, relay());
    expect(panel.disconnected).toBe(true);
    expect(t.hub.dropped().refusedPorts).toBe(1);
  });
});

describe('fault rules per tab', () => {
  it('reach the tab’s connected agents at once, survive a new worker (storage.session), go with the tab', async () => {
    const t = setUp();
    const agent = t.connect(AGENT_PORT, relay());
    agent.send({ type: 'cme-agent/hello' });
    await vi.waitFor(() => expect(agent.posted).toEqual([{ type: 'cme-agent/rules', rules: [] }]));
    expect(await t.hub.setRules(7, [RULE])).toBe(1);
    expect(agent.posted[1]).toEqual({ type: 'cme-agent/rules', rules: [RULE] });
    expect(await t.hub.setRules(8, [RULE])).toBe(0); // no agent in tab 8
    const restarted = createAgentPorts({
      extensionId: CHROME_ID,
      isEnabled: async () => true,
      isOwnPage: () => false,
      store: t.store,
      session: t.session,
      now: () => 0,
    });
    expect(await restarted.getRules(7)).toEqual([RULE]);
    await restarted.tabRemoved(7);
    expect(await restarted.getRules(7)).toEqual([]);
    expect(await restarted.getRules(8)).toEqual([RULE]);
    agent.close();
    expect(await t.hub.setRules(7, [])).toBe(0);
  });
});
