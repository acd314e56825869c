/**
 * IndexedDB with promises: the part of idb's runtime the store uses, behind idb's own types
 * (`IDBPDatabase<CmeSchema>`, …). A request is a promise of its result, a transaction has `done` and
 * `store`, a cursor's `continue()` answers the next cursor (or null), and the database has idb's shortcuts
 * (`db.get('tickets', id)`, `db.getAllFromIndex(…)`, `db.put(…)`), each in a transaction of its own. idb's
 * build also installs async iterators at load, which nothing of ours uses: its runtime weighed 0.96 KB gz
 * of the worker, this 0.55 (issue #20). It does what idb does, the same way: test/store/idb-wrap.test.ts
 * runs every case on both.
 */

/** The classes whose objects are wrapped (a function: they do not exist in Node, where WXT imports us). */
const wrapped = (): (abstract new (...args: never) => object)[] => [
  IDBDatabase,
  IDBTransaction,
  IDBObjectStore,
  IDBIndex,
  IDBCursor,
];

const ADVANCE = ['advance', 'continue', 'continuePrimaryKey'];
const READS = ['get', 'getKey', 'getAll', 'getAllKeys', 'count'];
const WRITES = ['put', 'add', 'delete', 'clear'];

const proxies = new WeakMap<object, unknown>();
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

/** idb's database shortcut `prop` (`get`, `getAllFromIndex`, `put`, …), or undefined when it is none. */
function shortcut(db: Target, prop: string): Fn | undefined {
  const name = prop.replace(/FromIndex$/, '');
  const write = WRITES.includes(name);
  const onIndex = name !== prop;
  if (!(write || READS.includes(name)) || !(name in (onIndex ? IDBIndex : IDBObjectStore).prototype)) return;
  return async (store, ...args) => {
    const tx = (db.transaction as Fn)(store, write ? 'readwrite' : 'readonly') as Target;
    let target = tx.store as Target;
    if (onIndex) target = (target.index as Fn)(args.shift()) as Target;
    return (await Promise.all([(target[name] as Fn)(...args), write && tx.done]))[0];
  };
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
    if (target instanceof IDBDatabase && typeof prop === 'string' && !(prop in target)) {
      return shortcut(receiver, prop);
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
  return proxy;
}
