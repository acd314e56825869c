import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it, vi } from 'vitest';
import { agentScripts, createAgentSites } from '../../lib/background/agent-sites';
import { agentSitePattern, portlessPatterns } from '../../lib/protocol/agent-site';
import { openStore } from '../../lib/store';
import { fakePermissions, fakeScripting } from './agent-fakes';

const SITE = 'https://app.example';
const OTHER = 'http://127.0.0.1:8787';

function setUp(granted: string[] = [`${SITE}/*`], idb = new IDBFactory()) {
  const store = openStore({ idb, now: () => 1_700_000_000_000 });
  const s = fakeScripting();
  const p = fakePermissions(granted);
  const onError = vi.fn();
  const sites = createAgentSites({ store, scripting: s.scripting, permissions: p.permissions, onError });
  return { store, sites, idb, onError, ...s, ...p };
}

describe('sites opted in for the page agent', () => {
  it('registers the MAIN-world agent and the isolated relay, top frame, document_start, for the site', () => {
    expect(agentScripts([`${SITE}/*`])).toEqual([
      {
        id: 'cme-agent-main',
        js: ['page-agent.js'],
        matches: [`${SITE}/*`],
        runAt: 'document_start',
        world: 'MAIN',
        allFrames: false,
        persistAcrossSessions: true,
      },
      {
        id: 'cme-agent-relay',
        js: ['agent-relay.js'],
        matches: [`${SITE}/*`],
        runAt: 'document_start',
        world: 'ISOLATED',
        allFrames: false,
        persistAcrossSessions: true,
      },
    ]);
  });

  it('enables a granted site: stored, registered, listed with its size', async () => {
    const t = setUp();
    const listed = await t.sites.enable(SITE);
    expect(listed).toEqual([
      {
        origin: SITE,
        enabled: true,
        enabledAt: 1_700_000_000_000,
        count: 0,
        bytes: 0,
        granted: true,
        registered: true,
      },
    ]);
    expect([...t.registered.values()]).toEqual(agentScripts([`${SITE}/*`]));
    expect(await t.sites.isEnabled(SITE)).toBe(true);
    expect(await t.sites.isEnabled(OTHER)).toBe(false);
  });

  it('refuses a site whose host permission was not granted (only a page can ask it)', async () => {
    const t = setUp([]);
    await expect(t.sites.enable(SITE)).rejects.toMatchObject({ code: 'forbidden' });
    expect(await t.store.listAgentSites()).toEqual([]);
    expect(t.registered.size).toBe(0);
  });

  it('registers every enabled site in one pair of scripts; disabling one leaves the other', async () => {
    const t = setUp([`${SITE}/*`, `${OTHER}/*`]);
    await t.sites.enable(SITE);
    await t.sites.enable(OTHER);
    expect(t.registered.get('cme-agent-main')?.matches).toEqual([`${OTHER}/*`, `${SITE}/*`].sort());
    const after = await t.sites.disable(SITE);
    expect(t.registered.get('cme-agent-relay')?.matches).toEqual([`${OTHER}/*`]);
    expect(after.find((s) => s.origin === SITE)).toMatchObject({ enabled: false, registered: false });
    expect(await t.sites.isEnabled(SITE)).toBe(false);
    await t.sites.disable(OTHER);
    expect(t.registered.size).toBe(0);
  });

  it('unregisters when the user removes the host permission, and registers again when it is granted', async () => {
    const t = setUp();
    await t.sites.enable(SITE);
    t.revoke(`${SITE}/*`);
    await vi.waitFor(() => expect(t.registered.size).toBe(0));
    expect((await t.sites.list())[0]).toMatchObject({ enabled: true, granted: false, registered: false });
    t.grant(`${SITE}/*`);
    await vi.waitFor(() => expect(t.registered.size).toBe(2));
  });

  it('re-registers from the stored list on start, whether registrations persisted or not', async () => {
    const first = setUp();
    await first.sites.enable(SITE);
    // A new worker whose registrations were lost (Firefox before 105, or a browser that dropped them).
    const lost = fakeScripting();
    const restarted = createAgentSites({
      store: first.store,
      scripting: lost.scripting,
      permissions: first.permissions,
    });
    await restarted.sync();
    expect([...lost.registered.values()]).toEqual(agentScripts([`${SITE}/*`]));
    // Registrations that persisted and still match are left alone.
    first.log.length = 0;
    const again = createAgentSites({
      store: first.store,
      scripting: first.scripting,
      permissions: first.permissions,
    });
    await again.sync();
    expect(first.log).toEqual([]);
  });

  it('forgets a site: its calls deleted, unregistered, its host permission removed', async () => {
    const t = setUp();
    await t.sites.enable(SITE);
    await t.store.addRecordedCall({
      tabId: 1,
      origin: SITE,
      injected: null,
      raw: {
        startedAt: 0,
        durationMs: 0,
        request: { method: 'GET', url: `${SITE}/x`, headers: [], body: null },
        response: null,
      },
    });
    expect(await t.sites.forget(SITE)).toEqual([]);
    expect(await t.store.listRecorded()).toEqual([]);
    expect(t.registered.size).toBe(0);
    expect(t.removed).toEqual([`${SITE}/*`]);
  });

  it('keeps the host permission when an environment calls that origin', async () => {
    const t = setUp([`${OTHER}/*`]);
    await t.store.putEnvironment({ name: 'Sandbox', loginUrl: OTHER, apiBase: OTHER });
    await t.sites.enable(OTHER);
    await t.sites.forget(OTHER);
    expect(t.removed).toEqual([]);
    expect(t.registered.size).toBe(0);
  });

  it('without scripting (or when registering fails) keeps the sites and reports the error', async () => {
    const store = openStore({ idb: new IDBFactory() });
    const p = fakePermissions([`${SITE}/*`]);
    const bare = createAgentSites({ store, permissions: p.permissions });
    expect(await bare.enable(SITE)).toMatchObject([{ origin: SITE, enabled: true, registered: false }]);
    const onError = vi.fn();
    const failing = createAgentSites({
      store,
      permissions: p.permissions,
      onError,
      scripting: {
        registerContentScripts: () => Promise.reject(new Error('no such file page-agent.js')),
        unregisterContentScripts: async () => undefined,
        getRegisteredContentScripts: async () => [],
      },
    });
    await expect(failing.sync()).rejects.toThrow(/page-agent/);
    expect(onError).toHaveBeenCalled();
    expect(await failing.list()).toMatchObject([{ origin: SITE, registered: false }]);
  });
});

describe('match patterns where they cannot name a port (Firefox)', () => {
  it('asks, checks and registers the host without its port; the agent is accepted from the opted-in port only', async () => {
    const store = openStore({ idb: new IDBFactory() });
    const s = fakeScripting();
    const p = fakePermissions(['http://127.0.0.1/*']);
    const sites = createAgentSites({
      store,
      scripting: s.scripting,
      permissions: p.permissions,
      portless: true,
    });
    await sites.enable(OTHER);
    await sites.enable('http://127.0.0.1:9000');
    expect(s.registered.get('cme-agent-main')?.matches).toEqual(['http://127.0.0.1/*']);
    expect(await sites.isEnabled(OTHER)).toBe(true);
    expect(await sites.isEnabled('http://127.0.0.1:9999')).toBe(false);
    // Forgetting one port keeps the host's permission while another site of that host is opted in.
    await sites.forget('http://127.0.0.1:9000');
    expect(p.removed).toEqual([]);
    await sites.forget(OTHER);
    expect(p.removed).toEqual(['http://127.0.0.1/*']);
  });

  it('knows which browsers those are', () => {
    expect(portlessPatterns('moz-extension://0f1e2d/')).toBe(true);
    expect(portlessPatterns('chrome-extension://abc/')).toBe(false);
    expect(agentSitePattern('http://127.0.0.1:8787', true)).toBe('http://127.0.0.1/*');
    expect(agentSitePattern('http://127.0.0.1:8787', false)).toBe('http://127.0.0.1:8787/*');
    expect(agentSitePattern('https://app.example', true)).toBe('https://app.example/*');
  });
});
