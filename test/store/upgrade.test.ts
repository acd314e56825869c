import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it, vi } from 'vitest';
import { DB_NAME, DB_VERSION, TENCENT_ENVIRONMENT } from '../../lib/store';
import { makeStore } from './fixtures';

/** Fail instead of hanging when a version change deadlocks. */
function within<T>(promise: Promise<T>, ms = 2000): Promise<T> {
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)),
  ]);
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

/** Create the database as the first release did (raw IndexedDB, version 1) and put rows with v1 names. */
async function createV1Database(idb: IDBFactory, rows: { tickets: object[]; history: object[] }) {
  const open = idb.open(DB_NAME, 1);
  open.onupgradeneeded = () => {
    const db = open.result;
    const tickets = db.createObjectStore('tickets', { keyPath: 'id' });
    tickets.createIndex('by-user', ['platform', 'userId']);
    tickets.createIndex('by-authorization', 'authorization');
    db.createObjectStore('history', { keyPath: 'id' }).createIndex('by-startedAt', 'startedAt');
  };
  const db = await request(open);
  const tx = db.transaction(['tickets', 'history'], 'readwrite');
  rows.tickets.forEach((t) => tx.objectStore('tickets').put(t));
  rows.history.forEach((h) => tx.objectStore('history').put(h));
  await new Promise((resolve) => (tx.oncomplete = resolve));
  return db;
}

const v1Ticket = {
  id: 't1',
  authorization: 'tf_FAKE_V1',
  platform: 'my_platform',
  userId: 'user_001',
  appId: 1250000000,
  tfUid: null,
  label: 'old one',
  source: 'signature',
  savedAt: 1_600_000_000_000,
  lastUsedAt: 1_600_000_100_000,
};
const v1History = {
  id: 'h1',
  ticketId: 't1',
  actionClass: 'Project',
  action: 'DescribeProjects',
  url: 'https://web-paas-api.cme.qcloud.com/Project/DescribeProjects?auth=tf_FAKE_V1',
  requestBody: '{}',
  startedAt: 1_600_000_100_000,
  durationMs: 80,
  status: 'done',
  httpStatus: 200,
  code: 'Success',
  message: '成功',
  englishMessage: 'OK',
  requestId: null,
  responseText: '{"Code":"Success"}',
  error: null,
};

describe('schema upgrade', () => {
  it('creates every store and the built-in environment in a new database', async () => {
    const { store, idb } = makeStore();
    await store.ready();
    expect(await store.listEnvironments()).toEqual([TENCENT_ENVIRONMENT]);
    store.close();
    const db = await request(idb.open(DB_NAME));
    expect(db.version).toBe(DB_VERSION);
    expect([...db.objectStoreNames].sort()).toEqual([
      'agentSites',
      'captureBodies',
      'captures',
      'environments',
      'history',
      'recordedCalls',
      'tickets',
    ]);
    db.close();
  });

  it('migrates a version-1 database: rows get v2 fields, indexes change, new stores appear', async () => {
    const idb = new IDBFactory();
    const broken = { id: 't-broken', platform: 'p' }; // no authorization: dropped
    (await createV1Database(idb, { tickets: [v1Ticket, broken], history: [v1History] })).close();

    const { store } = makeStore({ idb });
    const { savedAt, ...unchanged } = v1Ticket;
    expect(await store.listTickets()).toEqual([
      {
        ...unchanged,
        createdAt: savedAt,
        environment: 'tencent',
        status: 'active',
        rejectedCode: null,
        rejectedAt: null,
      },
    ]);
    const identity = await store.listTickets({
      environment: 'tencent',
      platform: 'my_platform',
      userId: 'user_001',
    });
    expect(identity.map((t) => t.id)).toEqual(['t1']);
    expect((await store.listHistory()).find((r) => r.id === 'h1')).toMatchObject({
      ...v1History,
      environment: 'tencent',
      kind: 'api',
      method: 'POST',
      replayOf: null,
      responseTruncated: false,
    });
    expect((await store.listHistory({ ticketId: 't1' })).map((h) => h.id)).toEqual(['h1']);
    expect(await store.listEnvironments()).toEqual([TENCENT_ENVIRONMENT]);
    expect(await store.countCaptures(1)).toBe(0);
    store.close();

    const db = await request(idb.open(DB_NAME));
    const tx = db.transaction(['tickets', 'history']);
    expect([...tx.objectStore('tickets').indexNames].sort()).toEqual(['by-authorization', 'by-identity']);
    expect([...tx.objectStore('history').indexNames].sort()).toEqual([
      'by-startedAt',
      'by-status',
      'by-ticketId',
    ]);
    db.close();
  });

  it('waits for an old page that will not close, telling the caller it is blocked', async () => {
    const idb = new IDBFactory();
    const oldPage = await createV1Database(idb, { tickets: [v1Ticket], history: [] });
    const onBlocked = vi.fn();
    const { store } = makeStore({ idb, onBlocked });
    const ready = store.ready();
    await vi.waitFor(() => expect(onBlocked).toHaveBeenCalled());
    oldPage.close();
    await within(ready);
    expect((await store.listTickets()).map((t) => t.environment)).toEqual(['tencent']);
    store.close();
  });

  it('closes its connection when another page upgrades (no deadlock), then says the page is outdated', async () => {
    const onClosedForOthers = vi.fn();
    const { store, idb } = makeStore({ onClosedForOthers });
    await store.ready();
    const newer = idb.open(DB_NAME, DB_VERSION + 1);
    newer.onupgradeneeded = () => newer.result.createObjectStore('later');
    const db = await within(request(newer));
    expect(onClosedForOthers).toHaveBeenCalledTimes(1);
    await expect(store.listTickets()).rejects.toThrow(/newer version of CME DevTools; reload/);
    db.close();
  });

  it('lets another page delete the database and reopens a fresh one on the next call', async () => {
    const { store, idb } = makeStore();
    await store.putTicket({ authorization: 'tf_FAKE', environment: 'tencent', source: 'captured' });
    await within(request(idb.deleteDatabase(DB_NAME)));
    expect(await store.listTickets()).toEqual([]);
    expect(await store.listEnvironments()).toEqual([TENCENT_ENVIRONMENT]);
    store.close();
  });

  it('lets two pages open a new database at once', async () => {
    const idb = new IDBFactory();
    const a = makeStore({ idb }).store;
    const b = makeStore({ idb }).store;
    await within(Promise.all([a.ready(), b.ready()]));
    await a.putTicket({ authorization: 'tf_FAKE', environment: 'tencent', source: 'captured' });
    expect((await b.listTickets()).map((t) => t.authorization)).toEqual(['tf_FAKE']);
    a.close();
    b.close();
  });

  it('rejects every call once closed', async () => {
    const { store } = makeStore();
    await store.ready();
    store.close();
    await expect(store.counts()).rejects.toThrow(/closed/);
  });
});
