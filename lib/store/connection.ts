/**
 * The store's connection: opened lazily, closed when another page needs to upgrade or delete the
 * database (`blocking`), and reopened on the next call.
 */
import { wrap, type IDBPDatabase } from 'idb';
import { DB_VERSION, type CmeSchema } from './schema';
import { upgradeSchema, type UpgradeTransaction } from './upgrade';

/** Callbacks of `openDatabase`; as idb's, but `blocking` gets the connection to close. */
export interface OpenCallbacks {
  upgrade(db: IDBPDatabase<CmeSchema>, oldVersion: number, tx: UpgradeTransaction): void;
  /** Another page holds an older connection that does not close: this open waits. */
  blocked?(): void;
  /** This connection keeps another page from upgrading or deleting the database. */
  blocking(db: IDBPDatabase<CmeSchema>): void;
  /** The browser closed the connection (not by `close()`). */
  terminated(): void;
}

/**
 * Open the database through an injected factory. idb's `openDB` always uses the global `indexedDB`,
 * so this does the same wiring with idb's `wrap` to let tests (and callers) pass their own factory.
 */
export function openDatabase(
  factory: IDBFactory,
  name: string,
  version: number,
  callbacks: OpenCallbacks,
): Promise<IDBPDatabase<CmeSchema>> {
  const request = factory.open(name, version);
  const opened = wrap(request) as Promise<IDBPDatabase<CmeSchema>>;
  request.addEventListener('upgradeneeded', (event) => {
    const db = wrap(request.result) as unknown as IDBPDatabase<CmeSchema>;
    const tx = wrap(request.transaction as IDBTransaction) as unknown as UpgradeTransaction;
    callbacks.upgrade(db, event.oldVersion, tx);
  });
  request.addEventListener('blocked', () => callbacks.blocked?.());
  opened
    .then((db) => {
      db.addEventListener('close', () => callbacks.terminated());
      db.addEventListener('versionchange', () => callbacks.blocking(db));
    })
    .catch(() => {
      // The caller sees the rejection through `opened`.
    });
  return opened;
}

/** Options of `createConnection`. */
export interface ConnectionOptions {
  factory: IDBFactory;
  name: string;
  /** Called when an older page keeps this one from upgrading (tell the user to close it). */
  onBlocked?: () => void;
  /** Called after this connection closed itself so another page could upgrade or delete. */
  onClosedForOthers?: () => void;
}

/** A lazily (re)opened connection. */
export interface Connection {
  /** The open database; opens (or reopens) it when needed. */
  get(): Promise<IDBPDatabase<CmeSchema>>;
  /** Close for good: later `get` calls reject. */
  close(): void;
}

function describeOpenError(error: unknown, name: string): Error {
  if (error instanceof Error && error.name === 'VersionError') {
    return new Error(
      `The database "${name}" was upgraded by a newer version of CME DevTools; reload this page.`,
    );
  }
  const detail = error instanceof Error ? error.message : String(error);
  return new Error(`Could not open the database "${name}": ${detail}`);
}

/** Create the connection manager of one store. */
export function createConnection(options: ConnectionOptions): Connection {
  let current: Promise<IDBPDatabase<CmeSchema>> | null = null;
  let closed = false;

  function forget(attempt: Promise<IDBPDatabase<CmeSchema>>): void {
    if (current === attempt) current = null;
  }

  function get(): Promise<IDBPDatabase<CmeSchema>> {
    if (closed) return Promise.reject(new Error('The CME DevTools store is closed.'));
    if (current) return current;
    const attempt: Promise<IDBPDatabase<CmeSchema>> = openDatabase(
      options.factory,
      options.name,
      DB_VERSION,
      {
        upgrade: upgradeSchema,
        blocked: () => options.onBlocked?.(),
        blocking: (db) => {
          db.close();
          forget(attempt);
          options.onClosedForOthers?.();
        },
        terminated: () => forget(attempt),
      },
    ).catch((error: unknown) => {
      forget(attempt);
      throw describeOpenError(error, options.name);
    });
    current = attempt;
    return attempt;
  }

  function close(): void {
    closed = true;
    const last = current;
    current = null;
    void last?.then((db) => db.close()).catch(() => undefined);
  }

  return { get, close };
}
