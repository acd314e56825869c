import { IDBDatabase } from 'fake-indexeddb';
import { describe, expect, it, vi } from 'vitest';
import type { CaptureInput } from '../../lib/store';
import { captureInput, makeStore, rawCall } from './fixtures';

function many(count: number, from = 1): CaptureInput[] {
  return Array.from({ length: count }, (_, i) =>
    captureInput({ seq: from + i, action: `Action${from + i}` }),
  );
}

describe('capture log', () => {
  it('adds calls and lists light summaries in sequence order, bodies apart', async () => {
    const { store } = makeStore();
    const ids = await store.addCaptures(7, [
      captureInput({ seq: 2, action: 'Second' }),
      captureInput({ seq: 1, action: 'First', code: 'InvalidParameter', ok: false, searchText: 'Bad Limit' }),
    ]);
    expect(ids).toHaveLength(2);
    const rows = await store.listCaptureSummaries(7);
    expect(rows.map((r) => r.action)).toEqual(['First', 'Second']);
    expect(rows[0]).toMatchObject({
      id: ids[1],
      tabId: 7,
      seq: 1,
      kind: 'api',
      method: 'POST',
      httpStatus: 200,
      durationMs: 42,
      startedAt: 1_700_000_000_000,
      ok: false,
      ticket: 'tf_FAKE_TICKET_0001',
    });
    expect(rows[0]).not.toHaveProperty('raw');
    expect(rows[0]?.text).toContain('invalidparameter');
    expect(rows[0]?.text).toContain('bad limit');
    expect(rows[0]?.text).toContain('/project/describeprojects');
    expect(await store.getCaptureBody(ids[0] ?? -1)).toEqual(rawCall());
    expect(await store.getCaptureBody(999)).toBeUndefined();
  });

  it("keeps a row's marks, bounded to a few short names, and refuses a severity it does not know", async () => {
    const { store } = makeStore();
    const names = Array.from({ length: 10 }, (_, i) => ({
      param: `p${i}${'x'.repeat(200)}`,
      suggestion: 'P',
    }));
    await store.addCaptures(1, [
      captureInput({ seq: 1, unknownParams: { count: 10, names }, loginDiagnosis: 'error' }),
      captureInput({ seq: 2 }),
    ]);
    const [marked, plain] = await store.listCaptureSummaries(1);
    expect(marked?.loginDiagnosis).toBe('error');
    expect(marked?.unknownParams?.count).toBe(10);
    expect(marked?.unknownParams?.names).toHaveLength(3);
    expect(marked?.unknownParams?.names[0]?.param).toHaveLength(80);
    expect(plain).not.toHaveProperty('unknownParams');
    expect(plain).not.toHaveProperty('loginDiagnosis');
    await expect(store.addCaptures(1, [captureInput({ loginDiagnosis: 'fatal' as never })])).rejects.toThrow(
      'captures[0].loginDiagnosis must be error, warning or info',
    );
    expect(await store.listCaptureSummaries(1)).toHaveLength(2);
  });

  it('numbers calls without seq after the tab’s last one, per tab', async () => {
    const { store } = makeStore();
    await store.addCaptures(1, [captureInput({ seq: 10 })]);
    await store.addCaptures(2, [captureInput({ seq: 50 })]);
    await store.addCaptures(1, [captureInput(), captureInput()]);
    await store.addCaptures(3, [captureInput()]);
    expect((await store.listCaptureSummaries(1)).map((r) => r.seq)).toEqual([10, 11, 12]);
    expect((await store.listCaptureSummaries(3)).map((r) => r.seq)).toEqual([1]);
  });

  it('cuts bodies longer than the limit and marks them truncated', async () => {
    const { store } = makeStore({ limits: { captureBodyChars: 5 } });
    const [id] = await store.addCaptures(1, [captureInput()]);
    const raw = await store.getCaptureBody(id ?? -1);
    expect(raw?.request.body).toMatchObject({ text: '{"Lim', truncated: true });
    expect(raw?.response?.body).toMatchObject({ text: '{"Cod', truncated: true });
  });

  it('keeps what the browser gave of a call (versions, cookies, timings, page, initiator), bodies cut or not', async () => {
    const { store } = makeStore({ limits: { captureBodyChars: 5 } });
    const base = rawCall();
    const raw = rawCall({
      request: { ...base.request, httpVersion: 'h3', cookies: [{ name: 'a', value: 'b' }], headersSize: 10 },
      response: { ...base.response!, httpVersion: 'h3', cookies: [], redirectURL: '', error: 'net::X' },
      timings: { blocked: -1, send: 1, wait: 2, receive: 3 },
      serverIPAddress: '127.0.0.1',
      connection: '7',
      pageref: 'page_1',
      page: {
        startedDateTime: '2023-11-14T22:13:20.000Z',
        id: 'page_1',
        title: 'http://127.0.0.1/',
        pageTimings: {},
      },
      initiator: { type: 'script', stack: { callFrames: [{ url: 'http://127.0.0.1/a.js', lineNumber: 4 }] } },
    });
    const [id] = await store.addCaptures(1, [captureInput({ raw })]);
    const stored = await store.getCaptureBody(id ?? -1);
    const { body: _rq, ...request } = raw.request;
    const { body: _rs, ...response } = raw.response!;
    expect(stored).toMatchObject({ ...raw, request, response });
  });

  it('writes nothing when one item of a batch is invalid', async () => {
    const { store } = makeStore();
    const bad = { ...captureInput(), raw: { request: { url: 'x' } } } as unknown as CaptureInput;
    await expect(store.addCaptures(1, [captureInput(), bad])).rejects.toThrow(
      /captures\[1\]\.raw must be a RawCall/,
    );
    await expect(store.addCaptures(1, [captureInput({ kind: 'graphql' as never })])).rejects.toThrow(/kind/);
    await expect(store.addCaptures(1.5, [captureInput()])).rejects.toThrow(/"tabId"/);
    expect(await store.countCaptures(1)).toBe(0);
  });

  it('counts, trims to the newest and clears per tab', async () => {
    const { store } = makeStore();
    await store.addCaptures(1, many(10));
    await store.addCaptures(2, many(3));
    expect(await store.countCaptures(1)).toBe(10);
    expect(await store.trimCaptures(1, 4)).toBe(6);
    const kept = await store.listCaptureSummaries(1);
    expect(kept.map((r) => r.seq)).toEqual([7, 8, 9, 10]);
    expect(await store.getCaptureBody(kept[0]?.id ?? -1)).toBeDefined();
    expect(await store.trimCaptures(1, 4)).toBe(0);
    expect(await store.clearCaptures(1)).toBe(4);
    expect(await store.countCaptures(1)).toBe(0);
    expect(await store.getCaptureBody(kept[0]?.id ?? -1)).toBeUndefined();
    expect(await store.countCaptures(2)).toBe(3);
    expect((await store.counts()).captures).toBe(3);
  });

  it('writes 10,000 calls in one transaction and lists them without bodies', async () => {
    const { store } = makeStore();
    await store.countCaptures(9); // opens the database (its upgrade has transactions of its own)
    const transaction = vi.spyOn(IDBDatabase.prototype, 'transaction');
    const ids = await store.addCaptures(9, many(10_000));
    expect(transaction.mock.calls.map(([names, mode]) => [names, mode])).toEqual([
      [['captures', 'captureBodies'], 'readwrite'],
    ]);
    transaction.mockRestore();
    expect(ids).toHaveLength(10_000);
    expect(new Set(ids).size).toBe(10_000);
    expect(await store.countCaptures(9)).toBe(10_000);
    const rows = await store.listCaptureSummaries(9);
    expect(rows.at(-1)?.seq).toBe(10_000);
    expect(rows.some((r) => 'raw' in r)).toBe(false);
  }, 30_000);
});
