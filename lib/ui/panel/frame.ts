/**
 * Frame-batched scheduling for the panel: work queued during a frame runs once, on the next animation
 * frame, or after a short timeout when the panel is hidden (a hidden DevTools panel gets no frames).
 */

/** Runs `fn` soon, at most once per call. */
export type Scheduler = (fn: () => void) => void;

/** The window functions the scheduler uses (injected for tests). */
export interface FrameHost {
  requestAnimationFrame?: (cb: () => void) => unknown;
  setTimeout: (cb: () => void, ms: number) => unknown;
}

/** A scheduler on `requestAnimationFrame`, with a `fallbackMs` timeout for hidden pages. */
export function frameScheduler(
  host: FrameHost = globalThis as unknown as FrameHost,
  fallbackMs = 100,
): Scheduler {
  return (fn) => {
    let ran = false;
    const once = (): void => {
      if (ran) return;
      ran = true;
      fn();
    };
    if (typeof host.requestAnimationFrame === 'function') host.requestAnimationFrame(once);
    host.setTimeout(once, fallbackMs);
  };
}

/** The clock and timer a throttled scheduler uses (injected for tests). */
export interface ThrottleHost {
  now: () => number;
  setTimeout: (cb: () => void, ms: number) => unknown;
}

/**
 * `inner`, but a run starts at least `minIntervalMs` after the previous one started: while calls stream in,
 * the capture writes and re-lists them every `minIntervalMs` (one transaction, one render, one scroll
 * write) instead of on every frame — the inspected page shares the cores with the panel (issue #20).
 * A first run after a quiet spell is not delayed.
 */
export function throttledScheduler(
  inner: Scheduler,
  minIntervalMs: number,
  host: ThrottleHost = { now: () => performance.now(), setTimeout: (cb, ms) => setTimeout(cb, ms) },
): Scheduler {
  let lastRun = -Infinity;
  return (fn) => {
    const run = (): void => {
      lastRun = host.now();
      fn();
    };
    const wait = lastRun + minIntervalMs - host.now();
    if (wait <= 0) inner(run);
    else host.setTimeout(() => inner(run), wait);
  };
}

/** A scheduler for tests: queued work runs only when `flush()` is called. */
export function manualScheduler(): Scheduler & { flush(): void; pending(): number } {
  let queue: (() => void)[] = [];
  const schedule = ((fn: () => void) => {
    queue.push(fn);
  }) as Scheduler & { flush(): void; pending(): number };
  schedule.flush = () => {
    const run = queue;
    queue = [];
    for (const fn of run) fn();
  };
  schedule.pending = () => queue.length;
  return schedule;
}
