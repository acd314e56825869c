/**
 * The page agent's sites on the options page: turn recording and faults on for a site (the host permission
 * is asked first, in the click handler: a user gesture), off again, or forget it (recorded calls deleted,
 * unregistered, the permission removed — by the background). Sizes come from the background.
 */
import { signal } from '@preact/signals';
import type { AgentDropCounts, AgentSiteInfo, AgentSitesAnswer, RpcClient } from '../../protocol';
import { agentSitePattern } from '../../protocol/agent-site';
import { errorText } from '../shared/rpc-client';
import type { PermissionsLike } from './environments';

/** The origin of an http(s) address the user typed (`https://app.example.com/x` → its origin), or null. */
export function siteOrigin(input: string): string | null {
  const text = input.trim();
  if (!URL.canParse(text)) return null;
  const url = new URL(text);
  return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : null;
}

/** A size in bytes for people: `812 B`, `12.5 KB`, `3.2 MB`. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Why a site could not be turned on (shown in the page's language). */
export type AgentSiteProblem =
  { kind: 'bad-origin' } | { kind: 'denied'; origin: string } | { kind: 'error'; text: string };

/** Create the sites part of the options page. */
export function createAgentSitesStore(deps: {
  rpc: RpcClient;
  permissions: PermissionsLike;
  /** Match patterns cannot name a port (Firefox): the host is asked for without it. */
  portless?: boolean;
}) {
  const { rpc, permissions } = deps;
  const sites = signal<AgentSiteInfo[]>([]);
  const dropped = signal<AgentDropCounts | null>(null);
  const problem = signal<AgentSiteProblem | null>(null);
  /** The site whose "forget" waits for confirmation. */
  const forgetting = signal<string | null>(null);
  const busy = signal(false);

  const show = (answer: AgentSitesAnswer): void => {
    sites.value = answer.sites.slice().sort((a, b) => a.origin.localeCompare(b.origin));
    dropped.value = answer.dropped;
  };

  async function run(work: () => Promise<AgentSitesAnswer>): Promise<boolean> {
    busy.value = true;
    try {
      show(await work());
      problem.value = null;
      return true;
    } catch (e) {
      problem.value = { kind: 'error', text: errorText(e) };
      return false;
    } finally {
      busy.value = false;
    }
  }

  return {
    sites,
    dropped,
    problem,
    forgetting,
    busy,
    refresh: () => run(() => rpc.request('agent.sites', {})),

    /**
     * Turn a site on from what the user typed. The permission request is made before this returns: call
     * it straight from the click handler.
     */
    enable(input: string): Promise<boolean> {
      const origin = siteOrigin(input);
      if (!origin) {
        problem.value = { kind: 'bad-origin' };
        return Promise.resolve(false);
      }
      let asked: Promise<boolean>;
      try {
        asked = permissions.request({ origins: [agentSitePattern(origin, deps.portless ?? false)] });
      } catch (e) {
        asked = Promise.reject(e instanceof Error ? e : new Error(String(e)));
      }
      return asked.then(
        (granted) => {
          if (granted) return run(() => rpc.request('agent.enable', { origin }));
          problem.value = { kind: 'denied', origin };
          return false;
        },
        (e: unknown) => {
          problem.value = { kind: 'error', text: errorText(e) };
          return false;
        },
      );
    },

    disable: (origin: string) => run(() => rpc.request('agent.disable', { origin })),
    askForget: (origin: string) => void (forgetting.value = origin),
    cancelForget: () => void (forgetting.value = null),
    async confirmForget(): Promise<boolean> {
      const origin = forgetting.value;
      if (!origin) return false;
      const ok = await run(() => rpc.request('agent.forget', { origin }));
      if (ok) forgetting.value = null;
      return ok;
    },
  };
}

/** The sites part of the options store. */
export type AgentSitesStore = ReturnType<typeof createAgentSitesStore>;
