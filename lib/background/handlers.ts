/**
 * The background's RPC handlers: one per method of the protocol, each a thin call into login, call,
 * replay, keys or the store. Calls in flight are abortable by id; the rest of the state lives in
 * IndexedDB and `storage.session`, so a stopped worker loses nothing that matters.
 */
import type { AgentSiteInfo, AgentSitesAnswer, RpcHandlers } from '../protocol';
import { rpcError, SITE_ORIGIN } from '../protocol/messages';
import { callApi, replay } from './call';
import type { BackgroundDeps } from './deps';
import { forgetKeys, keysStatus, setKeys } from './keys';
import { loginFromDevServer, loginLocalSign, loginWithSignature } from './login';

/** Why a pending history row was left behind: the worker that started it is gone. */
export const STOPPED_MID_CALL = 'The background worker stopped while this call was in flight';

/** Build every handler over `deps`; `ready` is awaited first (the worker's start-up chores). */
export function createHandlers(
  deps: BackgroundDeps,
  ready: Promise<unknown> = Promise.resolve(),
): RpcHandlers {
  const inFlight = new Map<string, AbortController>();

  async function tracked<T>(
    callId: string | undefined,
    run: (signal: AbortSignal) => Promise<T>,
  ): Promise<T> {
    await ready;
    const controller = new AbortController();
    if (callId) inFlight.set(callId, controller);
    try {
      return await run(controller.signal);
    } finally {
      if (callId) inFlight.delete(callId);
    }
  }

  // A page's request of the store comes after the start-up chores, sees every call made before it, and
  // makes the calls after it read their tickets afresh.
  const after =
    <P, R>(fn: (p: P) => Promise<R> | R) =>
    async (p: P): Promise<R> => {
      await ready;
      await deps.logs.flush();
      try {
        return await fn(p);
      } finally {
        deps.lookups.forget(); // after it: a replay running meanwhile may have read the old ticket
      }
    };

  const agent = () => deps.agent ?? Promise.reject(rpcError('internal', 'The page agent is not available'));
  // The page's client checked the params (page-side.ts); the origin a site's scripts are registered for is
  // checked here too. (Fault rules going to a page's agent are checked by its relay: lib/agent/wire.ts.)
  const sites = async (
    run: (a: NonNullable<BackgroundDeps['agent']>) => Promise<AgentSiteInfo[]>,
    origin?: string,
  ): Promise<AgentSitesAnswer> => {
    if (origin !== undefined && !(origin.length <= 300 && SITE_ORIGIN.test(origin))) {
      throw rpcError('bad-request', 'params.origin must be an http(s) origin');
    }
    const a = await agent();
    return { sites: await run(a), dropped: a.ports.dropped() };
  };

  return {
    ping: () => ({ pong: true, now: deps.now() }),
    'tickets.list': after((p) => deps.store.listTickets({ environment: p.environmentId, status: p.status })),
    'tickets.save': after((p) =>
      deps.store.upsertTicketByAuthorization({
        authorization: p.authorization,
        environment: p.environmentId,
        source: 'captured',
        platform: p.platform ?? null,
        userId: p.userId ?? null,
        appId: p.appId ?? null,
        tfUid: p.tfUid ?? null,
        label: p.label,
      }),
    ),
    'tickets.delete': after(async (p) => ({ deleted: await deps.store.deleteTicket(p.ticketId) })),
    'login.withSignature': after((p) => loginWithSignature(deps, p)),
    'login.fromDevServer': after((p) => loginFromDevServer(deps, p)),
    'login.localSign': after((p) => loginLocalSign(deps, p)),
    'keys.set': (p) => setKeys(deps.session, p),
    'keys.status': () => keysStatus(deps.session),
    'keys.forget': () => forgetKeys(deps.session),
    call: (p, { afterReply }) => tracked(p.callId, (signal) => callApi(deps, { ...p, signal, afterReply })),
    'call.abort': (p) => {
      const controller = inFlight.get(p.callId);
      controller?.abort();
      return { aborted: controller !== undefined };
    },
    replay: (p, { afterReply }) => tracked(p.callId, (signal) => replay(deps, { ...p, signal, afterReply })),
    'history.list': after((p) => deps.store.listHistory(p)),
    'history.clear': after(async () => ({ cleared: await deps.store.clearHistory() })),
    'environments.list': after(() => deps.store.listEnvironments()),
    'environments.save': after((p) => deps.store.putEnvironment(p)),
    'environments.delete': after(async (p) => ({
      deleted: await deps.store.deleteEnvironment(p.environmentId),
    })),
    'data.counts': after(() => deps.store.counts()),
    'data.prune': after(async () => ({
      removed: (await deps.pruner?.prune()) ?? { history: 0, captures: 0 },
      counts: await deps.store.counts(),
    })),
    'data.clear': after(async (p) => {
      await deps.store.clearAll(p.stores);
      return deps.store.counts();
    }),
    'recorder.list': after((p) => deps.store.listRecorded(p)),
    'recorder.take': after((p) => deps.store.takeRecorded(p)),
    'recorder.clear': after(async (p) => ({ cleared: await deps.store.clearRecorded(p) })),
    'faults.get': async (p) => ({ rules: await (await agent()).ports.getRules(p.tabId) }),
    'faults.set': async (p) => {
      return { rules: p.rules, agents: await (await agent()).ports.setRules(p.tabId, p.rules) };
    },
    'agent.sites': after(() => sites((a) => a.sites.list())),
    'agent.enable': after((p) => sites((a) => a.sites.enable(p.origin), p.origin)),
    'agent.disable': after((p) => sites((a) => a.sites.disable(p.origin), p.origin)),
    'agent.forget': after((p) => sites((a) => a.sites.forget(p.origin), p.origin)),
  };
}

/**
 * The worker's start-up chores: rows left 'pending' by a stopped worker are marked failed, not lost; the
 * stores are pruned to their caps.
 */
export async function startUp(deps: BackgroundDeps): Promise<number> {
  const failed = await deps.store.failPendingHistory(STOPPED_MID_CALL);
  // The stores back within their caps (which may have been lowered while the worker slept).
  await deps.pruner?.prune();
  return failed;
}
