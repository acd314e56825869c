/**
 * Calls a DevTools API in whichever style the browser offers: Chrome's trailing callback, Firefox's
 * promise, or the polyfill's promise (which refuses an extra callback argument).
 */

/** A DevTools event (`onRequestFinished`, `onNavigated`, `onThemeChanged`). */
export interface DevtoolsEvent<L> {
  addListener(listener: L): void;
  removeListener(listener: L): void;
}

/** A function of a DevTools API object, called through `callDevtools`. */
export type DevtoolsFunction = (...args: unknown[]) => unknown;

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function'
  );
}

/** A call waiting for its answer: when it gives up, and how. */
interface Waiting {
  deadline: number;
  expire(): void;
}

/** The timer functions the deadlines run on (the window's; injected for tests). */
export interface DeadlineHost {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(timer: unknown): void;
}

/**
 * Deadlines of calls in flight, on one timer armed for the earliest: a timer per call cost Firefox ~0.1 ms
 * of the panel's main thread for each body read (a third of the read's cost there), 1 s at 10,000 calls.
 */
export function createDeadlines(host: DeadlineHost) {
  const waiting = new Set<Waiting>();
  let timer: unknown = null;
  let armedAt = Infinity;

  function arm(): void {
    let earliest = Infinity;
    for (const w of waiting) if (w.deadline < earliest) earliest = w.deadline;
    if (earliest >= armedAt) return;
    if (timer !== null) host.clearTimeout(timer);
    armedAt = earliest;
    timer = earliest === Infinity ? null : host.setTimeout(fire, Math.max(0, earliest - host.now()));
  }

  function fire(): void {
    timer = null;
    armedAt = Infinity;
    const now = host.now();
    for (const w of waiting) {
      if (w.deadline <= now) {
        waiting.delete(w);
        w.expire();
      }
    }
    arm();
  }

  return {
    /** Calls `expire` after `ms` unless the returned function (the answer came) is called first. */
    add(ms: number, expire: () => void): () => void {
      const w: Waiting = { deadline: host.now() + ms, expire };
      waiting.add(w);
      if (w.deadline < armedAt) arm();
      return () => {
        waiting.delete(w);
        // Nothing left to wait for: no timer stays armed (a panel at rest keeps none).
        if (waiting.size === 0 && timer !== null) {
          host.clearTimeout(timer);
          timer = null;
          armedAt = Infinity;
        }
      };
    },
    /** Calls waiting (for tests). */
    size: () => waiting.size,
  };
}

const deadlines = createDeadlines({
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (timer) => clearTimeout(timer as ReturnType<typeof setTimeout>),
});

/**
 * Calls `fn(...args)` and resolves with what its callback received, as an array: Chrome calls the
 * callback with several arguments; a promise resolving to an array is taken as those arguments.
 * Resolves `[]` after `timeoutMs` (DevTools sometimes never answers, e.g. for an evicted body).
 */
export function callDevtools(
  fn: DevtoolsFunction,
  args: unknown[] = [],
  timeoutMs = 10_000,
): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const answered = deadlines.add(timeoutMs, () => done([]));
    function done(values: unknown[]): void {
      if (settled) return;
      settled = true;
      answered();
      resolve(values);
    }
    function fail(error: unknown): void {
      if (settled) return;
      settled = true;
      answered();
      reject(error instanceof Error ? error : new Error(String(error)));
    }
    let returned: unknown;
    try {
      returned = fn(...args, (...values: unknown[]) => done(values));
    } catch {
      // The polyfill throws on an argument count it does not expect: call again without a callback.
      try {
        returned = fn(...args);
      } catch (error) {
        fail(error);
        return;
      }
    }
    if (isThenable(returned)) {
      returned.then((value) => done(Array.isArray(value) ? value : [value]), fail);
    }
  });
}
