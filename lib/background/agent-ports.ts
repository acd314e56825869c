/**
 * The page agent's side of the background: the relays' ports (`cme-agent`), the DevTools panels' capture
 * ports (`cme-panel-capture`) and the fault rules per tab.
 *
 * A relay's port is accepted only from our content script in the top frame of a tab whose origin is opted
 * in; each message is checked against the wire's shapes and limits (a bad one is dropped and counted,
 * never thrown), at most WIRE_LIMITS.maxCallsPerMinute per tab, and only the recorder's and the rules'
 * kinds exist: nothing on this port makes a call, reads a ticket or changes a setting (the RPC refuses
 * content scripts). Reported calls are stored as they came (not decoded) unless a panel captures the tab:
 * then only the answers a fault rule shaped are passed to it, the rest it sees on the network itself.
 *
 * Fault rules live in memory and in `storage.session` (a stopped MV3 worker gets them back; Firefox's
 * background page keeps them in memory anyway), and go when the tab closes.
 */
import { agentCallToRawCall } from '../agent/record';
import { WIRE_LIMITS, type BackgroundToAgent, type FaultRule } from '../agent/wire';
import type { AgentDropCounts, PanelInjectedCall, PortLike, SenderLike } from '../protocol';
import { PANEL_CAPTURE_PORT } from '../protocol/protocol';
import { checkAgentMessage, injectedOf } from '../protocol/agent-message';
import type { BackgroundStore } from '../store';
import type { SessionAreaLike } from './keys';

/** The relay's port name (lib/agent). */
export const AGENT_PORT = 'cme-agent';

const SESSION_KEY = 'agentFaultRules';
const MINUTE = 60_000;

/** What the agent ports need. */
export interface AgentPortDeps {
  /** Our extension id: a relay is our content script (its sender id is ours). */
  extensionId: string;
  isEnabled(origin: string): Promise<boolean>;
  /** Is this sender a page of ours (the panel)? */
  isOwnPage(sender: SenderLike): boolean;
  store: Pick<BackgroundStore, 'addRecordedCall'>;
  session: SessionAreaLike;
  now: () => number;
  onError?: (error: unknown) => void;
}

/** The origin of a relay's document when it may talk to us, else null. */
function relayOrigin(sender: SenderLike | undefined, extensionId: string): string | null {
  if (!sender || sender.id !== extensionId || sender.frameId !== 0) return null;
  if (typeof sender.tab?.id !== 'number' || typeof sender.url !== 'string') return null;
  let origin: string;
  try {
    origin = new URL(sender.url).origin;
  } catch {
    return null;
  }
  if (!/^https?:/.test(origin)) return null;
  return sender.origin === undefined || sender.origin === origin ? origin : null;
}

/** The agent hub: hand it every `runtime.onConnect` port; the RPC's fault and drop methods read it. */
export function createAgentPorts(deps: AgentPortDeps) {
  const dropped: AgentDropCounts = { malformed: 0, rateLimited: 0, refusedPorts: 0 };
  const agents = new Map<number, Set<PortLike>>();
  const panels = new Map<number, Set<PortLike>>();
  const rates = new Map<number, { since: number; n: number }>();
  let rules: Promise<Map<number, FaultRule[]>> | null = null;

  const post = (port: PortLike, message: unknown): boolean => {
    try {
      port.postMessage(message);
      return true;
    } catch {
      return false;
    }
  };
  const join = (map: Map<number, Set<PortLike>>, tabId: number, port: PortLike): void => {
    const set = map.get(tabId) ?? new Set();
    map.set(tabId, set.add(port));
    port.onDisconnect.addListener(() => {
      set.delete(port);
      if (set.size === 0 && map.get(tabId) === set) map.delete(tabId);
    });
  };

  const allRules = (): Promise<Map<number, FaultRule[]>> =>
    (rules ??= deps.session.get(SESSION_KEY).then(
      (got) =>
        new Map(
          Object.entries((got[SESSION_KEY] ?? {}) as Record<string, FaultRule[]>).map(([k, v]) => [
            Number(k),
            v,
          ]),
        ),
      () => new Map(),
    ));
  const saveRules = async (map: Map<number, FaultRule[]>): Promise<void> => {
    try {
      await deps.session.set({ [SESSION_KEY]: Object.fromEntries(map) });
    } catch (error) {
      deps.onError?.(error);
    }
  };
  const rulesOf = async (tabId: number): Promise<FaultRule[]> => (await allRules()).get(tabId) ?? [];

  /** Under the tab's rate? Counts this message. */
  function allowed(tabId: number): boolean {
    const now = deps.now();
    let rate = rates.get(tabId);
    if (!rate || now - rate.since >= MINUTE) rates.set(tabId, (rate = { since: now, n: 0 }));
    return ++rate.n <= WIRE_LIMITS.maxCallsPerMinute;
  }

  async function onAgentMessage(port: PortLike, tabId: number, origin: string, sent: unknown): Promise<void> {
    const message = checkAgentMessage(sent);
    if (!message) {
      dropped.malformed++;
      return;
    }
    if (!allowed(tabId)) {
      dropped.rateLimited++;
      return;
    }
    if (message.type === 'cme-agent/hello') {
      post(port, { type: 'cme-agent/rules', rules: await rulesOf(tabId) } satisfies BackgroundToAgent);
      return;
    }
    // The call as the capture log keeps it, with the wire's fields only (the page may add others), its
    // relative URL made absolute against the reporting document's.
    const raw = agentCallToRawCall(message.call, port.sender?.url);
    const injected = injectedOf(message.call);
    const watching = panels.get(tabId);
    if (!watching) return void (await deps.store.addRecordedCall({ tabId, origin, injected, raw }));
    if (!injected) return;
    const forward: PanelInjectedCall = { type: 'cme-agent/injected', tabId, raw, injected };
    for (const panel of watching) post(panel, forward);
  }

  function onAgentPort(port: PortLike): void {
    const origin = relayOrigin(port.sender, deps.extensionId);
    const tabId = port.sender?.tab?.id as number;
    // Messages that come before the check has read the sites wait for it.
    const early: unknown[] = [];
    let accepted: boolean | null = null;
    const handle = (message: unknown): void => {
      onAgentMessage(port, tabId, origin as string, message).catch((error: unknown) => deps.onError?.(error));
    };
    port.onMessage.addListener((message) => {
      if (accepted) handle(message);
      else if (accepted === null) {
        if (early.length < 100) early.push(message);
        else dropped.rateLimited++;
      }
    });
    const refuse = (): void => {
      accepted = false;
      dropped.refusedPorts++;
      port.disconnect();
    };
    if (origin === null) return refuse();
    deps.isEnabled(origin).then(
      (ok) => {
        if (!ok) return refuse();
        accepted = true;
        join(agents, tabId, port);
        for (const m of early.splice(0)) handle(m);
      },
      (error: unknown) => {
        deps.onError?.(error);
        refuse();
      },
    );
  }

  function onPanelPort(port: PortLike): void {
    if (!deps.isOwnPage(port.sender ?? {})) {
      dropped.refusedPorts++;
      port.disconnect();
      return;
    }
    let joined = false;
    port.onMessage.addListener((message) => {
      const tabId = (message as { tabId?: unknown } | null)?.tabId;
      if (joined || !Number.isInteger(tabId) || (tabId as number) < 0) return;
      joined = true;
      join(panels, tabId as number, port);
    });
  }

  return {
    /** `runtime.onConnect` listener: takes the agent's and the panel's ports, ignores others. */
    onConnect(port: PortLike): void {
      if (port.name === AGENT_PORT) onAgentPort(port);
      else if (port.name === PANEL_CAPTURE_PORT) onPanelPort(port);
    },
    dropped: (): AgentDropCounts => ({ ...dropped }),
    getRules: rulesOf,

    /** Replace a tab's rules (already validated) and push them to its agents; answers how many got them. */
    async setRules(tabId: number, next: FaultRule[]): Promise<number> {
      const map = await allRules();
      if (next.length > 0) map.set(tabId, next);
      else map.delete(tabId);
      await saveRules(map);
      let n = 0;
      for (const port of agents.get(tabId) ?? []) {
        if (post(port, { type: 'cme-agent/rules', rules: next } satisfies BackgroundToAgent)) n++;
      }
      return n;
    },

    /** `tabs.onRemoved`: the tab's rules and rate go. */
    async tabRemoved(tabId: number): Promise<void> {
      rates.delete(tabId);
      const map = await allRules();
      if (map.delete(tabId)) await saveRules(map);
    },
  };
}

/** The agent hub's functions. */
export type AgentPorts = ReturnType<typeof createAgentPorts>;
