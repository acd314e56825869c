/**
 * History of the calls the extension made: whole rows written when calls end, in batches
 * (`completeHistories`), after a 'pending' one (`startHistory`) for a call that ran long enough (see
 * lib/background/record.ts and write-behind.ts).
 */
import { cap, optionalNumber, optionalText, requireNumber, requireOneOf, requireText } from './checks';
import { LOG_WRITE, type StoreContext } from './context';
import type { HistoryRecord, ReplayOrigin } from './schema';

/** What is known when a call starts. */
export interface HistoryStart {
  /** The row's id when the caller chose it (to name the call before it is written); a new one otherwise. */
  id?: string;
  ticketId: string | null;
  environment: string;
  /** Defaults to 'api' when actionClass is set, else 'login'. */
  kind?: 'login' | 'api';
  actionClass: string | null;
  action: string;
  /** Defaults to POST for an api call, GET for a login. */
  method?: string;
  url: string;
  requestBody?: string;
  /** Defaults to now. */
  startedAt?: number;
  replayOf?: ReplayOrigin | null;
}

/** What is known when a call ends. A non-null `error` (no answer) makes the row 'failed'. */
export interface HistoryFinish {
  durationMs: number;
  httpStatus?: number | null;
  code?: string | null;
  message?: string | null;
  englishMessage?: string | null;
  requestId?: string | null;
  responseText?: string | null;
  error?: string | null;
}

/** Options of `listHistory`. */
export interface HistoryQuery {
  /** At most this many rows, newest first (default 100). */
  limit?: number;
  /** Only the calls made with this ticket. */
  ticketId?: string;
}

function checkReplayOrigin(value: unknown): ReplayOrigin | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'object' && 'kind' in value && 'id' in value) {
    const { kind, id } = value;
    if (kind === 'capture' && (id === null || (typeof id === 'number' && Number.isInteger(id)))) {
      return { kind, id };
    }
    if (kind === 'history' && typeof id === 'string' && id !== '') return { kind, id };
  }
  throw new Error(
    'CME DevTools store: "replayOf" must be { kind: "capture", id } or { kind: "history", id }.',
  );
}

function buildPending(row: HistoryStart, ctx: StoreContext): HistoryRecord {
  if (typeof row !== 'object' || row === null) {
    throw new Error('CME DevTools store: a history row is required.');
  }
  const actionClass = optionalText(row.actionClass, 'actionClass');
  const kind =
    row.kind === undefined
      ? actionClass
        ? 'api'
        : 'login'
      : requireOneOf(row.kind, ['login', 'api'], 'kind');
  const requestBody = row.requestBody ?? '';
  if (typeof requestBody !== 'string') throw new Error('CME DevTools store: "requestBody" must be a string.');
  return {
    id: row.id === undefined ? ctx.randomId() : requireText(row.id, 'id'),
    ticketId: optionalText(row.ticketId, 'ticketId'),
    environment: requireText(row.environment, 'environment'),
    kind,
    actionClass,
    action: requireText(row.action, 'action'),
    method: row.method === undefined ? (kind === 'api' ? 'POST' : 'GET') : requireText(row.method, 'method'),
    url: requireText(row.url, 'url'),
    requestBody,
    startedAt: row.startedAt === undefined ? ctx.now() : requireNumber(row.startedAt, 'startedAt'),
    durationMs: null,
    status: 'pending',
    httpStatus: null,
    code: null,
    message: null,
    englishMessage: null,
    requestId: null,
    responseText: null,
    responseTruncated: false,
    error: null,
    replayOf: checkReplayOrigin(row.replayOf),
  };
}

function buildFinish(result: HistoryFinish, limit: number): Partial<HistoryRecord> {
  const error = optionalText(result.error, 'error');
  const response = optionalText(result.responseText, 'responseText');
  const capped = response === null ? null : cap(response, limit);
  return {
    durationMs: requireNumber(result.durationMs, 'durationMs'),
    status: error === null ? 'done' : 'failed',
    httpStatus: optionalNumber(result.httpStatus, 'httpStatus'),
    code: optionalText(result.code, 'code'),
    message: optionalText(result.message, 'message'),
    englishMessage: optionalText(result.englishMessage, 'englishMessage'),
    requestId: optionalText(result.requestId, 'requestId'),
    responseText: capped?.text ?? null,
    responseTruncated: capped?.truncated ?? false,
    error,
  };
}

/** The history functions of the store. */
export function createHistoryFunctions(ctx: StoreContext) {
  /**
   * Write whole calls, start and end, all in one transaction (every row is checked first); each replaces
   * a pending row of the same id (a call that was in flight long enough to be written pending first).
   */
  async function completeHistories(
    calls: readonly { row: HistoryStart; result: HistoryFinish }[],
  ): Promise<HistoryRecord[]> {
    const records = calls.map(({ row, result }) => {
      if (typeof result !== 'object' || result === null) {
        throw new Error('CME DevTools store: a result is required.');
      }
      return { ...buildPending(row, ctx), ...buildFinish(result, ctx.limits.responseTextChars) };
    });
    const db = await ctx.db();
    const tx = db.transaction('history', 'readwrite', LOG_WRITE);
    await Promise.all([...records.map((r) => tx.store.put(r)), tx.done]);
    return records;
  }

  return {
    /** Write a 'pending' row for a call about to start; returns its id. */
    async startHistory(row: HistoryStart): Promise<string> {
      const record = buildPending(row, ctx);
      const db = await ctx.db();
      const tx = db.transaction('history', 'readwrite', LOG_WRITE);
      await Promise.all([tx.store.add(record), tx.done]);
      return record.id;
    },

    completeHistories,

    /** Mark every 'pending' row failed with `reason` (a worker woke after being stopped mid-call). */
    async failPendingHistory(reason: string): Promise<number> {
      const error = requireText(reason, 'reason');
      const db = await ctx.db();
      const tx = db.transaction('history', 'readwrite');
      let failed = 0;
      let cursor = await tx.store.index('by-status').openCursor('pending');
      while (cursor) {
        await cursor.update({ ...cursor.value, status: 'failed', error });
        failed += 1;
        cursor = await cursor.continue();
      }
      await tx.done;
      return failed;
    },

    /** The newest rows first. */
    async listHistory(query: HistoryQuery = {}): Promise<HistoryRecord[]> {
      const limit = query.limit ?? 100;
      if (!Number.isInteger(limit) || limit < 1) {
        throw new Error('CME DevTools store: "limit" must be a positive integer.');
      }
      const db = await ctx.db();
      if (query.ticketId !== undefined) {
        const ticketId = requireText(query.ticketId, 'ticketId');
        const rows = await db.transaction('history').store.index('by-ticketId').getAll(ticketId);
        return rows.sort((a, b) => b.startedAt - a.startedAt).slice(0, limit);
      }
      const rows: HistoryRecord[] = [];
      const tx = db.transaction('history', 'readonly');
      let cursor = await tx.store.index('by-startedAt').openCursor(null, 'prev');
      while (cursor && rows.length < limit) {
        rows.push(cursor.value);
        cursor = await cursor.continue();
      }
      await tx.done;
      return rows;
    },

    /** Delete every history row; returns how many there were. */
    async clearHistory(): Promise<number> {
      const db = await ctx.db();
      const tx = db.transaction('history', 'readwrite');
      const count = await tx.store.count();
      await Promise.all([tx.store.clear(), tx.done]);
      return count;
    },
  };
}

/** The history part of the store's API. */
export type HistoryFunctions = ReturnType<typeof createHistoryFunctions>;
