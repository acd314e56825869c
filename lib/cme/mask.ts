/**
 * How a secret looks masked: `tf_…27ec` for a ticket, `F9yi6V…MQ==` for a signature, `…` for a key or a
 * value too short to show in part. Pure functions with no other import, so the background worker can take
 * `maskTicket` without the masking core (lib/cme/secrets.ts).
 */

/** The mark that stands for hidden characters. */
export const MASK = '…';

// Below these lengths a partial mask would show too much of the value, so it is hidden entirely.
const MIN_TICKET_LENGTH = 16;
const MIN_SIGNATURE_LENGTH = 16;

/** Masks a ticket: `tf_…27ec` (short `xx_` prefix or first 3 chars, then the last 4); short values → `…`. */
export function maskTicket(ticket: string, reveal = false): string {
  if (reveal) return ticket;
  if (ticket.length < MIN_TICKET_LENGTH) return MASK;
  const underscore = ticket.indexOf('_');
  const prefix = underscore >= 0 && underscore < 5 ? ticket.slice(0, underscore + 1) : ticket.slice(0, 3);
  return prefix + MASK + ticket.slice(-4);
}

/** Masks a signature to its first 6 and last 4 characters: `F9yi6V…MQ==`; short values → `…`. */
export function maskSignature(signature: string, reveal = false): string {
  if (reveal) return signature;
  if (signature.length < MIN_SIGNATURE_LENGTH) return MASK;
  return signature.slice(0, 6) + MASK + signature.slice(-4);
}

/** Masks any secret by its look: a long Base64-like value as a signature, anything else as a ticket. */
export function maskSecret(secret: string, reveal = false): string {
  if (reveal) return secret;
  return secret.length > 40 && !/^[A-Za-z0-9]{1,4}_/.test(secret)
    ? maskSignature(secret)
    : maskTicket(secret);
}
