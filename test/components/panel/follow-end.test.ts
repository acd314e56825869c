import { describe, expect, it } from 'vitest';
import { createFollowEnd, type FollowFrames } from '../../../components/panel/follow-end';

/** Frames that run only when the test says. */
function manualFrames(): FollowFrames & { run(): void; pending(): number } {
  let queue = new Map<number, () => void>();
  let next = 1;
  return {
    request(cb) {
      queue.set(next, cb);
      return next++;
    },
    cancel(handle) {
      queue.delete(handle);
    },
    run() {
      const due = queue;
      queue = new Map();
      for (const cb of due.values()) cb();
    },
    pending: () => queue.size,
  };
}

/** A scroller that counts its scroll writes and clamps them as a browser does. */
function fakeScroller(maxScroll: number) {
  let top = 0;
  const el = {
    writes: 0,
    get scrollTop() {
      return top;
    },
    set scrollTop(v: number) {
      el.writes++;
      top = Math.min(v, maxScroll);
    },
  };
  return el;
}

describe('follow the end', () => {
  it('writes once per frame, to the latest count, however many updates came before it', () => {
    const el = fakeScroller(1_000_000);
    const count = { current: 10 };
    const frames = manualFrames();
    const f = createFollowEnd(
      { current: el as unknown as HTMLElement },
      { current: true },
      count,
      22,
      frames,
    );
    for (let i = 0; i < 5; i++) {
      count.current += 3;
      f.schedule();
    }
    expect(el.writes).toBe(0);
    expect(frames.pending()).toBe(1);
    frames.run();
    expect(el.writes).toBe(1);
    expect(el.scrollTop).toBe(25 * 22);
    expect(f.wasOurs(25 * 22)).toBe(true);
    expect(f.wasOurs(24 * 22)).toBe(false);
  });

  it('knows its clamped write as its own, and writes nothing once the user scrolled away', () => {
    const el = fakeScroller(300);
    const following = { current: true };
    const frames = manualFrames();
    const f = createFollowEnd(
      { current: el as unknown as HTMLElement },
      following,
      { current: 40 },
      22,
      frames,
    );
    f.schedule();
    frames.run();
    expect(el.scrollTop).toBe(300);
    expect(f.wasOurs(300)).toBe(true);
    // The user scrolled up before the next frame: the list stops following, the frame writes nothing.
    f.schedule();
    following.current = false;
    frames.run();
    expect(el.writes).toBe(1);
    // Not following: nothing is even scheduled.
    f.schedule();
    expect(frames.pending()).toBe(0);
  });

  it('cancels a pending write when stopped', () => {
    const el = fakeScroller(1000);
    const frames = manualFrames();
    const f = createFollowEnd(
      { current: el as unknown as HTMLElement },
      { current: true },
      { current: 5 },
      22,
      frames,
    );
    f.schedule();
    f.stop();
    expect(frames.pending()).toBe(0);
    frames.run();
    expect(el.writes).toBe(0);
  });
});
