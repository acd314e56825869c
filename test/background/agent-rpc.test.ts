/**
 * The page agent through the background's real wiring (startBackground): the RPC methods of the recorder,
 * fault rules and sites answered for our pages, every RPC method refused for a content script (the relay
 * runs as one), and the agent's port joined to the same store and rules.
 */
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { checkBackgroundMessage, type AgentCall, type FaultRule } from '../../lib/agent/wire';
import { startBackground, type BackgroundBrowser } from '../../lib/background/main';
import { RPC_PORT, type PortLike, type OneShotListener, type SenderLike } from '../../lib/protocol';
import { RPC_METHODS } from '../../lib/protocol/validate';
import { preparePageRequest } from '../../lib/protocol/page-side';
import { CHROME_ID, CHROME_ORIGIN } from '../protocol/fakes';
import { fakePermissions, fakePort, fakeScripting } from './agent-fakes';
import { fakeFetch, fakeSession, json } from './fakes';

const SITE = 'http://127.0.0.1:8787';
const PAGE = `${SITE}/demo`;
const OPTIONS: SenderLike = {
  id: CHROME_ID,
  url: `${CHROME_ORIGIN}options.html`,
  origin: CHROME_ORIGIN.slice(0, -1),
};
const RELAY: SenderLike = { id: CHROME_ID, url: PAGE, origin: SITE, tab: { id: 9, url: PAGE }, frameId: 0 };
const CALL: AgentCall = {
  via: 'xhr',
  startedAt: 1,
  durationMs: 2,
  request: { method: 'POST', url: `${SITE}/PaaS/Team/DescribeTeams?auth=tf_X`, headers: [], body: '{}' },
  response: { status: 200, statusText: 'OK', headers: [], body: '{"Code":"Success"}' },
};
const RULE: FaultRule = {
  id: 'r',
  enabled: true,
  match: { target: '*' },
  effect: { kind: 'delay', ms: 500 },
};

function fakeBrowser() {
  const onMessage: OneShotListener[] = [];
  const onConnect: ((port: PortLike) => void)[] = [];
  const tabsRemoved: ((tabId: number) => void)[] = [];
  const s = fakeScripting();
  const p = fakePermissions([`${SITE}/*`]);
  const browser: BackgroundBrowser = {
    runtime: {
      id: CHROME_ID,
      getURL: (path) => `${CHROME_ORIGIN}${path}`,
      sendMessage: () => Promise.reject(new Error('unused')),
      connect: () => {
        throw new Error('unused');
      },
      onMessage: { addListener: (l) => void onMessage.push(l), removeListener: () => undefined },
      onConnect: {
        addListener: (l) => void onConnect.push(l),
        removeListener: (l) => void onConnect.splice(onConnect.indexOf(l), 1),
      },
    },
    storage: {
      local: { get: async () => ({}), set: async () => undefined },
      session: fakeSession(),
      onChanged: { addListener: () => undefined },
    },
    scripting: s.scripting,
    permissions: p.permissions,
    tabs: { onRemoved: { addListener: (l) => void tabsRemoved.push(l) } },
  };
  let n = 0;
  return {
    browser,
    scripting: s,
    tabsRemoved,
    async rpc(sender: SenderLike, method: string, params: unknown = {}) {
      const envelope = { source: 'cme-devtools', kind: 'rpc', id: `r${++n}`, method, params };
      // Callback style, as browsers without webextension-polyfill: true means "sendResponse will answer".
      const answer = new Promise((resolve) => {
        const kept = onMessage.map((l) => l(JSON.parse(JSON.stringify(envelope)), sender, resolve));
        if (!kept.includes(true)) resolve(undefined);
      });
      return (await answer) as {
        ok: boolean;
        result?: unknown;
        error?: { code: string };
      };
    },
    connect(name: string, sender: SenderLike) {
      const port = fakePort(name, sender);
      for (const l of onConnect) l(port.port);
      return port;
    },
  };
}

describe('the page agent through startBackground', () => {
  let bg: ReturnType<typeof fakeBrowser>;
  let stop: () => void;
  beforeEach(() => {
    vi.stubGlobal('indexedDB', new IDBFactory());
    bg = fakeBrowser();
    stop = startBackground(bg.browser, fakeFetch(() => json({ Code: 'Success' })).fetch);
  });
  afterEach(() => {
    stop();
    vi.unstubAllGlobals();
  });

  it('refuses every RPC method to a content script (the relay), a page’s sub-frame script and a web page', async () => {
    const senders: SenderLike[] = [
      RELAY,
      { ...RELAY, frameId: 2, url: 'https://ads.example/' },
      { url: PAGE, origin: SITE, tab: { id: 9, url: PAGE }, frameId: 0 },
    ];
    for (const sender of senders) {
      for (const method of RPC_METHODS) {
        expect(await bg.rpc(sender, method, {}), method).toMatchObject({
          ok: false,
          error: { code: 'forbidden' },
        });
      }
    }
    // And the relay's own port carries no RPC: an envelope on it is a malformed agent message.
    const agent = bg.connect('cme-agent', RELAY);
    agent.send({ source: 'cme-devtools', kind: 'rpc', id: 'x', method: 'tickets.list', params: {} });
    await new Promise((r) => setTimeout(r, 20));
    expect(agent.posted).toEqual([]);
    const sites = await bg.rpc(OPTIONS, 'agent.sites');
    expect(sites.result).toMatchObject({ sites: [], dropped: { refusedPorts: 1 } });
  });

  it('enables a site, records its tab’s calls, hands them to the panel once, and forgets the site', async () => {
    const enabled = await bg.rpc(OPTIONS, 'agent.enable', { origin: SITE });
    expect(enabled.result).toMatchObject({
      sites: [{ origin: SITE, enabled: true, granted: true, registered: true }],
    });
    expect(bg.scripting.registered.get('cme-agent-main')?.matches).toEqual([`${SITE}/*`]);
    expect(await bg.rpc(OPTIONS, 'agent.enable', { origin: 'http://127.0.0.1:9999' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await bg.rpc(OPTIONS, 'agent.enable', { origin: `${SITE}/path` })).toMatchObject({
      error: { code: 'bad-request' },
    });

    const agent = bg.connect('cme-agent', RELAY);
    agent.send({ type: 'cme-agent/call', call: CALL });
    agent.send({ type: 'cme-agent/call', call: CALL });
    await vi.waitFor(async () =>
      expect((await bg.rpc(OPTIONS, 'recorder.list', { tabId: 9 })).result).toHaveLength(2),
    );
    const taken = (await bg.rpc(OPTIONS, 'recorder.take', { tabId: 9 })).result as {
      raw: { request: unknown };
    }[];
    expect(taken.map((c) => c.raw.request)).toMatchObject([
      { url: CALL.request.url, body: { text: '{}' } },
      {},
    ]);
    expect((await bg.rpc(OPTIONS, 'recorder.take', { tabId: 9 })).result).toEqual([]);

    agent.send({ type: 'cme-agent/call', call: CALL });
    await vi.waitFor(async () =>
      expect((await bg.rpc(OPTIONS, 'agent.sites')).result).toMatchObject({ sites: [{ count: 1 }] }),
    );
    const forgot = await bg.rpc(OPTIONS, 'agent.forget', { origin: SITE });
    expect(forgot.result).toMatchObject({ sites: [] });
    expect(bg.scripting.registered.size).toBe(0);
    expect((await bg.rpc(OPTIONS, 'recorder.list', {})).result).toEqual([]);
  });

  it('sets a tab’s fault rules (validated), pushes them to its agent, drops them when the tab closes', async () => {
    await bg.rpc(OPTIONS, 'agent.enable', { origin: SITE });
    const agent = bg.connect('cme-agent', RELAY);
    agent.send({ type: 'cme-agent/hello' });
    await vi.waitFor(() => expect(agent.posted).toEqual([{ type: 'cme-agent/rules', rules: [] }]));
    expect((await bg.rpc(OPTIONS, 'faults.set', { tabId: 9, rules: [RULE] })).result).toEqual({
      rules: [RULE],
      agents: 1,
    });
    expect(agent.posted[1]).toEqual({ type: 'cme-agent/rules', rules: [RULE] });
    // A bad rule is refused by the page's client before it leaves (page-side.ts) and, were it sent, by the
    // relay before the page's agent gets it (the worker does not check a page's params again).
    const tooMany = Array.from({ length: 51 }, (_, i) => ({ ...RULE, id: `r${i}` }));
    for (const rules of [
      [{ ...RULE, effect: { kind: 'delay', ms: 120_001 } }],
      [{ ...RULE, effect: { kind: 'http', status: 700 } }],
      [{ ...RULE, match: { target: 'javascript:alert(1)' } }],
      [{ ...RULE, percent: 101 }],
      tooMany,
    ]) {
      expect(await preparePageRequest('faults.set', { tabId: 9, rules })).toMatchObject({ ok: false });
      expect(checkBackgroundMessage({ type: 'cme-agent/rules', rules })).toBeNull();
    }
    // Stricter in the page than the wire's bounds: a 101-character Code (the wire takes 128), a stray field.
    for (const bad of [
      { ...RULE, effect: { kind: 'code', code: 'C'.repeat(101) } },
      { ...RULE, extra: true },
    ]) {
      expect(await preparePageRequest('faults.set', { tabId: 9, rules: [bad] })).toMatchObject({ ok: false });
    }
    expect((await bg.rpc(OPTIONS, 'faults.get', { tabId: 9 })).result).toEqual({ rules: [RULE] });
    for (const l of bg.tabsRemoved) l(9);
    await vi.waitFor(async () =>
      expect((await bg.rpc(OPTIONS, 'faults.get', { tabId: 9 })).result).toEqual({ rules: [] }),
    );
  });

  it('ignores ports of other names and keeps the pages’ RPC port working', async () => {
    const other = bg.connect('something-else', RELAY);
    expect(other.disconnected).toBe(false);
    const rpcPort = bg.connect(RPC_PORT, OPTIONS);
    rpcPort.send({ source: 'cme-devtools', kind: 'rpc', id: 'p1', method: 'ping', params: {} });
    await vi.waitFor(() => expect(rpcPort.posted).toMatchObject([{ id: 'p1', ok: true }]));
  });
});
