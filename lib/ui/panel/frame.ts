/**
 * Frame-batched scheduling for the panel: work queued during a frame runs once, on the next animation
 * frame, or after a short timeout when the panel is hidden (a hidden DevTools panel gets no frames).
 */

/**
 * Runs `fn` soon, at most once per call. `touch`, when a scheduler has it, says more work joined the run
 * already scheduled (a stream scheduler then waits for the stream to pause).
 */
export type Scheduler = ((fn: () => void) => void) & { touch?: () => void };

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
 * `inner` for a stream of work: a run waits until nothing has joined it (`touch`) for `quietMs`, and at most
 * `maxWaitMs` after it was scheduled. A burst of captured calls (150 a second, 50 in flight) is then written
 * and listed a few times a second — one transaction, one render, one scroll write each — while the page it
 * inspects shares the cores (issue #20); once the burst ends, the last calls wait only `quietMs`. One timer
 * is pending at a time: a touch only notes the time.
 */
export function streamScheduler(
  inner: Scheduler,
  quietMs: number,
  maxWaitMs: number,
  host: ThrottleHost = { now: () => performance.now(), setTimeout: (cb, ms) => setTimeout(cb, ms) },
): Scheduler {
  let queued: (() => void) | null = null;
  let firstAt = 0;
  let lastAt = 0;
  const check = (): void => {
    if (queued === null) return;
    const now = host.now();
    const due = Math.min(lastAt + quietMs, firstAt + maxWaitMs);
    if (now < due) {
      host.setTimeout(check, due - now);
      return;
    }
    const run = queued;
    queued = null;
    inner(run);
  };
  const schedule: Scheduler = (fn) => {
    const now = host.now();
    lastAt = now;
    if (queued !== null) {
      queued = fn;
      return;
    }
    queued = fn;
    firstAt = now;
    host.setTimeout(check, quietMs);
  };
  schedule.touch = () => {
    if (queued !== null) lastAt = host.now();
  };
  return schedule;
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
