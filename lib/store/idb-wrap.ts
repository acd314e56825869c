/**
 * IndexedDB with promises: the part of idb's runtime the store uses, behind idb's own types
 * (`Database<CmeSchema>`: `IDBPDatabase` without idb's shortcuts such as `db.get('tickets', id)`, which this
 * does not have: the store opens its transactions itself). A request is a promise of its result, a
 * transaction has `done` and `store`, a cursor's `continue()` answers the next cursor (or null). idb's build
 * also installs async iterators and the shortcuts at load, which nothing of ours uses: its runtime weighed
 * 0.96 KB gz of the worker, this 0.4 (issue #20). It does what idb does, the same way:
 * test/store/idb-wrap.test.ts runs every case on both.
 */
import type { DBSchema, IDBPDatabase } from 'idb';

/** idb's database shortcuts (a request in a transaction of its own): not in `Database`. */
type Shortcut =
  | 'get'
  | 'getKey'
  | 'getAll'
  | 'getAllKeys'
  | 'count'
  | 'put'
  | 'add'
  | 'delete'
  | 'clear'
  | 'getFromIndex'
  | 'getKeyFromIndex'
  | 'getAllFromIndex'
  | 'getAllKeysFromIndex'
  | 'countFromIndex';

/** An open database as `wrap` gives it: idb's typed database without its shortcuts. */
export type Database<S extends DBSchema | unknown = unknown> = Omit<IDBPDatabase<S>, Shortcut>;

/** The classes whose objects are wrapped (a function: they do not exist in Node, where WXT imports us). */
const wrapped = (): (abstract new (...args: never) => object)[] => [
  IDBDatabase,
  IDBTransaction,
  IDBObjectStore,
  IDBIndex,
  IDBCursor,
];

const ADVANCE = ['advance', 'continue', 'continuePrimaryKey'];

const proxies = new WeakMap<object, unknown>();
const targets = new WeakMap<object, object>();
const done = new WeakMap<IDBTransaction, Promise<void>>();

type Fn = (...args: unknown[]) => unknown;
type Target = Record<PropertyKey, unknown>;

/** Settles with the request's result (wrapped) or its error; a cursor's request settles once per advance. */
function settled(request: IDBRequest): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const end = (): void => {
      request.removeEventListener('success', success);
      request.removeEventListener('error', error);
    };
    const success = (): void => {
      resolve(wrap(request.result));
      end();
    };
    const error = (): void => {
      reject(request.error);
      end();
    };
    request.addEventListener('success', success);
    request.addEventListener('error', error);
  });
}

/** Resolves when the transaction commits; rejects when it fails or is aborted. */
function completion(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    const fail = (): void => reject(tx.error ?? new DOMException('AbortError', 'AbortError'));
    tx.addEventListener('complete', () => resolve());
    tx.addEventListener('error', fail);
    tx.addEventListener('abort', fail);
  });
}

const traps: ProxyHandler<Target> = {
  get(target, prop, receiver: Target) {
    if (target instanceof IDBTransaction) {
      if (prop === 'done') return done.get(target);
      // The transaction's only store (undefined when it has several).
      if (prop === 'store') {
        const names = receiver.objectStoreNames as DOMStringList;
        return names[1] ? undefined : (receiver.objectStore as Fn)(names[0]);
      }
    }
    const value = target[prop];
    if (typeof value !== 'function') return wrap(value);
    // A cursor's advance answers nothing: its request settles again, with the cursor moved (or null).
    if (target instanceof IDBCursor && ADVANCE.includes(prop as string)) {
      return (...args: unknown[]) => {
        (value as Fn).apply(target, args);
        return wrap((target as unknown as IDBCursor).request);
      };
    }
    return (...args: unknown[]) => wrap((value as Fn).apply(target, args));
  },
  set(target, prop, value) {
    target[prop] = value;
    return true;
  },
};

/**
 * idb's `wrap`: a request becomes the promise of its result; a database, transaction, store, index or
 * cursor a proxy that does the same for what its methods answer (one proxy per object); anything else is
 * answered as it is.
 */
export function wrap(value: unknown): unknown {
  if (value instanceof IDBRequest) return settled(value);
  if (typeof value !== 'object' || value === null) return value;
  const known = proxies.get(value);
  if (known) return known;
  if (!wrapped().some((type) => value instanceof type)) return value;
  if (value instanceof IDBTransaction) done.set(value, completion(value));
  const proxy = new Proxy(value as Target, traps);
  proxies.set(value, proxy);
  targets.set(proxy, value);
  return proxy;
}

/**
 * The plain object store behind a wrapped one (idb's `unwrap`, for stores): a hot write path makes its
 * requests without a promise each.
 */
export function unwrapStore(store: object): IDBObjectStore {
  const target = targets.get(store);
  if (!(target instanceof IDBObjectStore)) throw new Error('CME DevTools store: not a wrapped object store.');
  return target;
}
