/**
 * Conversion of version-1 rows to version-2 records. Pure functions: the upgrade runs them on every row.
 *
 * Version 1 (the first released schema) had two stores:
 * - `tickets` (keyPath `id`; indexes `by-user` [platform, userId], `by-authorization`): id, authorization,
 *   platform, userId, appId, tfUid, label, source, savedAt, lastUsedAt — no environment, no status.
 * - `history` (keyPath `id`; index `by-startedAt`): id, ticketId, actionClass, action, url, requestBody,
 *   startedAt, durationMs, status, httpStatus, code, message, englishMessage, requestId, responseText,
 *   error — every call went to Tencent Cloud.
 */
import { TENCENT_ENVIRONMENT_ID, TICKET_SOURCES, type HistoryRecord, type TicketRecord } from './schema';

type Row = Record<string, unknown>;

function isRow(value: unknown): value is Row {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(row: Row, key: string): string | null {
  const value = row[key];
  return typeof value === 'string' ? value : null;
}

function num(row: Row, key: string): number | null {
  const value = row[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** A v2 ticket from a v1 row, or null when the row lacks its id or authorization (the upgrade drops it). */
export function ticketFromV1(value: unknown): TicketRecord | null {
  if (!isRow(value)) return null;
  const id = text(value, 'id');
  const authorization = text(value, 'authorization');
  if (!id || !authorization) return null;
  const source = TICKET_SOURCES.find((s) => s === value.source) ?? 'captured';
  return {
    id,
    authorization,
    platform: text(value, 'platform'),
    userId: text(value, 'userId'),
    appId: num(value, 'appId'),
    tfUid: text(value, 'tfUid'),
    environment: TENCENT_ENVIRONMENT_ID,
    label: text(value, 'label') ?? '',
    source,
    // v1 called it savedAt.
    createdAt: num(value, 'savedAt') ?? num(value, 'createdAt') ?? 0,
    lastUsedAt: num(value, 'lastUsedAt'),
    status: 'active',
    rejectedCode: null,
    rejectedAt: null,
  };
}

const HISTORY_STATUSES: readonly HistoryRecord['status'][] = ['pending', 'done', 'failed'];

/** A v2 history record from a v1 row, or null when the row lacks its id, action or URL. */
export function historyFromV1(value: unknown): HistoryRecord | null {
  if (!isRow(value)) return null;
  const id = text(value, 'id');
  const action = text(value, 'action');
  const url = text(value, 'url');
  if (!id || !action || url === null) return null;
  const actionClass = text(value, 'actionClass');
  const kind = actionClass ? 'api' : 'login';
  return {
    id,
    ticketId: text(value, 'ticketId'),
    environment: TENCENT_ENVIRONMENT_ID,
    kind,
    actionClass,
    action,
    method: kind === 'api' ? 'POST' : 'GET',
    url,
    requestBody: text(value, 'requestBody') ?? '',
    startedAt: num(value, 'startedAt') ?? 0,
    durationMs: num(value, 'durationMs'),
    status: HISTORY_STATUSES.find((s) => s === value.status) ?? 'failed',
    httpStatus: num(value, 'httpStatus'),
    code: text(value, 'code'),
    message: text(value, 'message'),
    englishMessage: text(value, 'englishMessage'),
    requestId: text(value, 'requestId'),
    responseText: text(value, 'responseText'),
    responseTruncated: false,
    error: text(value, 'error'),
    replayOf: null,
  };
}
