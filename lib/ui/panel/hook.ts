/**
 * The read-only hook `window.__cmePanel = { count(), rows() }`, for e2e tests and the benchmark to read
 * what the panel lists. It ships in every panel, so it holds nothing secret: each row is a summary with
 * its ticket masked, its URL without query or fragment (where tickets and signatures travel), and
 * without the server's messages (a message may echo a ticket). Nothing can be changed through it. Only
 * the tiny masks are imported: the masking core stays out of the panel's first paint.
 */
import type { TraceStep } from '../../capture/capture-trace';
import { maskTicket } from '../../cme/mask';
import type { PanelRow } from './rows';

/** A row as the hook gives it: what identifies the call, its outcome and its identity, secrets masked. */
export type HookRow = Pick<
  PanelRow,
  | 'id'
  | 'seq'
  | 'startedAt'
  | 'kind'
  | 'method'
  | 'actionClass'
  | 'action'
  | 'code'
  | 'ok'
  | 'httpStatus'
  | 'durationMs'
  | 'platform'
  | 'userId'
  | 'url'
  | 'ticket'
>;

/** The hook's shape. */
export interface PanelHook {
  count(): number;
  rows(): HookRow[];
  /** Whether the stored log is listed and capture listens (what a test waits for before the page calls). */
  capturing(): boolean;
  /** The capture's latest steps (events, body reads, navigations; no query strings), to diagnose a loss. */
  trace(): TraceStep[];
  /** The last text the row menu copied (always masked: snippets, support text, a RequestId), or null. */
  lastCopied(): string | null;
}

/** The summary of a row the hook gives: listed fields only (a field added to rows stays out), masked. */
export function hookRow(row: PanelRow): HookRow {
  const { id, seq, startedAt, kind, method, actionClass, action, code, ok, httpStatus, durationMs } = row;
  const base = row.url.split(/[?#]/, 1)[0]!;
  return {
    id,
    seq,
    startedAt,
    kind,
    method,
    actionClass,
    action,
    code,
    ok,
    httpStatus,
    durationMs,
    platform: row.platform,
    userId: row.userId,
    // No query or fragment; the row's own ticket masked wherever else it is (a proxy's path may carry it).
    url: row.ticket ? base.split(row.ticket).join(maskTicket(row.ticket)) : base,
    ticket: row.ticket === null ? null : maskTicket(row.ticket),
  };
}

/** Installs the hook on `target` (the panel's window). */
export function installPanelHook(
  target: object,
  panel: { rows: { peek(): readonly PanelRow[] } },
  capturing: () => boolean = () => true,
  trace: () => TraceStep[] = () => [],
  lastCopied: () => string | null = () => null,
): PanelHook {
  const hook: PanelHook = Object.freeze({
    count: () => panel.rows.peek().length,
    rows: () => panel.rows.peek().map(hookRow),
    capturing,
    trace,
    lastCopied,
  });
  Object.defineProperty(target, '__cmePanel', {
    value: hook,
    configurable: true,
    enumerable: false,
    writable: false,
  });
  return hook;
}
