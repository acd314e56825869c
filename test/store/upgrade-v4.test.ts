import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import type { RawCall } from '../../lib/cme/types';
import { DB_NAME, DB_VERSION } from '../../lib/store';
import { makeStore, ticketInput } from './fixtures';

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

// Version 3 as it shipped: environments with capture rules, a capture in the log.
const V3_SANDBOX = {
  id: 'sb',
  name: 'Sandbox',
  kind: 'custom',
  loginUrl: 'http://127.0.0.1:8787',
  apiBase: 'http://127.0.0.1:8787',
  captureRules: [{ pattern: '/api/cme/<Class>/<Action>', ticket: { in: 'header', name: 'X-CME-Auth' } }],
  createdAt: 1_600_000_000_000,
};
const V3_TICKET = {
  ...ticketInput({ authorization: 'tf_V3_TICKET_0001' }),
  id: 't3',
  environment: 'sb',
  createdAt: 1_600_000_000_001,
  lastUsedAt: null,
  status: 'active',
  rejectedCode: null,
  rejectedAt: null,
};
const RAW: RawCall = {
  startedAt: 1_700_000_000_000,
  durationMs: 12,
  request: {
    method: 'POST',
    url: 'https://app.example/PaaS/Team/DescribeTeams?auth=tf_x',
    headers: [],
    body: null,
  },
  response: { status: 200, headers: [], body: { text: '{"Code":"Success"}' } },
};

/** The database exactly as version 3 created it (raw IndexedDB), with a few rows. */
async function createV3Database(idb: IDBFactory): Promise<void> {
  const open = idb.open(DB_NAME, 3);
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
  const tx = db.transaction(['environments', 'tickets', 'captureBodies'], 'readwrite');
  tx.objectStore('environments').put(V3_SANDBOX);
  tx.objectStore('tickets').put(V3_TICKET);
  tx.objectStore('captureBodies').put({ id: 1, tabId: 4, raw: RAW });
  await new Promise((resolve) => (tx.oncomplete = resolve));
  db.close();
}

describe('schema version 4: the page agent’s sites and recorded calls', () => {
  it('upgrades a version-3 database: the two new stores appear empty, every v3 row is kept', async () => {
    expect(DB_VERSION).toBe(4);
    const idb = new IDBFactory();
    await createV3Database(idb);
    const { store } = makeStore({ idb });
    expect(await store.getEnvironment('sb')).toEqual(V3_SANDBOX);
    expect(await store.listAgentSites()).toEqual([]);
    expect(await store.listRecorded()).toEqual([]);
    expect(await store.getCaptureBody(1)).toEqual(RAW);
    expect(
      await store.listTickets({
        environment: 'sb',
        platform: V3_TICKET.platform ?? '',
        userId: V3_TICKET.userId ?? '',
      }),
    ).toEqual([V3_TICKET]);
    // The new stores work on the upgraded database.
    await store.setAgentSite('https://app.example', true);
    expect(
      await store.addRecordedCall({ tabId: 4, origin: 'https://app.example', injected: null, raw: RAW }),
    ).toBe(1);
    expect((await store.listRecorded({ tabId: 4 })).map((c) => c.raw)).toEqual([RAW]);
    store.close();
    const db = await request(idb.open(DB_NAME));
    expect(db.version).toBe(4);
    expect([...db.objectStoreNames]).toContain('recordedCalls');
    expect([...db.transaction('recordedCalls').objectStore('recordedCalls').indexNames].sort()).toEqual([
      'by-origin',
      'by-tab',
    ]);
    db.close();
  });
});
