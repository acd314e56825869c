/**
 * Stored tickets as the panel sees them (through the background's RPC): the list for the replay
 * picker and for attribution, whether a captured ticket is stored, and "save this ticket", which finds
 * (or creates) the environment the call was made in.
 */
import { signal } from '@preact/signals';
import type { DecodedCall } from '../../cme/types';
import type { RpcClient } from '../../protocol';
import { TENCENT_ENVIRONMENT_ID, type TicketRecord } from '../../store/schema';

/** Creates the tickets store over the RPC client (null: no background, e.g. a unit test). */
export function createTicketsStore(rpc: RpcClient | null) {
  const tickets = signal<readonly TicketRecord[]>([]);
  const loaded = signal(false);
  const error = signal<string | null>(null);

  async function refresh(): Promise<readonly TicketRecord[]> {
    if (rpc === null) return tickets.peek();
    try {
      const list = await rpc.request('tickets.list', {});
      tickets.value = list;
      loaded.value = true;
      error.value = null;
      return list;
    } catch (e) {
      error.value = e instanceof Error ? e.message : String(e);
      return tickets.peek();
    }
  }

  async function environmentFor(url: string): Promise<string> {
    if (rpc === null) throw new Error('No background to save to');
    // URL matching needs the classifier: loaded when a ticket is saved, not with the page.
    const { environmentDraft, environmentForUrl, isOfficial } = await import('./environments');
    const envs = await rpc.request('environments.list', {});
    const found = environmentForUrl(url, envs);
    if (found) return found.id;
    if (isOfficial(url)) return TENCENT_ENVIRONMENT_ID;
    const draft = environmentDraft(url);
    if (draft === null) throw new Error(`Not a URL: ${url}`);
    return (await rpc.request('environments.save', draft)).id;
  }

  return {
    tickets,
    loaded,
    error,
    refresh,

    /** true/false once the list is loaded; null before. */
    isStored(authorization: string): boolean | null {
      if (!loaded.value) return null;
      return tickets.value.some((t) => t.authorization === authorization);
    },

    /** Saves the ticket of a decoded call (with its identity) in the call's environment. */
    async save(call: DecodedCall): Promise<TicketRecord> {
      if (rpc === null || call.ticket === null) throw new Error('Nothing to save');
      const environmentId = await environmentFor(call.url);
      const { ticket } = await rpc.request('tickets.save', {
        environmentId,
        authorization: call.ticket,
        platform: call.user?.platform ?? null,
        userId: call.user?.userId ?? null,
        appId: call.user?.appId ?? null,
      });
      await refresh();
      return ticket;
    },
  };
}

/** The tickets store's API. */
export type TicketsStore = ReturnType<typeof createTicketsStore>;
