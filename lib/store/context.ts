/**
 * What every store module gets from `openStore`: the connection, the clock, the id maker and the limits.
 */
import type { Database } from './idb-wrap';
import type { CmeSchema } from './schema';

/** Size limits applied on write (characters). */
export interface StoreLimits {
  /** History `responseText` beyond this is cut (`responseTruncated` set). */
  responseTextChars: number;
  /** Each captured request/response body text beyond this is cut (`truncated` set on the body). */
  captureBodyChars: number;
  /** The caller's extra search text of a capture beyond this is cut. */
  captureSearchChars: number;
}

/** Default limits: 256 KiB of answer text, 512 KiB per captured body, 4 KiB of extra search text. */
export const DEFAULT_LIMITS: StoreLimits = {
  responseTextChars: 256 * 1024,
  captureBodyChars: 512 * 1024,
  captureSearchChars: 4 * 1024,
};

/** Shared dependencies of the store's function groups. */
export interface StoreContext {
  db(): Promise<Database<CmeSchema>>;
  now(): number;
  randomId(): string;
  limits: StoreLimits;
}

/**
 * Writes of logs (history, captured calls, a ticket's last use): committed without waiting for the disk
 * to confirm. Losing the last instant of a log to a power cut is acceptable; waiting for a flush on
 * every call is not. Tickets, environments and deletions keep the default.
 */
export const LOG_WRITE: IDBTransactionOptions = { durability: 'relaxed' };

/** Delete the record `id` of a string-keyed store in one transaction; false when there was none. */
export async function deleteById(
  ctx: StoreContext,
  store: 'tickets' | 'environments' | 'history',
  id: string,
): Promise<boolean> {
  const tx = (await ctx.db()).transaction(store, 'readwrite');
  const existed = (await tx.store.getKey(id)) !== undefined;
  await Promise.all([existed && tx.store.delete(id), tx.done]);
  return existed;
}
