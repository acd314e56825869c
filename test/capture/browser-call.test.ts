import { describe, expect, it, vi } from 'vitest';
import { callDevtools, createDeadlines } from '../../lib/capture/browser-call';

describe('callDevtools', () => {
  it('resolves with the arguments of a Chrome-style callback', async () => {
    const fn = (...args: unknown[]) => {
      const cb = args[args.length - 1] as (a: string, b: string) => void;
      cb('content', 'base64');
    };
    await expect(callDevtools(fn)).resolves.toEqual(['content', 'base64']);
  });

  it('takes a promise resolving to an array as the callback arguments (Firefox getContent)', async () => {
    const fn = () => Promise.resolve(['text', 'application/json']);
    await expect(callDevtools(fn)).resolves.toEqual(['text', 'application/json']);
  });

  it('wraps a single promised value (Firefox getHAR)', async () => {
    const fn = () => Promise.resolve({ entries: [] });
    await expect(callDevtools(fn)).resolves.toEqual([{ entries: [] }]);
  });

  it('calls again without a callback when the polyfill refuses one', async () => {
    const calls: number[] = [];
    const fn = (...args: unknown[]) => {
      calls.push(args.length);
      if (args.length > 1) throw new Error('Expected at most 1 argument');
      return Promise.resolve(['ok', '']);
    };
    await expect(callDevtools(fn, ['x'])).resolves.toEqual(['ok', '']);
    expect(calls).toEqual([2, 1]);
  });

  it('rejects when both calls throw, and when the promise rejects', async () => {
    const throwing = () => {
      throw new Error('gone');
    };
    await expect(callDevtools(throwing)).rejects.toThrow('gone');
    await expect(callDevtools(() => Promise.reject(new Error('no')))).rejects.toThrow('no');
  });

  it('resolves [] when the API never answers', async () => {
    await expect(callDevtools(() => undefined, [], 20)).resolves.toEqual([]);
  });

  it('waits for many calls on one timer, not one timer per call', async () => {
    const spy = vi.spyOn(globalThis, 'setTimeout');
    try {
      const answers: ((v: string) => void)[] = [];
      const calls = Array.from({ length: 100 }, () =>
        callDevtools(() => new Promise<string>((r) => answers.push(r))),
      );
      expect(spy.mock.calls.length).toBeLessThanOrEqual(1);
      answers.forEach((answer, i) => answer(`body ${i}`));
      expect((await Promise.all(calls)).map(([v]) => v)).toEqual(answers.map((_, i) => `body ${i}`));
    } finally {
      spy.mockRestore();
    }
  });

  it('gives up on each call that never answers, however many wait together', async () => {
    const never = Array.from({ length: 5 }, (_, i) => callDevtools(() => undefined, [], 10 + i * 10));
    const answered = callDevtools(() => Promise.resolve('yes'), [], 20);
    await expect(Promise.all(never)).resolves.toEqual([[], [], [], [], []]);
    await expect(answered).resolves.toEqual(['yes']);
  });
});

describe('deadlines', () => {
  function fakeHost() {
    let now = 0;
    const timers = new Map<number, { at: number; fn: () => void }>();
    let next = 1;
    return {
      now: () => now,
      setTimeout: (fn: () => void, ms: number) => {
        timers.set(next, { at: now + ms, fn });
        return next++;
      },
      clearTimeout: (id: unknown) => void timers.delete(id as number),
      armed: () => [...timers.values()].map((t) => t.at),
      /** Moves the clock to `to`, firing the timers due on the way. */
      advance(to: number) {
        for (;;) {
          const due = [...timers.entries()]
            .filter(([, t]) => t.at <= to)
            .sort((a, b) => a[1].at - b[1].at)[0];
          if (!due) break;
          timers.delete(due[0]);
          now = due[1].at;
          due[1].fn();
        }
        now = to;
      },
    };
  }

  it('expires each call at its own deadline with one timer armed at a time', () => {
    const host = fakeHost();
    const d = createDeadlines(host);
    const expired: string[] = [];
    d.add(100, () => expired.push('a'));
    d.add(50, () => expired.push('b'));
    d.add(300, () => expired.push('c'));
    expect(host.armed()).toEqual([50]);
    host.advance(60);
    expect(expired).toEqual(['b']);
    expect(host.armed()).toEqual([100]);
    host.advance(1000);
    expect(expired).toEqual(['b', 'a', 'c']);
    expect(host.armed()).toEqual([]);
    expect(d.size()).toBe(0);
  });

  it('never expires a call that was answered, and keeps no timer once none waits', () => {
    const host = fakeHost();
    const d = createDeadlines(host);
    const expired: string[] = [];
    const answerA = d.add(100, () => expired.push('a'));
    const answerB = d.add(200, () => expired.push('b'));
    answerA();
    host.advance(150);
    expect(expired).toEqual([]);
    expect(host.armed()).toEqual([200]);
    answerB();
    expect(host.armed()).toEqual([]);
    host.advance(500);
    expect(expired).toEqual([]);
  });
});
