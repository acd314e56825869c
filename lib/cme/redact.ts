/**
 * Masking of CME secrets (tickets, signatures, keys) at every edge: panel, exports, CLI output, logs.
 * Masked by default; every function takes `reveal` to show the full value on explicit request.
 * The masks themselves live in ./mask (the worker imports only those); finding secrets by value, in
 * any encoding, is the masking core in ./secrets, which these functions go through.
 */
import { createMasker, maskerOf, maskHeaderValue, maskQueryByName, type Masker } from './secrets';
import type { HttpHeader } from './types';

export { MASK, maskSecret, maskSignature, maskTicket } from './mask';

// The masker with no known secret: what a string names itself (`auth=…`, `"Authorization": …`, `tf_…`).
let plain: Masker | undefined;
function plainMasker(): Masker {
  return (plain ??= createMasker([]));
}

/**
 * Masks the `auth` and `signature` query values of a URL (keys percent-encoded too, as a server reads
 * them), keeping every other byte, and any secret the rest of it names. Works on relative or
 * unparseable URLs (plain string scanning).
 */
export function maskUrl(url: string, reveal = false): string {
  if (reveal) return url;
  return plainMasker().text(maskQueryByName(url));
}

/**
 * Replaces every occurrence of each secret in `text` with its masked form, in any encoding (raw,
 * percent-encoded in either case, JSON-escaped, inside Base64), and any secret the text names itself.
 * Secrets shorter than 4 characters are ignored: replacing them would garble unrelated text.
 * The list is compiled once (by identity), so masking many texts with one list costs one scan each.
 */
export function maskSecretsInText(text: string, secrets: readonly string[], reveal = false): string {
  if (reveal || text === '') return text;
  return maskerOf(secrets).text(text);
}

/**
 * A copy of a JSON value with secret string fields masked, at any depth (iterative): Authorization,
 * auth, Ticket, signature/Signature, VerifySign, SecretKey (names compared case-insensitively); any
 * other string or key that names a secret itself (`…?auth=<ticket>`) is masked too.
 */
export function maskJsonSecrets<T>(value: T, reveal = false): T {
  if (reveal) return value;
  return plainMasker().json(value);
}

/**
 * A copy of headers with credentials masked: Authorization/Proxy-Authorization and `X-…-Auth`-like
 * headers (scheme kept), Cookie and Set-Cookie values (cookie names kept), `auth`/`signature` in
 * Referer/Location URLs, and any secret a value names itself.
 */
export function maskHeaders(headers: HttpHeader[], reveal = false): HttpHeader[] {
  if (reveal) return headers.map((h) => ({ ...h }));
  const text = plainMasker().text;
  return headers.map((h) => ({ name: h.name, value: text(maskHeaderValue(h.name, h.value)) }));
}
