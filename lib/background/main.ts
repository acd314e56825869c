/** Wires the background: real fetch, store, session storage and settings; RPC for our own pages only. */
// Not the '../protocol' index: it holds the pages' client, whose dynamic import of their side of a request
// would put the worker's modules behind lazy initialisers (and the pages' checks in its graph).
import { createRpcServer } from '../protocol/server';
import { ownPagesOnly, type RuntimeIdentityLike } from '../protocol/sender';
import { listenForRpc, type RuntimeLike } from '../protocol/transport';
import type { StorageAreaLike } from '../settings/settings';
import { portlessPatterns } from '../protocol/agent-site';
import { openBackgroundStore } from '../store';
import { createAgentPorts } from './agent-ports';
import { createAgentSites, type HostPermissionsLike, type ScriptingLike } from './agent-sites';
import type { BackgroundDeps } from './deps';
import { createHandlers, startUp } from './handlers';
import type { SessionAreaLike } from './keys';
import { followCallTimeout, type SettingsChangedLike } from './settings-cache';
import { ticketLookups } from './lookups';
import { createPruner } from './prune';
import { backgroundLogs } from './write-behind';

/** The parts of `browser` the background uses. */
export interface BackgroundBrowser {
  runtime: RuntimeLike & RuntimeIdentityLike;
  storage: { local: StorageAreaLike; session: SessionAreaLike; onChanged: SettingsChangedLike };
  /** The page agent's registration (absent in a browser without it: nothing is registered). */
  scripting?: ScriptingLike;
  permissions?: HostPermissionsLike;
  tabs?: { onRemoved: { addListener(listener: (tabId: number) => void): void } };
}

/** Start the background: returns a function that stops listening (tests). */
export function startBackground(
  browser: BackgroundBrowser,
  fetchImpl: typeof fetch = fetch.bind(globalThis),
) {
  const store = openBackgroundStore();
  const onError = (error: unknown) => console.error('CME DevTools: page agent', error);
  const sites = createAgentSites({
    store,
    scripting: browser.scripting,
    permissions: browser.permissions,
    // Firefox's match patterns cannot name a port (bug 1362809).
    portless: portlessPatterns(browser.runtime.getURL('')),
    onError,
  });
  const isOwnPage = ownPagesOnly(browser.runtime);
  const ports = createAgentPorts({
    extensionId: browser.runtime.id,
    isEnabled: sites.isEnabled,
    isOwnPage,
    store,
    session: browser.storage.session,
    now: () => Date.now(),
    onError,
  });
  browser.tabs?.onRemoved.addListener((tabId) => void ports.tabRemoved(tabId));
  browser.runtime.onConnect.addListener(ports.onConnect);
  const pruner = createPruner({ store, local: browser.storage.local, now: () => Date.now() });
  const deps: BackgroundDeps = {
    store,
    http: { fetch: fetchImpl },
    session: browser.storage.session,
    now: () => Date.now(),
    timeoutMs: followCallTimeout(browser.storage.local, browser.storage.onChanged),
    logs: backgroundLogs(store, undefined, pruner.wrote),
    pruner,
    lookups: ticketLookups(store),
    agent: { sites, ports },
  };
  const ready = Promise.all([startUp(deps), sites.sync()]).catch((error: unknown) =>
    console.error('CME DevTools: start-up failed', error),
  );
  const server = createRpcServer(createHandlers(deps, ready), {
    isTrustedSender: isOwnPage,
    onError: (error, method) => console.error(`CME DevTools: ${method} failed`, error),
  });
  const stop = listenForRpc(browser.runtime, server);
  return () => {
    stop();
    browser.runtime.onConnect.removeListener(ports.onConnect);
  };
}
