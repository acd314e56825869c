import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { DB_NAME, DB_VERSION, TENCENT_ENVIRONMENT } from '../../lib/store';
import { makeStore, ticketInput } from './fixtures';

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

// Version 2 as it shipped: environments had no capture rules.
const V2_TENCENT = {
  id: 'tencent',
  name: 'Tencent Cloud',
  kind: 'tencent',
  loginUrl: 'https://open.cme.qcloud.com',
  apiBase: 'https://web-paas-api.cme.qcloud.com',
  createdAt: 0,
};
const V2_SANDBOX = {
  id: 'sb',
  name: 'Sandbox',
  kind: 'custom',
  loginUrl: 'http://127.0.0.1:8787',
  apiBase: 'http://127.0.0.1:8787',
  createdAt: 1_600_000_000_000,
};
const V2_TICKET = {
  ...ticketInput({ authorization: 'tf_V2_TICKET_0001' }),
  id: 't2',
  environment: 'sb',
  createdAt: 1_600_000_000_001,
  lastUsedAt: null,
  status: 'active',
  rejectedCode: null,
  rejectedAt: null,
};

/** The database exactly as version 2 created it (raw IndexedDB), with a few rows. */
async function createV2Database(idb: IDBFactory): Promise<void> {
  const open = idb.open(DB_NAME, 2);
  open.onupgradeneeded = () => {
    const db = open.result;
    const tickets = db.createObjectStore('tickets', { keyPath: 'id' });
    tickets.createIndex('by-identity', ['environment', 'platform', 'userId']);
    tickets.createIndex('by-authorization', 'authorization');
    const history = db.createObjectStore('history', { keyPath: 'id' });
    history.createIndex('by-startedAt', 'startedAt');
    history.createIndex('by-ticketId', 'ticketId');
    history.createIndex('by-status', 'status');
    db.createObjectStore('environments', { keyPath: 'id' });
    const captures = db.createObjectStore('captures', { keyPath: 'id', autoIncrement: true });
    captures.createIndex('by-tab-seq', ['tabId', 'seq']);
    captures.createIndex('by-tab', 'tabId');
    db.createObjectStore('captureBodies', { keyPath: 'id' });
  };
  const db = await request(open);
  const tx = db.transaction(['environments', 'tickets'], 'readwrite');
  tx.objectStore('environments').put(V2_TENCENT);
  tx.objectStore('environments').put(V2_SANDBOX);
  tx.objectStore('tickets').put(V2_TICKET);
  await new Promise((resolve) => (tx.oncomplete = resolve));
  db.close();
}

const RULE = { pattern: '/api/cme/<Class>/<Action>', ticket: { in: 'header' as const, name: 'X-CME-Auth' } };

describe('schema version 3: capture rules per environment', () => {
  it('upgrades a version-2 database: every environment gets no rules, every other field and row kept', async () => {
    expect(DB_VERSION).toBeGreaterThanOrEqual(3);
    const idb = new IDBFactory();
    await createV2Database(idb);
    const { store } = makeStore({ idb });
    expect(await store.listEnvironments()).toEqual([
      { ...V2_TENCENT, captureRules: [] },
      { ...V2_SANDBOX, captureRules: [] },
    ]);
    expect(
      await store.listTickets({
        environment: 'sb',
        platform: V2_TICKET.platform ?? '',
        userId: V2_TICKET.userId ?? '',
      }),
    ).toEqual([V2_TICKET]);
    store.close();
    const db = await request(idb.open(DB_NAME));
    expect(db.version).toBe(DB_VERSION);
    db.close();
  });

  it('a new database has the built-in environment with no rules', async () => {
    const { store } = makeStore();
    expect(await store.listEnvironments()).toEqual([TENCENT_ENVIRONMENT]);
    expect(TENCENT_ENVIRONMENT.captureRules).toEqual([]);
  });

  it('saves rules with an environment (trimmed), keeps them when a save leaves them out, refuses bad ones', async () => {
    const { store } = makeStore();
    const env = await store.putEnvironment({
      name: 'App',
      loginUrl: 'http://127.0.0.1:8787',
      apiBase: 'http://127.0.0.1:8787',
      captureRules: [{ pattern: ` ${RULE.pattern} `, ticket: { in: 'header', name: ' X-CME-Auth ' } }],
    });
    expect(env.captureRules).toEqual([RULE]);
    const renamed = await store.putEnvironment({
      id: env.id,
      name: 'App 2',
      loginUrl: env.loginUrl,
      apiBase: env.apiBase,
    });
    expect(renamed.captureRules).toEqual([RULE]);
    await expect(
      store.putEnvironment({ ...renamed, captureRules: [{ pattern: '/api/<Class>', ticket: RULE.ticket }] }),
    ).rejects.toThrow(/capture rule 1: The pattern needs <Action>/);
    expect((await store.getEnvironment(env.id))?.captureRules).toEqual([RULE]);
    const cleared = await store.putEnvironment({ ...renamed, captureRules: [] });
    expect(cleared.captureRules).toEqual([]);
    const fresh = await store.putEnvironment({ name: 'B', loginUrl: 'http://a.b', apiBase: 'http://a.b' });
    expect(fresh.captureRules).toEqual([]);
  });
});
