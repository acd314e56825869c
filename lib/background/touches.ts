/**
 * When each ticket was last used, written behind the calls: a call notes its ticket's use in memory, and
 * the noted uses are written together, in one transaction, at most once per `TOUCH_EVERY_MS`. A ticket
 * write per call made the next call wait on IndexedDB (bench replay: 0.5 ms a call); listing tickets
 * writes what is noted first, so the order "most recently used first" stays exact. A worker stopped in
 * between loses only those last-use times.
 */
import type { BackgroundStore } from '../store';
import { REAL_TIMERS, type RecordTimers } from './record';

/** How long noted uses wait to be written together. */
export const TOUCH_EVERY_MS = 1000;

/** The tickets' last uses, noted now and written soon. */
export interface TicketTouches {
  /** Note that ticket `id` was used at `at` (epoch ms). */
  touch(id: string, at: number): void;
  /** Write every noted use now (before reading tickets). Store failures are logged, never thrown. */
  flush(): Promise<void>;
}

/** Coalesce ticket uses over `store`. */
export function createTicketTouches(
  store: Pick<BackgroundStore, 'touchTickets'>,
  timers: RecordTimers = REAL_TIMERS,
): TicketTouches {
  let noted = new Map<string, number>();
  let timer: unknown = null;
  let writing: Promise<void> = Promise.resolve();

  function flush(): Promise<void> {
    if (timer !== null) timers.clearTimeout(timer);
    timer = null;
    if (noted.size > 0) {
      const batch = noted;
      noted = new Map();
      writing = writing
        .then(() => store.touchTickets(batch))
        .then(
          () => undefined,
          (error: unknown) => console.error('CME DevTools: writing ticket uses failed', error),
        );
    }
    return writing;
  }

  return {
    touch(id, at) {
      noted.set(id, Math.max(at, noted.get(id) ?? at));
      timer ??= timers.setTimeout(() => void flush(), TOUCH_EVERY_MS);
    },
    flush,
  };
}
