import { describe, expect, it } from 'vitest';
import type { RpcClient } from '../../../lib/protocol';
import type { StorageAreaLike } from '../../../lib/settings/settings';
import { createStorageStore, readPruneReport } from '../../../lib/ui/options/storage';

const counts = { tickets: 2, history: 100, captures: 1000, environments: 1 };

function fakeRpc(answers: Record<string, unknown>): { rpc: RpcClient; asked: string[] } {
  const asked: string[] = [];
  const rpc = {
    request: async (method: string) => {
      asked.push(method);
      if (!(method in answers)) throw new Error(`unexpected ${method}`);
      return answers[method];
    },
  } as unknown as RpcClient;
  return { rpc, asked };
}

function local(stored: Record<string, unknown>): StorageAreaLike {
  return {
    get: async (key) => (String(key) in stored ? { [String(key)]: stored[String(key)] } : {}),
    set: async (items) => void Object.assign(stored, items),
  };
}

describe('the options page’s storage store', () => {
  it('reads rows, the bytes estimate and the last prune report', async () => {
    const { rpc } = fakeRpc({ 'data.counts': counts });
    const store = createStorageStore({
      rpc,
      local: local({ pruneReport: { at: 5, history: 3, captures: 0 } }),
      estimate: async () => ({ usage: 2_400_000, quota: 1e9 }),
    });
    await store.refresh();
    expect(store.counts.value).toEqual(counts);
    expect(store.usage.value).toBe(2_400_000);
    expect(store.report.value).toEqual({ at: 5, history: 3, captures: 0 });
    expect(store.removed.value).toBeNull();
  });

  it('shows no bytes where the browser gives no estimate, or the estimate fails', async () => {
    const { rpc } = fakeRpc({ 'data.counts': counts });
    const none = createStorageStore({ rpc, local: local({}) });
    await none.refresh();
    expect(none.usage.value).toBeNull();
    const failing = createStorageStore({
      rpc,
      local: local({}),
      estimate: () => Promise.reject(new Error('no')),
    });
    await failing.refresh();
    expect(failing.usage.value).toBeNull();
    expect(failing.counts.value).toEqual(counts);
  });

  it('prunes through the worker and keeps what it removed and the counts after', async () => {
    const { rpc, asked } = fakeRpc({ 'data.prune': { removed: { history: 1204, captures: 0 }, counts } });
    const store = createStorageStore({ rpc, local: local({}) });
    await store.prune();
    expect(asked).toEqual(['data.prune']);
    expect(store.removed.value).toEqual({ history: 1204, captures: 0 });
    expect(store.counts.value).toEqual(counts);
  });

  it('says a failed prune instead of throwing', async () => {
    const { rpc } = fakeRpc({});
    const store = createStorageStore({ rpc, local: local({}) });
    await store.prune();
    expect(store.error.value).toContain('data.prune');
    expect(store.removed.value).toBeNull();
  });
});

describe('readPruneReport', () => {
  it.each([
    [undefined],
    ['text'],
    [{ at: 1, history: -1, captures: 0 }],
    [{ at: 1, history: 2 }],
    [{ at: 'now', history: 2, captures: 0 }],
    [{ at: 1, history: 1.5, captures: 0 }],
  ])('refuses a hand-edited or broken report %j', (value) => {
    expect(readPruneReport(value)).toBeNull();
  });

  it('keeps only the fields it knows', () => {
    expect(readPruneReport({ at: 1, history: 2, captures: 3, extra: '<b>' })).toEqual({
      at: 1,
      history: 2,
      captures: 3,
    });
  });
});
