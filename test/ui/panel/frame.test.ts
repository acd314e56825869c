/**
 * The panel's schedulers: the frame scheduler runs once (frame or fallback timeout); the stream scheduler
 * runs once the work stops joining for its quiet time, and at most its longest wait after it was scheduled.
 */
import { describe, expect, it } from 'vitest';
import { frameScheduler, manualScheduler, streamScheduler } from '../../../lib/ui/panel/frame';

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

describe('streamScheduler', () => {
  it('runs a lone piece of work after the quiet time, on the inner scheduler', () => {
    const host = fakeHost();
    const inner = manualScheduler();
    const schedule = streamScheduler(inner, 40, 250, host);
    const ran: number[] = [];
    schedule(() => ran.push(host.now()));
    host.advance(39);
    expect(inner.pending()).toBe(0);
    host.advance(1);
    expect(inner.pending()).toBe(1);
    inner.flush();
    expect(ran).toEqual([40]);
  });

  it('waits while work keeps joining, but never longer than the longest wait', () => {
    const host = fakeHost();
    const inner = manualScheduler();
    const schedule = streamScheduler(inner, 40, 250, host);
    const ran: number[] = [];
    schedule(() => ran.push(host.now()));
    // A call every 10 ms: the stream never pauses for 40 ms.
    for (let t = 10; t <= 240; t += 10) {
      host.advance(10);
      schedule.touch?.();
      expect(inner.pending()).toBe(0);
    }
    host.advance(10);
    expect(inner.pending()).toBe(1);
    inner.flush();
    expect(ran).toEqual([250]);
    // One timer at a time however many touches came.
    expect(host.pending()).toBe(0);
  });

  it('runs once the stream pauses, then starts afresh', () => {
    const host = fakeHost();
    const inner = manualScheduler();
    const schedule = streamScheduler(inner, 40, 250, host);
    let runs = 0;
    schedule(() => runs++);
    host.advance(30);
    schedule.touch?.();
    host.advance(30);
    expect(inner.pending()).toBe(0);
    host.advance(10);
    expect(inner.pending()).toBe(1);
    inner.flush();
    expect(runs).toBe(1);
    // A touch with nothing scheduled schedules nothing.
    schedule.touch?.();
    host.advance(1000);
    expect(inner.pending()).toBe(0);
    // The same work scheduled twice before its run runs once, the latest function.
    const order: string[] = [];
    schedule(() => order.push('first'));
    schedule(() => order.push('second'));
    host.advance(40);
    inner.flush();
    expect(order).toEqual(['second']);
  });
});
