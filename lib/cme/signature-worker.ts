/**
 * The worker's short forms of signing and reading a signature (lib/cme/signature.ts has the full ones, with
 * the checks the CLI and pages need). `signLogin` signs a Login for an identity the worker has already
 * checked; `signatureFields` reads the identity of a signature to log in with. Tests hold both to the full
 * ones: byte-identical signatures, and the same fields as `decodeSignature` reads.
 */
import type { SignDeps } from './signature';
import { HMAC_BYTES, parseQueryPairs } from './signature-read';

const enc = (text: string) => encodeURIComponent(text.toWellFormed());

/**
 * `signSignature({ secretId, platform, userId }, secretKey, deps)`: a Login valid 300 s from now, with the
 * default random. Its strings need no check (any string signs); its numbers are always integers.
 */
export async function signLogin(
  id: { secretId: string; platform: string; userId: string },
  secretKey: string,
  deps: SignDeps = {},
): Promise<string> {
  const crypto = deps.crypto ?? globalThis.crypto;
  const t = Math.floor((deps.now ?? Date.now)() / 1000);
  const random = deps.randomUint32?.() ?? globalThis.crypto.getRandomValues(new Uint32Array(1))[0];
  const message = new TextEncoder().encode(
    `secretId=${enc(id.secretId)}&currentTimeStamp=${t}&expireTime=${t + 300}&random=${random}` +
      `&platform=${enc(id.platform)}&action=Login&userId=${enc(id.userId)}`,
  );
  // WebCrypto refuses an empty HMAC key; HMAC zero-pads keys, so one zero byte is the same key.
  const keyBytes = new TextEncoder().encode(secretKey);
  const key = await crypto.subtle.importKey(
    'raw',
    keyBytes.length ? keyBytes : new Uint8Array(1),
    { name: 'HMAC', hash: 'SHA-1' },
    false,
    ['sign'],
  );
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, message));
  let binary = '';
  for (const b of [...mac, ...message]) binary += String.fromCharCode(b);
  return btoa(binary);
}

/**
 * The plaintext fields of a signature (20 HMAC bytes and a query string, in Base64), first value of each:
 * the worker's reading of its logins' identity. null when it is not one, or carries neither secretId nor
 * action. Reads Base64 as `atob` does (line breaks skipped, padding optional) in either alphabet, a space
 * inside it as the '+' it was; the popup repairs a paste before it sends it (`decodeSignature(...).base64`),
 * and pages decode with `decodeSignature`, which also says what is wrong.
 */
export function signatureFields(sig: string): Map<string, string> | null {
  let binary: string;
  try {
    // Inside the text a space is a '+' that a form decoding turned into one (a dev server's answer).
    binary = atob(sig.trim().replace(/[-_ ]/g, (c) => (c === '_' ? '/' : '+')));
  } catch {
    return null;
  }
  if (binary.length <= HMAC_BYTES) return null;
  const plaintext = Uint8Array.from(binary.slice(HMAC_BYTES), (c) => c.charCodeAt(0));
  const fields = new Map<string, string>();
  for (const [key, value] of parseQueryPairs(new TextDecoder().decode(plaintext))) {
    if (!fields.has(key)) fields.set(key, value);
  }
  return fields.has('secretId') || fields.has('action') ? fields : null;
}
