import { describe, expect, it } from 'vitest';
import { callDevtools } from '../../lib/capture/browser-call';

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
});
