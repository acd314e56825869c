/**
 * The text index's deep pass reads whole bodies straight from the capture log's IndexedDB (read-only,
 * no upgrade: the panel's store owns the schema), so bodies never cross the panel's thread.
 */
import type { RawBody, RawCall } from '../../../cme/types';
import { wrap, type Database } from '../../../store/idb-wrap';
import { DB_NAME, type CmeSchema } from '../../../store/schema';
import type { BodyReader, TextLoader } from './core';

function bodyText(body: RawBody | null | undefined): string {
  if (!body || body.text === null || body.encoding === 'base64') return '';
  return body.text;
}

/** The searchable text of a raw call's bodies (request, then answer). */
export function bodiesOf(raw: RawCall): string {
  return `${bodyText(raw.request.body)}\n${bodyText(raw.response?.body)}`;
}

/** The database `name` at its current version (no upgrade: the panel's store owns the schema). */
const openDatabase = (name: string) => wrap(indexedDB.open(name)) as Promise<Database<CmeSchema>>;

/** A reader over the database `name` of `factory` (defaults: the extension's, the global indexedDB). */
export function idbBodyReader(name = DB_NAME): BodyReader {
  let db: Promise<Database<CmeSchema>> | null = null;
  const open = () =>
    (db ??= openDatabase(name).then((d) => {
      // Another page upgrading the schema: close, reopen on the next read.
      d.addEventListener('versionchange', () => {
        d.close();
        db = null;
      });
      return d;
    }));
  return async (ids) => {
    const tx = (await open()).transaction('captureBodies');
    const rows = await Promise.all(ids.map((id) => tx.store.get(id)));
    return rows.map((row) => (row ? bodiesOf(row.raw) : null));
  };
}

/** Batches of the loader: summaries read per IndexedDB request. */
const LOAD_BATCH = 5000;

/** A loader of a tab's stored search texts (the summaries' `text`), newest first. */
export function idbTextLoader(name = DB_NAME): TextLoader {
  return async (tabId, onBatch) => {
    const db = await openDatabase(name);
    try {
      const index = db.transaction('captures').store.index('by-tab-seq');
      const range = IDBKeyRange.bound([tabId, -Infinity], [tabId, Infinity]);
      const [first, lastKey] = await Promise.all([
        index.openKeyCursor(range, 'next'),
        index.openKeyCursor(range, 'prev'),
      ]);
      if (!first || !lastKey) return;
      const low = first.key[1];
      for (let hi = lastKey.key[1]; hi >= low; hi -= LOAD_BATCH) {
        const range = IDBKeyRange.bound([tabId, Math.max(low, hi - LOAD_BATCH + 1)], [tabId, hi]);
        const rows = await db.transaction('captures').store.index('by-tab-seq').getAll(range);
        onBatch(rows.map((r) => [r.id, r.text ?? '']));
      }
    } finally {
      db.close();
    }
  };
}
