import { IDBFactory } from 'fake-indexeddb';
import { wrap as idbWrap, type IDBPDatabase } from 'idb';
import { describe, expect, it } from 'vitest';
import { wrap as ourWrap, unwrapStore, type Database } from '../../lib/store/idb-wrap';

interface Row {
  id: string;
  group: string;
  n: number;
}

const row = (id: string, group = 'a', n = 0): Row => ({ id, group, n });

// Every case runs on idb's own `wrap` too: ours must behave as idb does.
describe.each([
  ['ours', ourWrap],
  ['idb', idbWrap as (value: unknown) => unknown],
])('wrap (%s): IndexedDB with promises', (_name, wrap) => {
  /** A fresh database with one store `rows` (index `by-group`) and one store `other`. */
  async function openTest(): Promise<Database> {
    const request = new IDBFactory().open('t', 1);
    request.addEventListener('upgradeneeded', () => {
      const db = wrap(request.result) as IDBPDatabase;
      db.createObjectStore('rows', { keyPath: 'id' }).createIndex('by-group', 'group');
      db.createObjectStore('other', { keyPath: 'id' });
    });
    return (await wrap(request)) as Database;
  }

  /** Write rows in one transaction (add: refused when the key exists). */
  async function write(db: Database, rows: Row[], how: 'put' | 'add' = 'put'): Promise<void> {
    const tx = db.transaction('rows', 'readwrite');
    await Promise.all([...rows.map((r) => tx.store[how](r)), tx.done]);
  }

  it('answers a request with its result, and a transaction’s done once it commits', async () => {
    const db = await openTest();
    const tx = db.transaction('rows', 'readwrite');
    expect(await tx.store.put(row('x'))).toBe('x');
    await tx.done;
    const read = db.transaction('rows');
    expect(await read.store.get('x')).toEqual(row('x'));
    expect(await read.store.get('missing')).toBeUndefined();
  });

  it('has `store` only for a transaction over one store', async () => {
    const db = await openTest();
    const tx = db.transaction(['rows', 'other']);
    expect((tx as unknown as { store: unknown }).store).toBeUndefined();
    expect(await tx.objectStore('other').count()).toBe(0);
  });

  it('gives one proxy per object', async () => {
    const db = await openTest();
    const tx = db.transaction('rows');
    expect(tx.store).toBe(tx.objectStore('rows'));
    expect(tx.store.index('by-group')).toBe(tx.store.index('by-group'));
  });

  it('rejects a failed request with its error, and the transaction’s done', async () => {
    const db = await openTest();
    await write(db, [row('x')], 'add');
    const tx = db.transaction('rows', 'readwrite');
    const done = tx.done;
    await expect(tx.store.add(row('x'))).rejects.toMatchObject({ name: 'ConstraintError' });
    // The error reaches the transaction before it aborts: idb answers an AbortError then.
    await expect(done).rejects.toBeInstanceOf(DOMException);
    const aborted = db.transaction('rows', 'readwrite');
    aborted.abort();
    await expect(aborted.done).rejects.toBeInstanceOf(DOMException);
  });

  it('walks a cursor: continue answers the moved cursor, then null; update and delete are requests', async () => {
    const db = await openTest();
    await write(db, [row('a', 'g', 1), row('b', 'g', 2), row('c', 'h', 3)]);
    const tx = db.transaction('rows', 'readwrite');
    const seen: string[] = [];
    let cursor = await tx.store.openCursor();
    while (cursor) {
      seen.push(cursor.value.id);
      if (cursor.value.id === 'a') await cursor.update({ ...cursor.value, n: 10 });
      if (cursor.value.id === 'b') await cursor.delete();
      cursor = await cursor.continue();
    }
    await tx.done;
    expect(seen).toEqual(['a', 'b', 'c']);
    expect(await db.transaction('rows').store.getAll()).toEqual([row('a', 'g', 10), row('c', 'h', 3)]);
    const keys = db.transaction('rows').store.index('by-group');
    const first = await keys.openKeyCursor(IDBKeyRange.only('h'));
    expect(first?.primaryKey).toBe('c');
    const advanced = await (await keys.openCursor())?.advance(1);
    expect(advanced?.value.id).toBe('c');
  });

  it('reads and writes through stores and indexes', async () => {
    const db = await openTest();
    await write(db, [row('a', 'g'), row('c', 'h')]);
    await write(db, [row('b', 'g')], 'add');
    const read = db.transaction('rows').store;
    expect(await read.get('a')).toEqual(row('a', 'g'));
    expect(await read.getKey('b')).toBe('b');
    expect(await read.count()).toBe(3);
    expect((await read.index('by-group').getAll('g')).map((r: Row) => r.id)).toEqual(['a', 'b']);
    expect(await read.index('by-group').count('h')).toBe(1);
    expect(await read.getAllKeys()).toEqual(['a', 'b', 'c']);
    const tx = db.transaction('rows', 'readwrite');
    await Promise.all([tx.store.delete('a'), tx.done]);
    expect(await db.transaction('rows').store.getAll()).toEqual([row('b', 'g'), row('c', 'h')]);
    const clear = db.transaction('rows', 'readwrite');
    await Promise.all([clear.store.clear(), clear.done]);
    expect(await db.transaction('rows').store.count()).toBe(0);
  });

  it('passes events and property writes through to the object', async () => {
    const db = await openTest();
    let closed = 0;
    db.addEventListener('versionchange', () => {
      closed++;
      db.close();
    });
    const tx = db.transaction('rows');
    (tx as unknown as { oncomplete: () => void }).oncomplete = () => closed++;
    await tx.done;
    expect(closed).toBe(1);
    expect(db.name).toBe('t');
    expect(wrap('plain')).toBe('plain');
    const value = { id: 'x' };
    expect(wrap(value)).toBe(value);
  });
});

describe('wrap (ours), beside idb', () => {
  it('has none of idb’s database shortcuts (the store opens its transactions): no stray method, no thenable', async () => {
    const request = new IDBFactory().open('t', 1);
    request.addEventListener('upgradeneeded', () => {
      (ourWrap(request.result) as Database).createObjectStore('rows', { keyPath: 'id' });
    });
    const db = (await ourWrap(request)) as Record<string, unknown>;
    for (const name of ['get', 'getAll', 'put', 'getAllFromIndex', 'countFromIndex', 'then']) {
      expect(db[name]).toBeUndefined();
    }
  });

  it('unwraps a store for plain requests, in the same transaction; refuses anything else', async () => {
    const request = new IDBFactory().open('t', 1);
    request.addEventListener('upgradeneeded', () => {
      (ourWrap(request.result) as Database).createObjectStore('rows', { keyPath: 'id' });
    });
    const db = (await ourWrap(request)) as Database;
    const tx = db.transaction('rows', 'readwrite');
    const plain = unwrapStore(tx.store);
    expect(plain).toBeInstanceOf(IDBObjectStore);
    expect(plain.transaction).toBe(unwrapStore(tx.objectStore('rows')).transaction);
    plain.put(row('x', 'b', 3));
    await tx.done;
    const read = db.transaction('rows');
    expect(await read.store.get('x')).toEqual(row('x', 'b', 3));
    expect(() => unwrapStore(read)).toThrow(/not a wrapped object store/);
    expect(() => unwrapStore({})).toThrow(/not a wrapped object store/);
  });
});
