/** Wires the background: real fetch, store, session storage and settings; RPC for our own pages only. */
import {
  createRpcServer,
  listenForRpc,
  ownPagesOnly,
  type RuntimeLike,
  type RuntimeIdentityLike,
} from '../protocol';
import type { StorageAreaLike } from '../settings/settings';
import { openBackgroundStore } from '../store';
import type { BackgroundDeps } from './deps';
import { createHandlers, startUp } from './handlers';
import type { SessionAreaLike } from './keys';
import { followCallTimeout, type SettingsChangedLike } from './settings-cache';
import { ticketLookups } from './lookups';
import { backgroundLogs } from './write-behind';

/** The parts of `browser` the background uses. */
export interface BackgroundBrowser {
  runtime: RuntimeLike & RuntimeIdentityLike;
  storage: { local: StorageAreaLike; session: SessionAreaLike; onChanged: SettingsChangedLike };
}

/** Start the background: returns a function that stops listening (tests). */
export function startBackground(
  browser: BackgroundBrowser,
  fetchImpl: typeof fetch = fetch.bind(globalThis),
) {
  const store = openBackgroundStore();
  const deps: BackgroundDeps = {
    store,
    http: { fetch: fetchImpl },
    session: browser.storage.session,
    now: () => Date.now(),
    timeoutMs: followCallTimeout(browser.storage.local, browser.storage.onChanged),
    logs: backgroundLogs(store),
    lookups: ticketLookups(store),
  };
  const ready = startUp(deps).catch((error: unknown) =>
    console.error('CME DevTools: start-up failed', error),
  );
  const server = createRpcServer(createHandlers(deps, ready), {
    isTrustedSender: ownPagesOnly(browser.runtime),
    onError: (error, method) => console.error(`CME DevTools: ${method} failed`, error),
  });
  return listenForRpc(browser.runtime, server);
}
