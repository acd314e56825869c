/**
 * Byte helpers for the CME core: Base64 (strict encode, tolerant decode), UTF-8 and hex.
 * Pure TypeScript: runs in pages, the MV3 service worker and Node. Decoders return null, never throw.
 */

const B64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

// What Base64 text may carry besides digits: tab, LF, VT, FF, CR and space.
const WHITESPACE = /[\t-\r ]/;

const utf8Encoder = /* @__PURE__ */ new TextEncoder();
const utf8Lenient = /* @__PURE__ */ new TextDecoder('utf-8');
const utf8Strict = /* @__PURE__ */ new TextDecoder('utf-8', { fatal: true });

/** How a space inside Base64 text is read: `plus` (a `+` lost in a URL), `skip` (whitespace), or `auto`. */
export type Base64SpaceMode = 'auto' | 'plus' | 'skip';

/** A tolerant Base64 decode and which tolerances it needed. */
export interface Base64Decoded {
  bytes: Uint8Array<ArrayBuffer>;
  /** Used `-` or `_` (base64url). */
  urlSafe: boolean;
  /** The `=` padding was missing or short. */
  unpadded: boolean;
  /** Whitespace (other than spaces read as `+`) was skipped. */
  whitespace: boolean;
  /** Spaces were read as `+`. */
  spaceAsPlus: boolean;
}

/** Standard Base64 (RFC 4648, `+/`, with `=` padding) of bytes. */
export function base64Encode(bytes: Uint8Array): string {
  const n = bytes.length;
  const parts: string[] = [];
  let chunk = '';
  let i = 0;
  for (; i + 2 < n; i += 3) {
    const v = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    chunk +=
      B64_ALPHABET[v >>> 18]! +
      B64_ALPHABET[(v >>> 12) & 63]! +
      B64_ALPHABET[(v >>> 6) & 63]! +
      B64_ALPHABET[v & 63]!;
    // Bound the rope depth of string concatenation on large inputs.
    if (chunk.length >= 8192) {
      parts.push(chunk);
      chunk = '';
    }
  }
  const rest = n - i;
  if (rest === 1) {
    const v = bytes[i]! << 16;
    chunk += B64_ALPHABET[v >>> 18]! + B64_ALPHABET[(v >>> 12) & 63]! + '==';
  } else if (rest === 2) {
    const v = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    chunk += B64_ALPHABET[v >>> 18]! + B64_ALPHABET[(v >>> 12) & 63]! + B64_ALPHABET[(v >>> 6) & 63]! + '=';
  }
  parts.push(chunk);
  return parts.join('');
}

/**
 * Tolerant Base64 decode reporting what it tolerated: either alphabet, missing padding, whitespace,
 * and spaces that stand for `+`. Null on anything else (stray characters, `=` mid-text, bad length).
 * Spaces: `skip` ignores them; `plus` reads every one as `+`, even at the edges (a raw URL paste of a
 * signature starting with `+`); `auto` trims the edges and reads inner spaces as `+` when the text has
 * no `+` and no other whitespace (a raw URL paste turns every `+` into a space; wrapped text uses newlines).
 */
export function base64DecodeDetailed(text: string, spaces: Base64SpaceMode = 'auto'): Base64Decoded | null {
  // Edge whitespace is dropped without a flag; in `plus` mode an edge space is a lost '+' and stays.
  const edge = spaces === 'plus' ? /[\t-\r]/ : WHITESPACE;
  let start = 0;
  let end = text.length;
  while (start < end && edge.test(text.charAt(start))) start++;
  while (end > start && edge.test(text.charAt(end - 1))) end--;
  let body = text.slice(start, end);
  const spaceAsPlus =
    body.includes(' ') && (spaces === 'plus' || (spaces === 'auto' && !/[+\t-\r]/.test(body)));
  if (spaceAsPlus) body = body.replaceAll(' ', '+');
  const whitespace = WHITESPACE.test(body);
  const parts = /^([\w+/-]*)(=*)$/.exec(whitespace ? body.replace(/[\t-\r ]/g, '') : body);
  if (!parts) return null;
  const digits = parts[1]!;
  const padding = parts[2]!.length;
  const rest = digits.length % 4;
  const wantPad = rest === 0 ? 0 : 4 - rest;
  // One digit left over carries only 6 of a byte's 8 bits.
  if (rest === 1 || padding > wantPad) return null;
  const binary = atob(digits.replace(/[-_]/g, (c) => (c === '-' ? '+' : '/')));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return { bytes, urlSafe: /[-_]/.test(digits), unpadded: padding < wantPad, whitespace, spaceAsPlus };
}

/**
 * Tolerant Base64 decode: the bytes `base64DecodeDetailed(text)` reads (spaces `auto`), without the report of
 * what it tolerated; null on invalid input. Its own few lines: capture rules decode with it alone, and a
 * test holds the two to the same bytes on arbitrary text (test/cme/bytes.test.ts).
 */
export function base64Decode(text: string): Uint8Array<ArrayBuffer> | null {
  let body = text.replace(/^[\t-\r ]+|[\t-\r ]+$/g, '');
  // A raw URL paste turns every '+' into a space: read them back, unless the text has '+' or line breaks.
  if (body.includes(' ') && !/[+\t-\r]/.test(body)) body = body.replaceAll(' ', '+');
  const parts = /^([\w+/-]*)(=*)$/.exec(body.replace(/[\t-\r ]/g, ''));
  const rest = (parts?.[1]?.length ?? 0) % 4;
  if (!parts || rest === 1 || parts[2]!.length > (4 - rest) % 4) return null;
  const binary = atob(parts[1]!.replace(/[-_]/g, (c) => (c === '-' ? '+' : '/')));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

/** UTF-8 bytes of a string (lone surrogates become U+FFFD, as TextEncoder does). */
export function utf8Encode(text: string): Uint8Array<ArrayBuffer> {
  return utf8Encoder.encode(text);
}

/** Text of UTF-8 bytes; invalid sequences become U+FFFD. */
export function utf8Decode(bytes: Uint8Array): string {
  return utf8Lenient.decode(bytes);
}

/** Text of UTF-8 bytes, or null when they are not valid UTF-8. */
export function utf8DecodeStrict(bytes: Uint8Array): string | null {
  try {
    return utf8Strict.decode(bytes);
  } catch {
    return null;
  }
}

/** Lower-case hex of bytes. */
export function bytesToHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

function hexDigit(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

/** Bytes of a hex string (either case); null when the length is odd or a character is not hex. */
export function hexToBytes(hex: string): Uint8Array<ArrayBuffer> | null {
  if (hex.length % 2 !== 0) return null;
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) {
    const hi = hexDigit(hex.charCodeAt(2 * i));
    const lo = hexDigit(hex.charCodeAt(2 * i + 1));
    if (hi < 0 || lo < 0) return null;
    out[i] = (hi << 4) | lo;
  }
  return out;
}

/**
 * Percent-decodes text to a string without ever throwing: `%XX` becomes byte XX, a malformed `%` stays
 * literal, and invalid UTF-8 becomes U+FFFD (what Node's querystring falls back to).
 * With `plusAsSpace`, `+` means a space (query-string values).
 */
export function percentDecode(text: string, plusAsSpace = false): string {
  let i = text.indexOf('%');
  const plus = plusAsSpace ? text.indexOf('+') : -1;
  if (i < 0 && plus < 0) return text;
  if (i < 0) return text.replaceAll('+', ' ');
  const src = plusAsSpace ? text.replaceAll('+', ' ') : text;
  const bytes = new Uint8Array(src.length * 3);
  let len = 0;
  let from = 0;
  while (i >= 0) {
    const hi = i + 2 < src.length ? hexDigit(src.charCodeAt(i + 1)) : -1;
    const lo = hi >= 0 ? hexDigit(src.charCodeAt(i + 2)) : -1;
    if (lo >= 0) {
      if (i > from) len += utf8Encoder.encodeInto(src.slice(from, i), bytes.subarray(len)).written;
      bytes[len++] = (hi << 4) | lo;
      from = i + 3;
      i = src.indexOf('%', from);
    } else {
      i = src.indexOf('%', i + 1);
    }
  }
  if (from < src.length) len += utf8Encoder.encodeInto(src.slice(from), bytes.subarray(len)).written;
  return utf8Lenient.decode(bytes.subarray(0, len));
}
