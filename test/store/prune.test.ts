import { describe, expect, it } from 'vitest';
import type { HistoryStart } from '../../lib/store';
import { captureInput, makeStore } from './fixtures';

function call(id: string, startedAt: number): { row: HistoryStart; result: { durationMs: number } } {
  return {
    row: {
      id,
      ticketId: null,
      environment: 'tencent',
      actionClass: 'Project',
      action: 'DescribeProjects',
      url: 'https://web-paas-api.cme.qcloud.com/PaaS/Project/DescribeProjects',
      startedAt,
    },
    result: { durationMs: 5 },
  };
}

describe('pruneHistory', () => {
  it('removes the oldest rows by start time, whatever order they were written in, and says how many', async () => {
    const { store } = makeStore();
    // Written newest first: the pruning must go by startedAt, not by write order or id.
    await store.completeHistories([5, 1, 4, 2, 3].map((t) => call(`h${t}`, 1000 + t)));
    expect(await store.pruneHistory(2)).toBe(3);
    const left = await store.listHistory({ limit: 10 });
    expect(left.map((r) => r.id)).toEqual(['h5', 'h4']);
  });

  it('removes nothing within the cap, and everything at a cap of 0', async () => {
    const { store } = makeStore();
    await store.completeHistories([1, 2, 3].map((t) => call(`h${t}`, t)));
    expect(await store.pruneHistory(3)).toBe(0);
    expect(await store.pruneHistory(10)).toBe(0);
    expect((await store.counts()).history).toBe(3);
    expect(await store.pruneHistory(0)).toBe(3);
    expect((await store.counts()).history).toBe(0);
  });

  it('refuses a cap that is not a non-negative integer', async () => {
    const { store } = makeStore();
    for (const bad of [-1, 1.5, Number.NaN, '10' as never])
      await expect(store.pruneHistory(bad)).rejects.toThrow(/non-negative integer/);
  });
});

describe('pruneCaptures', () => {
  it('keeps the newest calls across every tab, with their bodies, and says how many went', async () => {
    const { store } = makeStore();
    const a = await store.addCaptures(1, [captureInput(), captureInput(), captureInput()]);
    const b = await store.addCaptures(2, [captureInput(), captureInput()]);
    const c = await store.addCaptures(1, [captureInput()]);
    expect(await store.pruneCaptures(3)).toBe(3);
    // Tab 1's first three were the oldest writes; tab 2 keeps both, tab 1 its newest.
    expect((await store.listCaptureSummaries(1)).map((s) => s.id)).toEqual(c);
    expect((await store.listCaptureSummaries(2)).map((s) => s.id)).toEqual(b);
    for (const id of a) expect(await store.getCaptureBody(id)).toBeUndefined();
    for (const id of [...b, ...c]) expect(await store.getCaptureBody(id)).toBeDefined();
    expect((await store.counts()).captures).toBe(3);
  });

  it('removes nothing within the cap', async () => {
    const { store } = makeStore();
    await store.addCaptures(1, [captureInput(), captureInput()]);
    expect(await store.pruneCaptures(2)).toBe(0);
    expect(await store.countCaptures(1)).toBe(2);
  });

  it('prunes a store of thousands down to its cap in one go', async () => {
    const { store } = makeStore();
    for (let i = 0; i < 5; i++)
      await store.addCaptures(
        i,
        Array.from({ length: 400 }, () => captureInput()),
      );
    expect(await store.pruneCaptures(1000)).toBe(1000);
    expect((await store.counts()).captures).toBe(1000);
    expect(await store.countCaptures(0)).toBe(0);
    expect(await store.countCaptures(2)).toBe(200);
    expect(await store.countCaptures(4)).toBe(400);
  });
});
