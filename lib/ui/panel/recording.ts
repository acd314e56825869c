/**
 * The panel toolbar's recording switch for the inspected page's origin: on asks the host permission for
 * `origin/*` (in the click handler: a user gesture) and then `agent.enable`; off is `agent.disable` (what
 * was recorded is kept until the options page forgets the site). The page agent then records the site's CME
 * calls while DevTools is closed, and applies the Faults view's rules.
 */
import { signal } from '@preact/signals';
import type { AgentSitesAnswer } from '../../protocol';

/** The RPC methods the switch uses. */
export interface RecordingRpc {
  request(method: 'agent.sites', params: Record<string, never>): Promise<AgentSitesAnswer>;
  request(method: 'agent.enable' | 'agent.disable', params: { origin: string }): Promise<AgentSitesAnswer>;
}

/** `browser.permissions`, the part the switch uses. */
export interface RecordingPermissions {
  request(p: { origins: string[] }): Promise<boolean>;
}

/** Why the switch did not turn (shown in the panel's language). */
export type RecordingProblem = { kind: 'denied' } | { kind: 'error'; text: string };

/** What the switch needs. */
export interface RecordingDeps {
  rpc: RecordingRpc;
  permissions?: RecordingPermissions;
  /** The inspected page's origin now (null: not an http(s) page). */
  origin: () => Promise<string | null>;
}

/** Creates the recording switch. */
export function createRecordingStore(deps: RecordingDeps) {
  const origin = signal<string | null>(null);
  /** On for the origin (registered: enabled and granted). */
  const on = signal(false);
  const busy = signal(false);
  const problem = signal<RecordingProblem | null>(null);

  const show = (answer: AgentSitesAnswer): void => {
    const site = answer.sites.find((s) => s.origin === origin.peek());
    on.value = site !== undefined && site.enabled && site.granted;
  };
  const fail = (e: unknown): void => {
    problem.value = { kind: 'error', text: e instanceof Error ? e.message : String(e) };
  };

  return {
    origin,
    on,
    busy,
    problem,

    /** Reads the inspected origin and whether it is on (at start and after a navigation). */
    async refresh(): Promise<void> {
      try {
        origin.value = await deps.origin();
        if (origin.peek() === null) {
          on.value = false;
          return;
        }
        show(await deps.rpc.request('agent.sites', {}));
        // Turned on elsewhere (the options page) since a refused try: nothing to say any more.
        if (on.peek()) problem.value = null;
      } catch (e) {
        fail(e);
      }
    },

    /**
     * Turns recording on or off. The permission request is made before this returns: call it straight from
     * the click handler.
     */
    toggle(): Promise<boolean> {
      const o = origin.peek();
      if (o === null || busy.peek()) return Promise.resolve(false);
      problem.value = null;
      const run = async (work: Promise<AgentSitesAnswer>): Promise<boolean> => {
        busy.value = true;
        try {
          show(await work);
          return true;
        } catch (e) {
          fail(e);
          return false;
        } finally {
          busy.value = false;
        }
      };
      if (on.peek()) return run(deps.rpc.request('agent.disable', { origin: o }));
      let asked: Promise<boolean>;
      try {
        asked = deps.permissions ? deps.permissions.request({ origins: [`${o}/*`] }) : Promise.resolve(false);
      } catch (e) {
        asked = Promise.reject(e instanceof Error ? e : new Error(String(e)));
      }
      return asked.then(
        (granted) => {
          if (granted) return run(deps.rpc.request('agent.enable', { origin: o }));
          problem.value = { kind: 'denied' };
          return false;
        },
        (e: unknown) => {
          fail(e);
          return false;
        },
      );
    },
  };
}

/** The recording switch's API. */
export type RecordingStore = ReturnType<typeof createRecordingStore>;
