import { describe, expect, it } from 'vitest';
import { createPruner, PRUNE_EVERY_ROWS, PRUNE_REPORT_KEY } from '../../lib/background/prune';
import { SETTINGS_KEY, type StorageAreaLike } from '../../lib/settings/settings';
import type { CmeStore } from '../../lib/store';
import { makeStore } from '../store/fixtures';

async function completeStoreCall(store: CmeStore, i: number): Promise<void> {
  await store.completeHistories([
    {
      row: {
        ticketId: null,
        environment: 'tencent',
        actionClass: null,
        action: 'Login',
        url: 'https://x.test/',
        startedAt: i,
      },
      result: { durationMs: 1 },
    },
  ]);
}

function local(stored: Record<string, unknown>): StorageAreaLike {
  return {
    get: async (key) => (String(key) in stored ? { [String(key)]: stored[String(key)] } : {}),
    set: async (items) => void Object.assign(stored, items),
  };
}

describe('the worker’s pruner', () => {
  it('prunes both stores to the caps stored in the settings and reports what went', async () => {
    const { store } = makeStore();
    for (let i = 0; i < 130; i++) await completeStoreCall(store, i);
    const stored: Record<string, unknown> = { [SETTINGS_KEY]: { version: 2, maxHistoryRows: 100 } };
    const pruner = createPruner({ store, local: local(stored), now: () => 42 });
    expect(await pruner.prune()).toEqual({ history: 30, captures: 0 });
    expect(stored[PRUNE_REPORT_KEY]).toEqual({ at: 42, history: 30, captures: 0 });
    expect((await store.counts()).history).toBe(100);
  });

  it('leaves the last report alone when nothing was removed', async () => {
    const { store } = makeStore();
    const stored: Record<string, unknown> = { [PRUNE_REPORT_KEY]: { at: 1, history: 5, captures: 0 } };
    const pruner = createPruner({ store, local: local(stored), now: () => 42 });
    expect(await pruner.prune()).toEqual({ history: 0, captures: 0 });
    expect(stored[PRUNE_REPORT_KEY]).toEqual({ at: 1, history: 5, captures: 0 });
  });

  it(`checks the cap once every ${PRUNE_EVERY_ROWS} rows written, not on every batch`, async () => {
    const calls: number[] = [];
    const store = {
      pruneHistory: async (max: number) => {
        calls.push(max);
        return 0;
      },
      pruneCaptures: async () => 0,
    };
    const pruner = createPruner({ store, local: local({}), now: () => 0 });
    pruner.wrote(PRUNE_EVERY_ROWS - 1);
    await pruner.prune().then(() => calls.splice(0)); // an explicit prune always runs
    pruner.wrote(1);
    await pruner.prune();
    // The row that reached the threshold ran one prune, then the explicit one.
    expect(calls).toEqual([10_000, 10_000]);
  });
});
