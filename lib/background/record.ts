/**
 * History of the background's own calls, kept off the call's path: the finished row is noted once, after
 * the answer, and written with others behind the calls (write-behind.ts); a pending row is written first
 * only when the call is still in flight after `PENDING_AFTER_MS`, so a worker stopped under a slow call
 * leaves a row the next start marks failed. A call that was in flight for less than that and whose worker
 * died with it leaves no row.
 */
import type { HistoryFinish, HistoryStart } from '../store';
import type { BackgroundDeps } from './deps';
import { REAL_TIMERS, type Timers } from './timers';

/** How long a call runs before its pending row is written. */
export const PENDING_AFTER_MS = 100;

/** One call being recorded. */
export interface CallRecord {
  /** The history row's id (known before anything is written). */
  id: string;
  /**
   * Note the finished row for the history log (resolves once noted, when the row is known; the log
   * writes it soon, and before any request of the store). Never throws: failures are logged.
   */
  finish(result: HistoryFinish): Promise<void>;
}

function logFailure(error: unknown): void {
  console.error('CME DevTools: recording a call failed', error);
}

/** Start recording a call; `row` may still be being worked out (e.g. the ticket looked up meanwhile). */
export function startRecord(
  deps: Pick<BackgroundDeps, 'store' | 'now' | 'logs'>,
  row: HistoryStart | Promise<HistoryStart>,
  timers: Timers = REAL_TIMERS,
): CallRecord {
  const id = globalThis.crypto.randomUUID();
  const startedAt = deps.now();
  const full = Promise.resolve(row).then((r) => ({ ...r, id, startedAt }));
  full.catch(() => {}); // reported by finish()
  let finished = false;
  const timer = timers.setTimeout(() => {
    void full.then((r) => (finished ? undefined : deps.store.startHistory(r))).catch(logFailure);
  }, PENDING_AFTER_MS);
  return {
    id,
    finish(result) {
      finished = true;
      timers.clearTimeout(timer);
      return full.then((r) => deps.logs.history.note(id, { row: r, result }), logFailure);
    },
  };
}
