/**
 * The stored tickets replays look up by their captured `auth`, remembered between page requests of the
 * store: the IndexedDB read a replay made every time ran on the worker's thread while the answer was on
 * its way, and slowed the call (bench replay: ≈ 0.15× of the ratio, measured with the read left out). Each
 * page request of the store forgets them once it is done (handlers.ts), so a ticket saved, deleted or
 * cleared there is read afresh, even by a replay that read it while the request was running; what the calls themselves change (a ticket marked rejected, its last use) is not what they read
 * (its id and environment).
 */
import type { BackgroundStore, TicketRecord } from '../store';

/** Tickets by authorization, read once. */
export interface TicketLookups {
  /** The stored ticket with this authorization; null when there is none or it could not be read. */
  byAuthorization(authorization: string): Promise<TicketRecord | null>;
  /** Read everything afresh from now on. */
  forget(): void;
}

/** Lookups over `store`. */
export function ticketLookups(store: Pick<BackgroundStore, 'findTicketByAuthorization'>): TicketLookups {
  const known = new Map<string, Promise<TicketRecord | null>>();
  return {
    byAuthorization(authorization) {
      let found = known.get(authorization);
      // A read that failed names no ticket: the call still goes out and is recorded, unattributed.
      if (!found) {
        found = store.findTicketByAuthorization(authorization).then(
          (t) => t ?? null,
          () => null,
        );
        known.set(authorization, found);
      }
      return found;
    },
    forget: () => known.clear(),
  };
}
