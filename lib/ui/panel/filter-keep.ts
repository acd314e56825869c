/**
 * The filter query kept per inspected tab in `storage.session`, so a panel closed and opened again on the
 * same tab (a new panel document) shows the same filter. `storage.session` fits: it lives as long as the
 * browser session, as tab ids do (a tab id of yesterday may be another tab today), and the panel writes
 * it directly (Chrome MV3 extension pages; Firefox 115+, MV2 too). Where it is missing or fails, nothing
 * is kept and the panel starts unfiltered.
 */
import { effect, type ReadonlySignal } from '@preact/signals';

/** The parts of `storage.session` used. */
export interface SessionAreaLike {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove?(key: string): Promise<void>;
}

/** The longest query kept (characters). */
export const KEPT_QUERY_CHARS = 4000;
const WRITE_DELAY_MS = 250;

/** The storage key of a tab's query. */
export function keptQueryKey(tabId: number): string {
  return `cme-devtools.filter.${tabId}`;
}

/** A tab's kept query; '' when none, or when storage is missing or fails. */
export async function readKeptQuery(area: SessionAreaLike | undefined, tabId: number): Promise<string> {
  if (!area || tabId < 0) return '';
  try {
    const key = keptQueryKey(tabId);
    const value = (await area.get(key))[key];
    return typeof value === 'string' ? value.slice(0, KEPT_QUERY_CHARS) : '';
  } catch {
    return '';
  }
}

/** Timers, injected in tests. */
export interface KeepTimers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const realTimers: KeepTimers = {
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

/**
 * Writes `query` for the tab after each change (once typing pauses); `flush` writes a pending change
 * at once (the page hides), `stop` ends it. A write that fails is dropped: the filter still works.
 */
export function keepQuery(
  query: ReadonlySignal<string>,
  area: SessionAreaLike | undefined,
  tabId: number,
  timers: KeepTimers = realTimers,
): { flush(): void; stop(): void } {
  if (!area || tabId < 0) return { flush() {}, stop() {} };
  const key = keptQueryKey(tabId);
  let pending: string | null = null;
  let handle: unknown = null;
  let first = true;
  const write = (): void => {
    if (handle !== null) timers.clear(handle);
    handle = null;
    if (pending === null) return;
    const value = pending.slice(0, KEPT_QUERY_CHARS);
    pending = null;
    const done = value === '' && area.remove ? area.remove(key) : area.set({ [key]: value });
    void done.catch(() => {});
  };
  const stopEffect = effect(() => {
    const value = query.value;
    // The value the panel starts with was read from storage (or is empty): nothing to write.
    if (first) {
      first = false;
      return;
    }
    pending = value;
    if (handle !== null) timers.clear(handle);
    handle = timers.set(write, WRITE_DELAY_MS);
  });
  return {
    flush: write,
    stop() {
      stopEffect();
      write();
    },
  };
}
