/** Fakes for background tests: a programmable fetch and a session storage area. */
import { IDBFactory } from 'fake-indexeddb';
import type { BackgroundDeps } from '../../lib/background/deps';
import type { Timers } from '../../lib/background/timers';
import type { RawCall } from '../../lib/cme/types';
import type { SessionAreaLike } from '../../lib/background/keys';
import { openStore } from '../../lib/store';
import { ticketLookups } from '../../lib/background/lookups';
import { backgroundLogs } from '../../lib/background/write-behind';

/** A route of the fake network: answer, or throw to simulate a network failure. */
export type FakeRoute = (url: URL, init: RequestInit) => Response | Promise<Response>;

/** A fetch that answers from `route` and records every request. */
export function fakeFetch(route: FakeRoute) {
  const requests: { url: string; method: string; body: string | null }[] = [];
  const fetch: typeof globalThis.fetch = (async (input: string | URL | Request, init: RequestInit = {}) => {
    const url = new URL(String(input));
    requests.push({ url: url.toString(), method: init.method ?? 'GET', body: (init.body as string) ?? null });
    if (init.signal?.aborted) throw new DOMException('aborted', 'AbortError');
    return await new Promise<Response>((resolve, reject) => {
      init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
      Promise.resolve(route(url, init)).then(resolve, reject);
    });
  }) as typeof globalThis.fetch;
  return { fetch, requests };
}

/** An in-memory `storage.session`. */
export function fakeSession(): SessionAreaLike & { data: Map<string, unknown> } {
  const data = new Map<string, unknown>();
  return {
    data,
    get: async (key) => (data.has(key) ? { [key]: data.get(key) } : {}),
    set: async (items) => {
      for (const [k, v] of Object.entries(items)) data.set(k, v);
    },
    remove: async (key) => {
      data.delete(key);
    },
  };
}

/** JSON answer helper. */
export function json(value: unknown, status = 200): Response {
  return new Response(JSON.stringify(value), { status, headers: { 'content-type': 'application/json' } });
}

/** Background deps over a fresh fake IndexedDB, the given fetch and a fixed clock. */
export function makeDeps(fetch: typeof globalThis.fetch, now = 1_700_000_100_000): BackgroundDeps {
  const store = openStore({ idb: new IDBFactory(), now: () => now });
  return {
    store,
    http: { fetch },
    session: fakeSession(),
    now: () => now,
    timeoutMs: async () => 2000,
    logs: backgroundLogs(store),
    lookups: ticketLookups(store),
  };
}

/** The history as a page would read it: what the worker noted is written first. */
export async function loggedHistory(deps: BackgroundDeps) {
  await deps.logs.flush();
  return deps.store.listHistory();
}

/** Timers fired by hand: `fire()` runs every timer not cleared (once). */
export function manualTimers() {
  const due: { fn: () => void; ms: number; cleared: boolean }[] = [];
  const timers: Timers = {
    setTimeout: (fn, ms) => {
      const entry = { fn, ms, cleared: false };
      due.push(entry);
      return entry;
    },
    clearTimeout: (handle) => void ((handle as { cleared: boolean }).cleared = true),
  };
  const fire = () => due.filter((d) => !d.cleared).forEach((d) => ((d.cleared = true), d.fn()));
  return { due, timers, fire };
}

/** What a replay sends of a captured client API call made with ticket `auth`. */
export function capturedRequest(auth: string, action = 'Team/DescribeTeams'): Pick<RawCall, 'request'> {
  return {
    request: {
      method: 'POST',
      url: `https://web-paas-api.cme.qcloud.com/PaaS/${action}?auth=${auth}`,
      headers: [],
      body: { text: '{}' },
    },
  };
}
