/**
 * Attribution of client API calls to a CME identity: a ticket returned by a login (or stored earlier)
 * maps to that login's platform, user and app.
 */
import type { Identity } from './types';

/** Remembers which identity each ticket belongs to. */
export interface Attributor {
  /** Records the identity behind a ticket (a login's Authorization); later knowledge fills gaps. */
  learn(ticket: string, who: Identity): void;
  /** The identity behind a ticket, or null when no login or stored ticket taught it. */
  identify(ticket: string): Identity | null;
}

/** A ticket known in advance (e.g. stored by an earlier session) with its identity. */
export type KnownTicket = { authorization: string } & Identity;

/** Creates an attributor, optionally seeded with known tickets. */
export function createAttributor(known?: Iterable<KnownTicket>): Attributor {
  const byTicket = new Map<string, Identity>();

  function learn(ticket: string, who: Identity): void {
    if (ticket === '') return;
    const before = byTicket.get(ticket);
    // A newer login with the same ticket wins, but a field it does not know keeps the older value.
    byTicket.set(ticket, {
      platform: who.platform ?? before?.platform ?? null,
      userId: who.userId ?? before?.userId ?? null,
      appId: who.appId ?? before?.appId ?? null,
    });
  }

  function identify(ticket: string): Identity | null {
    const who = byTicket.get(ticket);
    return who === undefined ? null : { ...who };
  }

  if (known !== undefined) {
    for (const k of known) learn(k.authorization, { platform: k.platform, userId: k.userId, appId: k.appId });
  }
  return { learn, identify };
}
