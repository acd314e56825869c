import { IDBFactory } from 'fake-indexeddb';
import { wrap as idbWrap, type IDBPDatabase } from 'idb';
import { describe, expect, it } from 'vitest';
import { wrap as ourWrap } from '../../lib/store/idb-wrap';

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
  async function openTest(): Promise<IDBPDatabase> {
    const request = new IDBFactory().open('t', 1);
    request.addEventListener('upgradeneeded', () => {
      const db = wrap(request.result) as IDBPDatabase;
      db.createObjectStore('rows', { keyPath: 'id' }).createIndex('by-group', 'group');
      db.createObjectStore('other', { keyPath: 'id' });
    });
    return (await wrap(request)) as IDBPDatabase;
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
    await db.add('rows', row('x'));
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
    for (const r of [row('a', 'g', 1), row('b', 'g', 2), row('c', 'h', 3)]) await db.put('rows', r);
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
    expect(await db.getAll('rows')).toEqual([row('a', 'g', 10), row('c', 'h', 3)]);
    const keys = db.transaction('rows').store.index('by-group');
    const first = await keys.openKeyCursor(IDBKeyRange.only('h'));
    expect(first?.primaryKey).toBe('c');
    const advanced = await (await keys.openCursor())?.advance(1);
    expect(advanced?.value.id).toBe('c');
  });

  it('has idb’s database shortcuts, each in a transaction of its own', async () => {
    const db = await openTest();
    await db.put('rows', row('a', 'g'));
    await db.add('rows', row('b', 'g'));
    await db.put('rows', row('c', 'h'));
    expect(await db.get('rows', 'a')).toEqual(row('a', 'g'));
    expect(await db.getKey('rows', 'b')).toBe('b');
    expect(await db.count('rows')).toBe(3);
    expect((await db.getAllFromIndex('rows', 'by-group', 'g')).map((r: Row) => r.id)).toEqual(['a', 'b']);
    expect(await db.countFromIndex('rows', 'by-group', 'h')).toBe(1);
    expect(await db.getAllKeys('rows')).toEqual(['a', 'b', 'c']);
    await db.delete('rows', 'a');
    expect(await db.getAll('rows')).toEqual([row('b', 'g'), row('c', 'h')]);
    await db.clear('rows');
    expect(await db.count('rows')).toBe(0);
    // Not a shortcut (no such store method, or not one idb offers): absent, as in idb.
    const loose = db as unknown as Record<string, unknown>;
    expect(loose.putFromIndex).toBeUndefined();
    expect(loose.openCursor).toBeUndefined();
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
