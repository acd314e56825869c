/**
 * The sites (origins) opted in for the page agent: stored in IndexedDB (`agentSites`), and the agent's two
 * scripts registered for those that are enabled and whose host permission the browser grants — the
 * MAIN-world agent and the isolated-world relay, top frame only, at document_start. Registrations may or
 * may not survive a restart or update (Chrome keeps them, Firefox too since 105): every start re-syncs.
 * Only a page of ours can ask the permission (a user gesture); the background registers, unregisters
 * (turned off, forgotten, or the permission removed) and removes the permission when a site is forgotten.
 */
import type { AgentSiteInfo } from '../protocol';
import { rpcError } from '../protocol/messages';
import { agentSitePattern } from '../protocol/agent-site';
import type { BackgroundStore } from '../store';

/** What `scripting.registerContentScripts` takes (the fields we set). */
export interface AgentScript {
  id: string;
  js: string[];
  matches: string[];
  runAt: 'document_start';
  world: 'MAIN' | 'ISOLATED';
  allFrames: false;
  persistAcrossSessions: true;
}

/** The part of `browser.scripting` the agent's registration uses. */
export interface ScriptingLike {
  registerContentScripts(scripts: AgentScript[]): Promise<unknown>;
  unregisterContentScripts(filter: { ids: string[] }): Promise<unknown>;
  getRegisteredContentScripts(filter: { ids: string[] }): Promise<{ id: string; matches?: string[] }[]>;
}

/** A `permissions.onAdded`/`onRemoved` event. */
export interface PermissionsEventLike {
  addListener(listener: (permissions: { origins?: string[] }) => void): void;
}

/** The part of `browser.permissions` the background uses (it never asks: only pages can). */
export interface HostPermissionsLike {
  contains(permissions: { origins: string[] }): Promise<boolean>;
  remove(permissions: { origins: string[] }): Promise<boolean>;
  onAdded?: PermissionsEventLike;
  onRemoved?: PermissionsEventLike;
}

/** Ids of the two registered scripts (one registration each, matching every enabled origin). */
export const AGENT_SCRIPT_IDS = ['cme-agent-main', 'cme-agent-relay'] as const;

/** The two scripts for these match patterns. */
export function agentScripts(matches: string[]): AgentScript[] {
  const common = { matches, runAt: 'document_start', allFrames: false, persistAcrossSessions: true } as const;
  return [
    { id: AGENT_SCRIPT_IDS[0], js: ['page-agent.js'], world: 'MAIN', ...common },
    { id: AGENT_SCRIPT_IDS[1], js: ['agent-relay.js'], world: 'ISOLATED', ...common },
  ];
}

/** The sites' functions. */
export type AgentSites = ReturnType<typeof createAgentSites>;

/** Opt-in per origin over the store, `scripting` and `permissions` (absent: nothing is registered). */
export function createAgentSites(deps: {
  store: BackgroundStore;
  scripting?: ScriptingLike;
  permissions?: HostPermissionsLike;
  /** Match patterns cannot name a port (Firefox). */
  portless?: boolean;
  onError?: (error: unknown) => void;
}) {
  const { store, scripting, permissions } = deps;
  const pattern = (origin: string): string => agentSitePattern(origin, deps.portless ?? false);
  /** Enabled origins, as last read or written (the agent port's check reads it). */
  let enabled: Promise<Set<string>> | null = null;
  let syncing: Promise<unknown> = Promise.resolve();
  let registered = new Set<string>();

  const granted = async (origin: string): Promise<boolean> => {
    try {
      return (await permissions?.contains({ origins: [pattern(origin)] })) ?? false;
    } catch {
      return false;
    }
  };

  const enabledOrigins = (): Promise<Set<string>> =>
    (enabled ??= store.listAgentSites().then(
      (sites) => new Set(sites.filter((s) => s.enabled).map((s) => s.origin)),
      (error: unknown) => {
        enabled = null;
        throw error;
      },
    ));

  /** Register the scripts for exactly the enabled, granted origins (one sync at a time). */
  function sync(): Promise<void> {
    const run = syncing.then(async () => {
      const origins = [...(await enabledOrigins())];
      const allowed = (await Promise.all(origins.map(async (o) => ((await granted(o)) ? o : null)))).filter(
        (o): o is string => o !== null,
      );
      const matches = [...new Set(allowed.map(pattern))].sort();
      if (!scripting) return;
      const ids = [...AGENT_SCRIPT_IDS];
      const now = await scripting.getRegisteredContentScripts({ ids });
      const same =
        now.length === ids.length &&
        now.every((s) => (s.matches ?? []).slice().sort().join() === matches.join());
      if (!same) {
        if (now.length > 0) await scripting.unregisterContentScripts({ ids: now.map((s) => s.id) });
        if (matches.length > 0) await scripting.registerContentScripts(agentScripts(matches));
      }
      registered = new Set(allowed);
    });
    syncing = run.catch((error: unknown) => deps.onError?.(error));
    return run;
  }

  const resync = (): void => void sync().catch(() => undefined);
  permissions?.onRemoved?.addListener(resync);
  permissions?.onAdded?.addListener(resync);

  async function list(): Promise<AgentSiteInfo[]> {
    await syncing;
    const sites = await store.listAgentSites();
    return Promise.all(
      sites.map(async (s) => ({
        ...s,
        granted: await granted(s.origin),
        registered: registered.has(s.origin),
      })),
    );
  }

  async function set(origin: string, on: boolean): Promise<void> {
    await store.setAgentSite(origin, on);
    const set = await enabledOrigins();
    if (on) set.add(origin);
    else set.delete(origin);
    await sync();
  }

  return {
    /** Re-register from the stored list (the worker's start). */
    sync,
    list,
    /** Whether the agent may talk for this origin now (enabled; the browser ran our script there). */
    isEnabled: async (origin: string): Promise<boolean> => (await enabledOrigins()).has(origin),

    /** Turn on: refused without the host permission (a page of ours asks it first). */
    async enable(origin: string): Promise<AgentSiteInfo[]> {
      if (!(await granted(origin))) {
        throw rpcError('forbidden', `No host permission for ${pattern(origin)}: ask for it first`);
      }
      await set(origin, true);
      return list();
    },

    /** Turn off: unregistered, what was recorded kept. */
    async disable(origin: string): Promise<AgentSiteInfo[]> {
      await set(origin, false);
      return list();
    },

    /**
     * Forget: recorded calls and the site deleted, unregistered, and its host permission removed unless an
     * environment's login URL or API base uses the same origin (its calls need it).
     */
    async forget(origin: string): Promise<AgentSiteInfo[]> {
      await store.deleteAgentSite(origin);
      (await enabledOrigins()).delete(origin);
      await sync();
      const others = [
        ...(await store.listEnvironments()).flatMap((e) => [e.loginUrl, e.apiBase]),
        ...(await store.listAgentSites()).map((s) => s.origin),
      ];
      const used = others.some((u) => URL.canParse(u) && pattern(new URL(u).origin) === pattern(origin));
      if (!used) {
        try {
          await permissions?.remove({ origins: [pattern(origin)] });
        } catch (error) {
          deps.onError?.(error);
        }
      }
      return list();
    },
  };
}
