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
    const timer = setTimeout(() => done([]), timeoutMs);
    function done(values: unknown[]): void {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(values);
    }
    function fail(error: unknown): void {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
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
