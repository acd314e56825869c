/**
 * The store's connection: opened lazily, closed when another page needs to upgrade or delete the
 * database (`blocking`), and reopened on the next call.
 */
import { wrap, type Database } from './idb-wrap';
import { DB_VERSION, type CmeSchema } from './schema';
import { upgradeSchema, type UpgradeTransaction } from './upgrade';

/** Options of `createConnection`. */
export interface ConnectionOptions {
  /** IndexedDB factory (tests pass a fresh fake one). */
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
  get(): Promise<Database<CmeSchema>>;
  /** Close for good: later `get` calls reject. */
  close(): void;
}

/** Create the connection manager of one store. */
export function createConnection(options: ConnectionOptions): Connection {
  let current: Promise<Database<CmeSchema>> | null = null;
  let closed = false;

  function forget(attempt: Promise<Database<CmeSchema>>): void {
    if (current === attempt) current = null;
  }

  function get(): Promise<Database<CmeSchema>> {
    if (closed) return Promise.reject(new Error('The CME DevTools store is closed.'));
    if (current) return current;
    const request = options.factory.open(options.name, DB_VERSION);
    request.addEventListener('upgradeneeded', (event) => {
      const db = wrap(request.result) as unknown as Database<CmeSchema>;
      const tx = wrap(request.transaction as IDBTransaction) as unknown as UpgradeTransaction;
      upgradeSchema(db, event.oldVersion, tx);
    });
    request.addEventListener('blocked', () => options.onBlocked?.());
    const attempt = (wrap(request) as Promise<Database<CmeSchema>>).then(
      (db) => {
        // Closed by the browser (not by `close()`): reopen on the next call.
        db.addEventListener('close', () => forget(attempt));
        // This connection keeps another page from upgrading or deleting the database: let it.
        db.addEventListener('versionchange', () => {
          db.close();
          forget(attempt);
          options.onClosedForOthers?.();
        });
        return db;
      },
      (error: unknown) => {
        forget(attempt);
        const name = options.name;
        if (error instanceof Error && error.name === 'VersionError') {
          throw new Error(
            `The database "${name}" was upgraded by a newer version of CME DevTools; reload this page.`,
          );
        }
        const detail = error instanceof Error ? error.message : String(error);
        throw new Error(`Could not open the database "${name}": ${detail}`);
      },
    );
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
