/**
 * Keeping the stores within their caps: the call history and the capture log of every tab lose their
 * oldest rows first, and each prune says how many went. Sizes for the options page.
 */
import type { StoreContext } from './context';

/** How many rows a prune removed from each store. */
export interface Pruned {
  history: number;
  captures: number;
}

function requireCap(value: unknown, name: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new Error(`CME DevTools store: "${name}" must be a non-negative integer.`);
  }
  return value;
}

/** The pruning functions of the store. */
export function createPruneFunctions(ctx: StoreContext) {
  return {
    /** Keep the newest `maxRows` history rows (by start time); returns how many were removed. */
    async pruneHistory(maxRows: number): Promise<number> {
      const max = requireCap(maxRows, 'maxRows');
      const tx = (await ctx.db()).transaction('history', 'readwrite');
      const excess = (await tx.store.count()) - max;
      const oldest = excess > 0 ? await tx.store.index('by-startedAt').getAllKeys(null, excess) : [];
      await Promise.all([...oldest.map((k) => tx.store.delete(k)), tx.done]);
      return oldest.length;
    },

    /**
     * Keep the newest `maxRows` captured calls across every tab (ids grow with each write, so the lowest
     * are the oldest), bodies with them; returns how many were removed.
     */
    async pruneCaptures(maxRows: number): Promise<number> {
      const max = requireCap(maxRows, 'maxRows');
      const tx = (await ctx.db()).transaction(['captures', 'captureBodies'], 'readwrite');
      const summaries = tx.objectStore('captures');
      const excess = (await summaries.count()) - max;
      if (excess <= 0) {
        await tx.done;
        return 0;
      }
      const oldest = await summaries.getAllKeys(null, excess);
      const upTo = IDBKeyRange.upperBound(oldest[oldest.length - 1]!);
      await Promise.all([summaries.delete(upTo), tx.objectStore('captureBodies').delete(upTo), tx.done]);
      return oldest.length;
    },
  };
}

/** The pruning part of the store's API. */
export type PruneFunctions = ReturnType<typeof createPruneFunctions>;
