/**
 * The panel's schedulers: the frame scheduler runs once (frame or fallback timeout); the throttled one
 * starts runs no sooner than its interval after the previous run started, and does not delay a first run.
 */
import { describe, expect, it } from 'vitest';
import { frameScheduler, manualScheduler, throttledScheduler } from '../../../lib/ui/panel/frame';

/** A clock and timers under the test's control. */
function fakeHost() {
  let now = 0;
  let timers: { at: number; cb: () => void }[] = [];
  return {
    now: () => now,
    setTimeout: (cb: () => void, ms: number) => void timers.push({ at: now + ms, cb }),
    pending: () => timers.length,
    advance(ms: number) {
      now += ms;
      const due = timers.filter((t) => t.at <= now);
      timers = timers.filter((t) => t.at > now);
      for (const t of due) t.cb();
    },
  };
}

describe('frameScheduler', () => {
  it('runs once, on the frame or on the fallback timeout, whichever comes first', () => {
    const frames: (() => void)[] = [];
    const host = fakeHost();
    const schedule = frameScheduler(
      { requestAnimationFrame: (cb) => frames.push(cb), setTimeout: host.setTimeout },
      100,
    );
    let runs = 0;
    schedule(() => runs++);
    frames.shift()!();
    host.advance(100);
    expect(runs).toBe(1);
    schedule(() => runs++);
    host.advance(100); // a hidden panel: no frame
    expect(runs).toBe(2);
    frames.shift()!();
    expect(runs).toBe(2);
  });
});

describe('throttledScheduler', () => {
  it('does not delay a first run, then spaces runs by the interval', () => {
    const host = fakeHost();
    const inner = manualScheduler();
    const schedule = throttledScheduler(inner, 50, host);
    const ran: number[] = [];
    schedule(() => ran.push(host.now()));
    expect(inner.pending()).toBe(1);
    inner.flush();
    expect(ran).toEqual([0]);

    host.advance(10);
    schedule(() => ran.push(host.now()));
    // Not handed to the frame before 50 ms after the previous run started.
    expect(inner.pending()).toBe(0);
    host.advance(39);
    expect(inner.pending()).toBe(0);
    host.advance(1);
    expect(inner.pending()).toBe(1);
    inner.flush();
    expect(ran).toEqual([0, 50]);
  });

  it('after a quiet spell longer than the interval, runs at once', () => {
    const host = fakeHost();
    const inner = manualScheduler();
    const schedule = throttledScheduler(inner, 50, host);
    const ran: number[] = [];
    schedule(() => ran.push(host.now()));
    inner.flush();
    host.advance(500);
    schedule(() => ran.push(host.now()));
    expect(host.pending()).toBe(0);
    inner.flush();
    expect(ran).toEqual([0, 500]);
  });
});
