/**
 * The worker keeps the stores within the caps the user sets in the options page (`maxHistoryRows`,
 * `maxStoredCaptures`): at start-up, every `PRUNE_EVERY_ROWS` history rows it writes, and when the options
 * page asks. What a prune removed is kept under `PRUNE_REPORT_KEY` for the options page to say.
 */
import type { StorageAreaLike } from '../settings/settings';
import { SETTINGS_KEY, storeCapsOf } from '../settings/settings-core';
import type { BackgroundStore, Pruned } from '../store';

/** The `storage.local` key of the last prune that removed something. */
export const PRUNE_REPORT_KEY = 'pruneReport';

/** How many history rows the worker writes between two checks of the cap (a count reads every key). */
export const PRUNE_EVERY_ROWS = 100;

/** What the last prune that removed rows removed, and when (epoch ms). */
export interface PruneReport extends Pruned {
  at: number;
}

/** The worker's pruner. */
export interface Pruner {
  /** Prune both stores to the current caps now (after any prune already running). */
  prune(): Promise<Pruned>;
  /** Note history rows written; prunes once enough have been. */
  wrote(rows: number): void;
}

/** A pruner over the store, reading the caps from `storage.local`. */
export function createPruner(deps: {
  store: Pick<BackgroundStore, 'pruneHistory' | 'pruneCaptures'>;
  local: StorageAreaLike;
  now: () => number;
}): Pruner {
  let queue: Promise<unknown> = Promise.resolve();
  let written = 0;
  async function run(): Promise<Pruned> {
    const caps = storeCapsOf((await deps.local.get(SETTINGS_KEY))[SETTINGS_KEY]);
    const removed: Pruned = {
      history: await deps.store.pruneHistory(caps.maxHistoryRows),
      captures: await deps.store.pruneCaptures(caps.maxStoredCaptures),
    };
    if (removed.history + removed.captures > 0) {
      const report: PruneReport = { at: deps.now(), ...removed };
      await deps.local.set({ [PRUNE_REPORT_KEY]: report });
    }
    return removed;
  }
  function prune(): Promise<Pruned> {
    const next = queue.then(run);
    queue = next.catch(() => undefined);
    return next;
  }
  return {
    prune,
    wrote(rows) {
      written += rows;
      if (written < PRUNE_EVERY_ROWS) return;
      written = 0;
      prune().catch((error: unknown) => console.error('CME DevTools: pruning failed', error));
    },
  };
}
