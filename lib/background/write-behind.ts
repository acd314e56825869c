/**
 * The worker's log writes, written behind the calls: a call notes what it leaves to write (its history
 * row, its ticket's last use) in memory, and what is noted is written together, in one transaction, a
 * short while later. An IndexedDB write per call made the next call wait (bench replay: each write on the
 * worker's thread slowed the call after it). Every request a page makes of the store first writes what is
 * noted (handlers.ts), so a page never reads behind its own calls. A worker stopped in between loses what
 * was noted in that while (at most `everyMs`; Chromium stops an idle worker after 30 s).
 */
import type { BackgroundStore, HistoryFinish, HistoryStart } from '../store';
import { REAL_TIMERS, type Timers } from './timers';

/** How long a finished call's history row waits to be written with others. */
export const HISTORY_EVERY_MS = 250;
/** How long tickets' last uses wait to be written together. */
export const TOUCH_EVERY_MS = 1000;

/** A queue of writes keyed by what they write (a later note of the same key is merged into it). */
export interface WriteBehind<K, V> {
  /** Note a value to write. */
  note(key: K, value: V): void;
  /** Write everything noted now. Store failures are logged, never thrown. */
  flush(): Promise<void>;
}

/** Options of `writeBehind`. */
export interface WriteBehindOptions<V> {
  /** What is written, for the log line when it fails. */
  what: string;
  /** How long noted values wait to be written together. */
  everyMs: number;
  /** Merge a new note into one of the same key (default: the new one wins). */
  merge?: (noted: V, next: V) => V;
  timers?: Timers;
}

/** A write-behind queue over `write` (one call per batch). */
export function writeBehind<K, V>(
  write: (batch: ReadonlyMap<K, V>) => Promise<unknown>,
  options: WriteBehindOptions<V>,
): WriteBehind<K, V> {
  const timers = options.timers ?? REAL_TIMERS;
  let noted = new Map<K, V>();
  let timer: unknown = null;
  let writing: Promise<void> = Promise.resolve();

  function flush(): Promise<void> {
    if (timer !== null) timers.clearTimeout(timer);
    timer = null;
    if (noted.size > 0) {
      const batch = noted;
      noted = new Map();
      writing = writing
        .then(() => write(batch))
        .then(
          () => undefined,
          (error: unknown) => console.error(`CME DevTools: writing ${options.what} failed`, error),
        );
    }
    return writing;
  }

  return {
    note(key, value) {
      const before = noted.get(key);
      noted.set(key, before === undefined || !options.merge ? value : options.merge(before, value));
      timer ??= timers.setTimeout(() => void flush(), options.everyMs);
    },
    flush,
  };
}

/** A finished call's row, as the store writes it. */
export interface HistoryCall {
  row: HistoryStart;
  result: HistoryFinish;
}

/** The worker's write-behind logs. */
export interface BackgroundLogs {
  /** Finished calls' history rows, by row id. */
  history: WriteBehind<string, HistoryCall>;
  /** Tickets' last uses (epoch ms), by ticket id; the latest is kept. */
  touches: WriteBehind<string, number>;
  /** Write everything noted (before any request of the store). */
  flush(): Promise<void>;
}

/** The worker's logs over its store. */
export function backgroundLogs(
  store: Pick<BackgroundStore, 'completeHistories' | 'touchTickets'>,
  timers?: Timers,
  /** Told how many history rows each batch wrote (the pruner counts them). */
  wroteHistory?: (rows: number) => void,
): BackgroundLogs {
  const writeHistory = async (batch: ReadonlyMap<string, HistoryCall>): Promise<void> => {
    await store.completeHistories([...batch.values()]);
    wroteHistory?.(batch.size);
  };
  const history = writeBehind<string, HistoryCall>(writeHistory, {
    what: 'call history',
    everyMs: HISTORY_EVERY_MS,
    timers,
  });
  const touches = writeBehind<string, number>((batch) => store.touchTickets(batch), {
    what: 'ticket uses',
    everyMs: TOUCH_EVERY_MS,
    merge: Math.max,
    timers,
  });
  return {
    history,
    touches,
    flush: () => Promise.all([history.flush(), touches.flush()]).then(() => undefined),
  };
}
