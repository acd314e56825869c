/**
 * Masking of CME secrets (tickets, signatures, keys) at every edge: panel, exports, CLI output, logs.
 * Masked by default; every function takes `reveal` to show the full value on explicit request.
 */
import type { HttpHeader } from './types';

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

// Query parameters whose values are secrets, and how each is masked.
const URL_SECRETS: Record<string, (value: string) => string> = {
  auth: (v) => maskTicket(v),
  signature: (v) => maskSignature(v),
};

/**
 * Masks the `auth` and `signature` query values of a URL, keeping every other byte as it was.
 * Works on relative or unparseable URLs (plain string scanning).
 */
export function maskUrl(url: string, reveal = false): string {
  if (reveal) return url;
  const q = url.indexOf('?');
  if (q < 0) return url;
  let hash = url.indexOf('#', q);
  if (hash < 0) hash = url.length;
  const query = url.slice(q + 1, hash);
  let changed = false;
  const parts = query.split('&').map((part) => {
    const eq = part.indexOf('=');
    if (eq < 0) return part;
    const mask = URL_SECRETS[part.slice(0, eq)];
    const value = part.slice(eq + 1);
    if (mask === undefined || value === '') return part;
    changed = true;
    return `${part.slice(0, eq + 1)}${mask(decodeQueryValue(value))}`;
  });
  return changed ? `${url.slice(0, q + 1)}${parts.join('&')}${url.slice(hash)}` : url;
}

/**
 * Replaces every occurrence of each secret (and its URL-encoded form) in `text` with its masked form.
 * Secrets shorter than 4 characters are ignored: replacing them would garble unrelated text.
 */
export function maskSecretsInText(text: string, secrets: string[], reveal = false): string {
  if (reveal || text === '') return text;
  // Longest first, so a secret that contains another is replaced whole.
  const ordered = [...new Set(secrets)].filter((s) => s.length >= 4).sort((a, b) => b.length - a.length);
  let out = text;
  for (const secret of ordered) {
    const masked = maskSecret(secret);
    if (out.includes(secret)) out = out.split(secret).join(masked);
    const encoded = encodeURIComponent(secret);
    if (encoded !== secret && out.includes(encoded)) out = out.split(encoded).join(masked);
  }
  return out;
}

// JSON field names (compared in lower case) holding secrets, and how each is masked.
const JSON_SECRETS: Record<string, (value: string) => string> = {
  authorization: (v) => maskTicket(v),
  auth: (v) => maskTicket(v),
  ticket: (v) => maskTicket(v),
  signature: (v) => maskSignature(v),
  verifysign: (v) => maskSignature(v),
  // A SecretKey must never be shown in part.
  secretkey: () => MASK,
};

/**
 * A copy of a JSON value with secret string fields masked, at any depth: Authorization, auth, Ticket,
 * signature/Signature, VerifySign, SecretKey (names compared case-insensitively).
 */
export function maskJsonSecrets<T>(value: T, reveal = false): T {
  if (reveal) return value;
  return maskJsonValue(value) as T;
}

function maskJsonValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskJsonValue);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    const mask = typeof v === 'string' ? JSON_SECRETS[key.toLowerCase()] : undefined;
    out[key] = mask !== undefined && typeof v === 'string' ? mask(v) : maskJsonValue(v);
  }
  return out;
}

/**
 * A copy of headers with credentials masked: Authorization/Proxy-Authorization (scheme kept), Cookie and
 * Set-Cookie values (cookie names kept), and `auth`/`signature` in Referer/Location URLs.
 */
export function maskHeaders(headers: HttpHeader[], reveal = false): HttpHeader[] {
  if (reveal) return headers.map((h) => ({ ...h }));
  return headers.map((h) => ({ name: h.name, value: maskHeaderValue(h.name.toLowerCase(), h.value) }));
}

function maskHeaderValue(name: string, value: string): string {
  switch (name) {
    case 'authorization':
    case 'proxy-authorization': {
      const space = value.indexOf(' ');
      return space > 0
        ? `${value.slice(0, space + 1)}${maskTicket(value.slice(space + 1))}`
        : maskTicket(value);
    }
    case 'cookie':
      return value
        .split(';')
        .map((pair) => maskCookiePair(pair))
        .join(';');
    case 'set-cookie': {
      // Only the first pair is the cookie; the rest are attributes (Path, Expires, HttpOnly...).
      const semi = value.indexOf(';');
      return semi < 0 ? maskCookiePair(value) : maskCookiePair(value.slice(0, semi)) + value.slice(semi);
    }
    case 'referer':
    case 'location':
      return maskUrl(value);
    default:
      return value;
  }
}

function maskCookiePair(pair: string): string {
  const eq = pair.indexOf('=');
  if (eq < 0) return pair;
  const value = pair.slice(eq + 1);
  return value === '' ? pair : `${pair.slice(0, eq + 1)}${maskTicket(value)}`;
}

function decodeQueryValue(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
