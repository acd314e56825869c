/** What the background's functions need from the world, injected so tests can pass fakes or real servers. */
import type { ActionFailure } from '../protocol';
import { actionFailure } from '../protocol/messages';
import type { AgentPorts } from './agent-ports';
import type { AgentSites } from './agent-sites';
import type { BackgroundStore } from '../store';
import type { HttpDeps } from './http';
import type { SessionAreaLike } from './keys';
import type { TicketLookups } from './lookups';
import type { Pruner } from './prune';
import type { BackgroundLogs } from './write-behind';

/** Everything login, call and replay use. */
export interface BackgroundDeps {
  store: BackgroundStore;
  http: HttpDeps;
  /** `browser.storage.session` (local-signing keys live here only). */
  session: SessionAreaLike;
  /** Epoch ms. */
  now: () => number;
  /** Default call timeout in ms. */
  timeoutMs: () => Promise<number>;
  /** History rows and tickets' last uses, written behind the calls. */
  logs: BackgroundLogs;
  /** Tickets replays look up, remembered between page requests of the store. */
  lookups: TicketLookups;
  /** Keeps the stores within their caps (absent: nothing is pruned; `data.prune` removes nothing). */
  pruner?: Pruner;
  /** The page agent's sites and ports (absent: its RPC methods answer 'internal'). */
  agent?: { sites: AgentSites; ports: AgentPorts };
}

/** Why the background could not do what was asked: the protocol's `ActionFailure`. */
export type BackgroundFailure = ActionFailure;

/** Build a failure result (the pages build the same: lib/protocol/messages.ts). */
export const failure = actionFailure;
