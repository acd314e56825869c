/**
 * The call list's follow-the-end scroll: while the user is at the bottom, new rows are kept in view by one
 * scroll write per animation frame, made in the frame's own rendering step (the DOM is already updated, so
 * the write's layout is the frame's only one), never per update in a layout effect, where each write forced
 * a synchronous layout. A hidden panel gets no frames: it writes once when shown.
 */
import type { RefObject } from 'preact';
import { useEffect, useMemo } from 'preact/hooks';

/** What the list asks of its follower. */
export interface FollowEnd {
  /** Schedules the write for the next frame (once, however often called before it). */
  schedule(): void;
  /** Whether a scroll event at `scrollTop` is the echo of the follower's own last write. */
  wasOurs(scrollTop: number): boolean;
}

/** The frame functions the follower uses (injected for tests). */
export interface FollowFrames {
  request(cb: () => void): number;
  cancel(handle: number): void;
}

const browserFrames: FollowFrames = {
  request: (cb) =>
    typeof requestAnimationFrame === 'function'
      ? requestAnimationFrame(cb)
      : (setTimeout(cb, 16) as unknown as number),
  cancel: (handle) =>
    typeof cancelAnimationFrame === 'function' ? cancelAnimationFrame(handle) : clearTimeout(handle),
};

/**
 * Follows the end of `scroller` while `following.current`, to `count.current` rows of `rowHeight` (read
 * when the frame comes, so a frame writes the latest end however many updates came before it).
 */
export function createFollowEnd(
  scroller: RefObject<HTMLElement>,
  following: { current: boolean },
  count: { current: number },
  rowHeight: number,
  frames: FollowFrames = browserFrames,
): FollowEnd & { stop(): void } {
  let pending: number | null = null;
  let written: number | null = null;
  return {
    schedule() {
      if (pending !== null || !following.current) return;
      pending = frames.request(() => {
        pending = null;
        const el = scroller.current;
        if (!el || !following.current) return;
        // Known before the write (a scroll event may come at once), then as the browser clamped it: right
        // after the write the layout is clean, so reading it costs nothing.
        written = count.current * rowHeight;
        el.scrollTop = written;
        written = el.scrollTop;
      });
    },
    wasOurs(scrollTop) {
      return written !== null && scrollTop === written;
    },
    stop() {
      if (pending !== null) frames.cancel(pending);
      pending = null;
    },
  };
}

/** `createFollowEnd` for a component's lifetime. */
export function useFollowEnd(
  scroller: RefObject<HTMLElement>,
  following: { current: boolean },
  count: { current: number },
  rowHeight: number,
): FollowEnd {
  const follower = useMemo(() => createFollowEnd(scroller, following, count, rowHeight), []);
  useEffect(() => () => follower.stop(), []);
  return follower;
}
