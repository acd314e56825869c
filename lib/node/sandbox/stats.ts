/**
 * Request counters of the sandbox (`GET /__sandbox/stats`): CME calls by action and by answer Code, so tests
 * can assert that a call did or did not reach the sandbox.
 */

/** Counts since start or the last reset. */
export interface SandboxStats {
  /** Every HTTP request, CME or not. */
  requests: number;
  /** CME calls (login + client API) by action name; the login is `Login`. */
  byAction: Record<string, number>;
  /** CME calls by answer Code. */
  byCode: Record<string, number>;
  /** CME calls by action, then Code. */
  byActionCode: Record<string, Record<string, number>>;
  /** Client API calls that came through `/proxy/PaaS/...`. */
  proxied: number;
}

/** Zeroed counters. */
export function emptyStats(): SandboxStats {
  return { requests: 0, byAction: {}, byCode: {}, byActionCode: {}, proxied: 0 };
}

function bump(counts: Record<string, number>, key: string): void {
  // defineProperty: an action named "__proto__" must stay a plain key.
  Object.defineProperty(counts, key, {
    value: (Object.hasOwn(counts, key) ? counts[key]! : 0) + 1,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

/** Counts one CME call. */
export function recordCall(stats: SandboxStats, action: string, code: string, proxied: boolean): void {
  bump(stats.byAction, action);
  bump(stats.byCode, code);
  if (!Object.hasOwn(stats.byActionCode, action)) {
    Object.defineProperty(stats.byActionCode, action, {
      value: {},
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  bump(stats.byActionCode[action]!, code);
  if (proxied) stats.proxied += 1;
}
