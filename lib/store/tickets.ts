/**
 * Tickets: save, deduplicate by authorization, list per identity, mark rejected, touch, delete.
 */
import { optionalNumber, optionalText, requireNumber, requireOneOf, requireText } from './checks';
import { deleteById, LOG_WRITE, type StoreContext } from './context';
import { TICKET_SOURCES, type TicketRecord, type TicketSource } from './schema';

/** A ticket to save; only authorization, environment and source are required. */
export interface TicketInput {
  /** Generated when absent. */
  id?: string;
  authorization: string;
  environment: string;
  source: TicketSource;
  platform?: string | null;
  userId?: string | null;
  appId?: number | null;
  tfUid?: string | null;
  label?: string;
  createdAt?: number;
  lastUsedAt?: number | null;
  status?: 'active' | 'rejected';
  rejectedCode?: string | null;
  rejectedAt?: number | null;
}

/** Which tickets `listTickets` returns; every given field must match. */
export interface TicketFilter {
  environment?: string;
  platform?: string;
  userId?: string;
  status?: 'active' | 'rejected';
}

const STATUSES: readonly TicketRecord['status'][] = ['active', 'rejected'];

/** The fields `listTickets` filters on. */
const FILTERED: readonly (keyof TicketFilter)[] = ['environment', 'platform', 'userId', 'status'];

function buildTicket(input: TicketInput, ctx: StoreContext): TicketRecord {
  if (typeof input !== 'object' || input === null) {
    throw new Error('CME DevTools store: a ticket is required.');
  }
  const label = input.label ?? '';
  if (typeof label !== 'string') throw new Error('CME DevTools store: "label" must be a string.');
  return {
    id: input.id === undefined ? ctx.randomId() : requireText(input.id, 'id'),
    authorization: requireText(input.authorization, 'authorization'),
    platform: optionalText(input.platform, 'platform'),
    userId: optionalText(input.userId, 'userId'),
    appId: optionalNumber(input.appId, 'appId'),
    tfUid: optionalText(input.tfUid, 'tfUid'),
    environment: requireText(input.environment, 'environment'),
    label,
    source: requireOneOf(input.source, TICKET_SOURCES, 'source'),
    createdAt: input.createdAt === undefined ? ctx.now() : requireNumber(input.createdAt, 'createdAt'),
    lastUsedAt: optionalNumber(input.lastUsedAt, 'lastUsedAt'),
    status: input.status === undefined ? 'active' : requireOneOf(input.status, STATUSES, 'status'),
    rejectedCode: optionalText(input.rejectedCode, 'rejectedCode'),
    rejectedAt: optionalNumber(input.rejectedAt, 'rejectedAt'),
  };
}

/** Fill what the stored ticket lacks; keep its id, createdAt, source; keep its status unless given. */
function mergeTicket(existing: TicketRecord, incoming: TicketRecord, statusGiven: boolean): TicketRecord {
  const stored = existing.lastUsedAt;
  const given = incoming.lastUsedAt;
  return {
    ...existing,
    platform: incoming.platform ?? existing.platform,
    userId: incoming.userId ?? existing.userId,
    appId: incoming.appId ?? existing.appId,
    tfUid: incoming.tfUid ?? existing.tfUid,
    label: incoming.label || existing.label,
    lastUsedAt: stored === null ? given : given === null ? stored : Math.max(stored, given),
    ...(statusGiven
      ? { status: incoming.status, rejectedCode: incoming.rejectedCode, rejectedAt: incoming.rejectedAt }
      : {}),
  };
}

function recency(ticket: TicketRecord): number {
  return ticket.lastUsedAt ?? ticket.createdAt;
}

/** The ticket functions of the store but `putTicket`, which the background never needs. */
export function createTicketFunctions(ctx: StoreContext) {
  return {
    /**
     * Save a ticket unless one with the same authorization exists in the same environment; then fill in
     * what that one lacked (identity, label, lastUsedAt) and keep its id. Its status changes only when
     * `input.status` is given (a fresh login returning the same ticket passes 'active').
     */
    async upsertTicketByAuthorization(
      input: TicketInput,
    ): Promise<{ ticket: TicketRecord; created: boolean }> {
      const incoming = buildTicket(input, ctx);
      const db = await ctx.db();
      const tx = db.transaction('tickets', 'readwrite');
      const same = await tx.store.index('by-authorization').getAll(incoming.authorization);
      const existing = same.find((t) => t.environment === incoming.environment);
      const ticket = existing ? mergeTicket(existing, incoming, input.status !== undefined) : incoming;
      await Promise.all([tx.store.put(ticket), tx.done]);
      return { ticket, created: existing === undefined };
    },

    /** One ticket by id. */
    async getTicket(id: string): Promise<TicketRecord | undefined> {
      const db = await ctx.db();
      return db.transaction('tickets').store.get(requireText(id, 'id'));
    },

    /** Tickets matching `filter`, most recently used (or created) first. */
    async listTickets(filter: TicketFilter = {}): Promise<TicketRecord[]> {
      const tickets = (await ctx.db()).transaction('tickets').store;
      const { environment, platform, userId } = filter;
      const candidates =
        environment !== undefined && platform !== undefined && userId !== undefined
          ? await tickets.index('by-identity').getAll([environment, platform, userId])
          : await tickets.getAll();
      return candidates
        .filter((t) => FILTERED.every((key) => filter[key] === undefined || t[key] === filter[key]))
        .sort((a, b) => recency(b) - recency(a));
    },

    /** The ticket with this authorization (in `environment` when given). */
    async findTicketByAuthorization(
      authorization: string,
      environment?: string,
    ): Promise<TicketRecord | undefined> {
      const key = requireText(authorization, 'authorization');
      const same = await (await ctx.db()).transaction('tickets').store.index('by-authorization').getAll(key);
      return same.find((t) => environment === undefined || t.environment === environment);
    },

    /** Mark a ticket rejected by the server with `code`; undefined when no such ticket. */
    async markTicketRejected(id: string, code: string): Promise<TicketRecord | undefined> {
      const rejectedCode = requireText(code, 'code');
      requireText(id, 'id');
      const tx = (await ctx.db()).transaction('tickets', 'readwrite');
      const found = await tx.store.get(id);
      const updated = found && { ...found, status: 'rejected' as const, rejectedCode, rejectedAt: ctx.now() };
      await Promise.all([updated && tx.store.put(updated), tx.done]);
      return updated;
    },

    /**
     * Record when tickets were last used (id → epoch ms), in one transaction; a later time already
     * stored is kept, and ids with no ticket are skipped. Returns how many tickets changed.
     */
    async touchTickets(uses: ReadonlyMap<string, number>): Promise<number> {
      const checked = [...uses].map(([id, at]) => [requireText(id, 'id'), requireNumber(at, 'at')] as const);
      const db = await ctx.db();
      const tx = db.transaction('tickets', 'readwrite', LOG_WRITE);
      let changed = 0;
      const writes = checked.map(async ([id, at]) => {
        const found = await tx.store.get(id);
        if (!found || (found.lastUsedAt !== null && found.lastUsedAt >= at)) return;
        changed++;
        await tx.store.put({ ...found, lastUsedAt: at });
      });
      await Promise.all([...writes, tx.done]);
      return changed;
    },

    /** Delete a ticket; false when there was none. */
    async deleteTicket(id: string): Promise<boolean> {
      return deleteById(ctx, 'tickets', requireText(id, 'id'));
    },
  };
}

/** `putTicket`: only the pages' store has it (the background saves tickets by upsert). */
export function createPutTicket(ctx: StoreContext) {
  return {
    /** Save a ticket as given (replacing one with the same id). */
    async putTicket(input: TicketInput): Promise<TicketRecord> {
      const ticket = buildTicket(input, ctx);
      const tx = (await ctx.db()).transaction('tickets', 'readwrite');
      await Promise.all([tx.store.put(ticket), tx.done]);
      return ticket;
    },
  };
}

/** The ticket part of the store's API. */
export type TicketFunctions = ReturnType<typeof createTicketFunctions> & ReturnType<typeof createPutTicket>;
