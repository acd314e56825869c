/**
 * The popup's identity: the stored tickets and environments, the ticket calls go out with and its
 * environment.
 */
import { computed, signal, type Signal } from '@preact/signals';
import type { RpcClient } from '../../protocol';
import type { EnvironmentRecord, TicketRecord } from '../../store/schema';
import { errorText } from '../shared/rpc-client';

/** What the identity part needs. */
export interface IdentityDeps {
  rpc: RpcClient;
  /** Where a failed read says why. */
  loadError: Signal<string | null>;
}

/** Create the popup's identity part. */
export function createIdentity({ rpc, loadError }: IdentityDeps) {
  const environments = signal<EnvironmentRecord[]>([]);
  const tickets = signal<TicketRecord[]>([]);
  const ticketId = signal<string | null>(null);
  const ticket = computed(() => tickets.value.find((t) => t.id === ticketId.value) ?? null);
  const environment = computed(() => {
    const t = ticket.value;
    return t ? (environments.value.find((e) => e.id === t.environment) ?? null) : null;
  });

  /** Read the stored tickets again (after a login or a call). */
  async function refreshTickets(): Promise<void> {
    try {
      tickets.value = await rpc.request('tickets.list', {});
    } catch (e) {
      loadError.value = errorText(e);
    }
  }

  /** Take what the popup read on opening; the remembered ticket if still stored, else the first active one. */
  function restore(envs: EnvironmentRecord[], ts: TicketRecord[], rememberedId: string | null): void {
    environments.value = envs;
    tickets.value = ts;
    const remembered = ts.find((t) => t.id === rememberedId);
    ticketId.value = (remembered ?? ts.find((t) => t.status === 'active') ?? ts[0])?.id ?? null;
  }

  return { environments, tickets, ticketId, ticket, environment, refreshTickets, restore };
}

/** The popup's identity part. */
export type Identity = ReturnType<typeof createIdentity>;
