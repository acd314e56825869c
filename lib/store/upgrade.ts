/**
 * The schema's upgrade ladder: from any older version to DB_VERSION, inside the versionchange transaction.
 */
import type { IDBPTransaction, StoreNames, StoreValue } from 'idb';
import type { Database } from './idb-wrap';
import { historyFromV1, ticketFromV1 } from './migrate-v1';
import { TENCENT_ENVIRONMENT, type CmeSchema } from './schema';

/** The versionchange transaction idb hands to `upgrade`. */
export type UpgradeTransaction = IDBPTransaction<CmeSchema, StoreNames<CmeSchema>[], 'versionchange'>;

/**
 * Bring the schema from `oldVersion` (0 for a new database) to the current version.
 * Row migrations only await requests of `tx`: anything else would let the transaction commit early.
 */
export function upgradeSchema(db: Database<CmeSchema>, oldVersion: number, tx: UpgradeTransaction): void {
  if (oldVersion < 1) createV1(db);
  if (oldVersion < 2) upgradeToV2(db, tx, oldVersion >= 1);
  if (oldVersion < 3) upgradeToV3(tx);
  if (oldVersion < 4) upgradeToV4(db);
}

/** Version 4: the page agent's opted-in sites and the calls its recorder kept (both new and empty). */
function upgradeToV4(db: Database<CmeSchema>): void {
  db.createObjectStore('agentSites', { keyPath: 'origin' });
  const recorded = db.createObjectStore('recordedCalls', { keyPath: 'id', autoIncrement: true });
  recorded.createIndex('by-origin', 'origin');
  recorded.createIndex('by-tab', 'tabId');
}

/** Version 3: every environment gets its capture rules (none), its other fields kept as they were. */
function upgradeToV3(tx: UpgradeTransaction): void {
  const abort = (): void => {
    try {
      tx.abort();
    } catch {
      // Already finished or aborted.
    }
  };
  (async () => {
    let cursor = await tx.objectStore('environments').openCursor();
    while (cursor) {
      const env = cursor.value;
      if (!Array.isArray(env.captureRules)) await cursor.update({ ...env, captureRules: [] });
      cursor = await cursor.continue();
    }
  })().catch(abort);
}

/** Version 1 exactly as the first release created it (its index names are not in today's schema type). */
function createV1(db: Database<CmeSchema>): void {
  const untyped = db as unknown as Database;
  const tickets = untyped.createObjectStore('tickets', { keyPath: 'id' });
  tickets.createIndex('by-user', ['platform', 'userId']);
  tickets.createIndex('by-authorization', 'authorization');
  const history = untyped.createObjectStore('history', { keyPath: 'id' });
  history.createIndex('by-startedAt', 'startedAt');
}

function upgradeToV2(db: Database<CmeSchema>, tx: UpgradeTransaction, hasV1Rows: boolean): void {
  const tickets = tx.objectStore('tickets');
  tickets.deleteIndex('by-user');
  tickets.createIndex('by-identity', ['environment', 'platform', 'userId']);
  const history = tx.objectStore('history');
  history.createIndex('by-ticketId', 'ticketId');
  history.createIndex('by-status', 'status');

  const environments = db.createObjectStore('environments', { keyPath: 'id' });
  void environments.put(TENCENT_ENVIRONMENT);

  const captures = db.createObjectStore('captures', { keyPath: 'id', autoIncrement: true });
  captures.createIndex('by-tab-seq', ['tabId', 'seq']);
  captures.createIndex('by-tab', 'tabId');
  db.createObjectStore('captureBodies', { keyPath: 'id' });

  if (hasV1Rows) {
    migrateV1Rows(tx).catch(() => {
      // A failed request already aborts the transaction; abort explicitly for any other failure.
      try {
        tx.abort();
      } catch {
        // Already finished or aborted.
      }
    });
  }
}

async function migrateV1Rows(tx: UpgradeTransaction): Promise<void> {
  await migrateRows(tx, 'tickets', ticketFromV1);
  await migrateRows(tx, 'history', historyFromV1);
}

/** Replace every row of `store` by its conversion, deleting the rows `convert` drops (null). */
async function migrateRows<S extends 'tickets' | 'history'>(
  tx: UpgradeTransaction,
  store: S,
  convert: (row: unknown) => StoreValue<CmeSchema, S> | null,
): Promise<void> {
  let cursor = await tx.objectStore(store).openCursor();
  while (cursor) {
    const next = convert(cursor.value);
    if (next) await cursor.update(next);
    else await cursor.delete();
    cursor = await cursor.continue();
  }
}
