import { describe, expect, it } from 'vitest';
import type { CmeStore, HistoryFinish, HistoryStart } from '../../lib/store';
import { makeStore } from './fixtures';

/** One history row by id, as listed. */
async function historyRow(store: CmeStore, id: string) {
  return (await store.listHistory()).find((r) => r.id === id);
}

/** One finished call written alone. */
async function completeHistory(store: CmeStore, row: HistoryStart, result: HistoryFinish) {
  return (await store.completeHistories([{ row, result }]))[0]!;
}

function callStart(overrides: Partial<HistoryStart> = {}): HistoryStart {
  return {
    ticketId: 't1',
    environment: 'tencent',
    actionClass: 'Project',
    action: 'DescribeProjects',
    url: 'https://web-paas-api.cme.qcloud.com/Project/DescribeProjects?auth=tf_FAKE',
    requestBody: '{"Limit":10}',
    ...overrides,
  };
}

describe('history', () => {
  it('writes a pending row, then finishes it with the answer', async () => {
    const { store, clock } = makeStore();
    const id = await store.startHistory(callStart({ id: 'h1' }));
    expect(await historyRow(store, id)).toMatchObject({
      status: 'pending',
      kind: 'api',
      method: 'POST',
      startedAt: clock.now,
      durationMs: null,
      replayOf: null,
    });
    const done = await completeHistory(store, callStart({ id }), {
      durationMs: 120,
      httpStatus: 200,
      code: 'InvalidParameter',
      message: '参数错误',
      englishMessage: 'Invalid parameter',
      requestId: 'req-1',
      responseText: '{"Code":"InvalidParameter"}',
    });
    expect(done).toMatchObject({
      status: 'done',
      durationMs: 120,
      httpStatus: 200,
      code: 'InvalidParameter',
      requestId: 'req-1',
      responseTruncated: false,
      error: null,
    });
    expect(await historyRow(store, id)).toEqual(done);
  });

  it('records a login (no action class) as GET and a failed call with its error', async () => {
    const { store } = makeStore();
    const login = callStart({
      id: 'h1',
      actionClass: null,
      action: 'Login',
      ticketId: null,
      replayOf: { kind: 'history', id: 'h0' },
    });
    await store.startHistory(login);
    const failed = await completeHistory(store, login, {
      durationMs: 30000,
      error: 'Timed out after 30000 ms',
    });
    expect(failed).toMatchObject({
      kind: 'login',
      method: 'GET',
      status: 'failed',
      httpStatus: null,
      error: 'Timed out after 30000 ms',
      replayOf: { kind: 'history', id: 'h0' },
    });
  });

  it('writes a whole call at once, replacing its pending row, under the id the caller chose', async () => {
    const { store } = makeStore();
    const fast = await completeHistory(store, callStart({ id: 'call-1', startedAt: 5 }), {
      durationMs: 12,
      httpStatus: 200,
      code: 'Success',
      responseText: '{"Code":"Success"}',
    });
    expect(fast).toMatchObject({ id: 'call-1', status: 'done', startedAt: 5, durationMs: 12, kind: 'api' });
    await store.startHistory(callStart({ id: 'call-2', startedAt: 6 }));
    expect((await store.listHistory()).map((r) => [r.id, r.status])).toEqual([
      ['call-2', 'pending'],
      ['call-1', 'done'],
    ]);
    await completeHistory(store, callStart({ id: 'call-2', startedAt: 6 }), {
      durationMs: 900,
      error: 'Timed out after 900 ms',
    });
    const rows = await store.listHistory();
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ id: 'call-2', status: 'failed', error: 'Timed out after 900 ms' });
    await expect(store.startHistory(callStart({ id: 'call-1' }))).rejects.toThrow();
    await expect(completeHistory(store, callStart({ id: '' }), { durationMs: 1 })).rejects.toThrow(/"id"/);
    expect(await store.listHistory()).toHaveLength(2);
  });

  it('caps the stored answer text', async () => {
    const { store } = makeStore({ limits: { responseTextChars: 10 } });
    const row = await completeHistory(store, callStart(), {
      durationMs: 1,
      httpStatus: 200,
      responseText: 'x'.repeat(25),
    });
    expect(row).toMatchObject({ responseText: 'x'.repeat(10), responseTruncated: true });
  });

  it.each<[string, Partial<HistoryStart> | Record<string, unknown>, RegExp]>([
    ['no environment', { environment: '' }, /"environment"/],
    ['no action', { action: undefined }, /"action"/],
    ['no url', { url: '' }, /"url"/],
    ['a body object', { requestBody: { Limit: 1 } }, /"requestBody" must be a string/],
    ['a bad replay origin', { replayOf: { kind: 'capture', id: 'x' } }, /"replayOf"/],
  ])('refuses a start with %s and writes nothing', async (_, override, message) => {
    const { store } = makeStore();
    await expect(store.startHistory({ ...callStart(), ...override } as HistoryStart)).rejects.toThrow(
      message,
    );
    expect(await store.listHistory()).toEqual([]);
  });

  it('refuses a finish without durationMs and leaves the row pending', async () => {
    const { store } = makeStore();
    const id = await store.startHistory(callStart({ id: 'h1' }));
    await expect(completeHistory(store, callStart({ id }), { httpStatus: 200 } as never)).rejects.toThrow(
      /"durationMs"/,
    );
    expect((await historyRow(store, id))?.status).toBe('pending');
  });

  it('fails every pending row after a worker restart, leaving finished ones alone', async () => {
    const { store } = makeStore();
    const a = await store.startHistory(callStart());
    const b = await store.startHistory(callStart({ id: 'b' }));
    const c = await store.startHistory(callStart());
    await completeHistory(store, callStart({ id: b }), { durationMs: 5, httpStatus: 200 });
    const reason = 'Worker stopped while the call was in flight';
    expect(await store.failPendingHistory(reason)).toBe(2);
    expect(await historyRow(store, a)).toMatchObject({ status: 'failed', error: reason });
    expect(await historyRow(store, c)).toMatchObject({ status: 'failed', error: reason });
    expect(await historyRow(store, b)).toMatchObject({ status: 'done', error: null });
    expect(await store.failPendingHistory(reason)).toBe(0);
  });

  it('lists newest first with a limit, by ticket, and clears', async () => {
    const { store, clock } = makeStore();
    for (let i = 0; i < 5; i += 1) {
      clock.now += 1000;
      await store.startHistory(callStart({ action: `A${i}`, ticketId: i % 2 ? 't2' : 't1' }));
    }
    expect((await store.listHistory({ limit: 3 })).map((h) => h.action)).toEqual(['A4', 'A3', 'A2']);
    expect((await store.listHistory({ ticketId: 't2' })).map((h) => h.action)).toEqual(['A3', 'A1']);
    await expect(store.listHistory({ limit: 0 })).rejects.toThrow(/"limit"/);
    expect(await store.clearHistory()).toBe(5);
    expect(await store.listHistory()).toEqual([]);
  });
});

describe('completeHistories', () => {
  it('writes several calls in one go, and refuses the whole batch when one row is bad', async () => {
    const { store } = makeStore();
    const rows = await store.completeHistories([
      { row: callStart({ id: 'b1', startedAt: 1 }), result: { durationMs: 1, httpStatus: 200 } },
      { row: callStart({ id: 'b2', startedAt: 2 }), result: { durationMs: 2, error: 'Timed out' } },
    ]);
    expect(rows.map((r) => [r.id, r.status])).toEqual([
      ['b1', 'done'],
      ['b2', 'failed'],
    ]);
    await expect(
      store.completeHistories([
        { row: callStart({ id: 'b3' }), result: { durationMs: 1 } },
        { row: callStart({ id: 'b4' }), result: { durationMs: Number.NaN } },
      ]),
    ).rejects.toThrow(/"durationMs"/);
    expect((await store.listHistory()).map((r) => r.id).sort()).toEqual(['b1', 'b2']);
  });
});
