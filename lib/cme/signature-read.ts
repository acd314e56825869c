/**
 * Synchronous, never-throwing reader of CME signatures behind `decodeSignature`/`verifySignature`:
 * undoes transport damage, splits HMAC from plaintext, parses the query string and checks the fields.
 */
import type { SignatureFields } from './types';
import { base64DecodeDetailed, bytesToHex, utf8Decode, utf8DecodeStrict, type Base64Decoded } from './bytes';

/** Length of the raw HMAC-SHA1 prefix of a signature. */
export const HMAC_BYTES = 20;

/** Everything read from a signature text. */
export interface SignatureRead {
  /** The decoded bytes when there are at least 21 (HMAC + plaintext), else null. */
  bytes: Uint8Array<ArrayBuffer> | null;
  /** The plaintext has a `secretId` or `action` field. */
  cme: boolean;
  fields: SignatureFields | null;
  pairs: [string, string][];
  plaintext: string;
  hmacHex: string;
  problems: string[];
}

// The documented fields in plaintext order; the numeric ones are read as integers.
const STANDARD = [
  'secretId',
  'currentTimeStamp',
  'expireTime',
  'random',
  'platform',
  'action',
  'userId',
] as const;
const NUMERIC: readonly string[] = ['currentTimeStamp', 'expireTime', 'random'];
const STANDARD_BY_LOWER = new Map(STANDARD.map((name) => [name.toLowerCase(), name]));
const ACTIONS = ['Login', 'OpenProject', 'Upload'];
const MAX_UINT32 = 4294967295;
// Unix seconds stay below this until the year 5138; a value above it is almost surely milliseconds.
const MAX_PLAUSIBLE_SECONDS = 1e11;

interface Candidate {
  b64: Base64Decoded;
  plaintext: string;
  utf8Valid: boolean;
  pairs: [string, string][];
  cme: boolean;
}

/**
 * Splits a query string like Node's querystring.parse (`+` is a space, empty segments skipped, a malformed
 * `%` kept, invalid UTF-8 as U+FFFD), in order: the WHATWG form-urlencoded parser does exactly that.
 */
export function parseQueryPairs(text: string): [string, string][] {
  // The '&' keeps a leading '?' in the first key: URLSearchParams would drop it, Node does not.
  return [...new URLSearchParams('&' + text)];
}

/** Undoes one round of URL-encoding of a signature. */
function percentDecodeAscii(text: string): string {
  // Only escapes of ASCII can leave valid Base64 behind; others stay, and fail as Base64 either way.
  return text.replace(/%([0-7][0-9a-f])/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

function candidate(b64: Base64Decoded | null): Candidate | null {
  if (!b64 || b64.bytes.length <= HMAC_BYTES)
    return b64 ? { b64, plaintext: '', utf8Valid: true, pairs: [], cme: false } : null;
  const body = b64.bytes.subarray(HMAC_BYTES);
  const strict = utf8DecodeStrict(body);
  const plaintext = strict ?? utf8Decode(body);
  const pairs = parseQueryPairs(plaintext);
  const cme = pairs.some(([key]) => key === 'secretId' || key === 'action');
  return { b64, plaintext, utf8Valid: strict !== null, pairs, cme };
}

function quote(value: string): string {
  return JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value);
}

function parseInteger(value: string): number | null {
  const v = Number(value);
  return value.length <= 17 && /^-?\d+$/.test(value) && Number.isSafeInteger(v) ? v : null;
}

function readFields(pairs: [string, string][], problems: string[]): SignatureFields {
  const seen = new Map<string, string>();
  const repeated = new Set<string>();
  const extra: Record<string, string> = {};
  for (const [key, value] of pairs) {
    if (seen.has(key)) {
      if (!repeated.has(key)) problems.push(`The field ${key} is repeated; the first value is used.`);
      repeated.add(key);
      continue;
    }
    seen.set(key, value);
    const standard = STANDARD_BY_LOWER.get(key.toLowerCase());
    if (standard === key) continue;
    // defineProperty so that a key such as `__proto__` stays a plain field.
    Object.defineProperty(extra, key, { value, enumerable: true, writable: true, configurable: true });
    if (standard) problems.push(`The field ${quote(key)} differs from ${standard} only in case.`);
  }
  const read: Record<string, string | number | null> = {};
  for (const name of STANDARD) {
    const value = seen.get(name);
    const numeric = NUMERIC.includes(name);
    const n = value === undefined || !numeric ? null : parseInteger(value);
    read[name] = numeric ? n : (value ?? '');
    if (value === undefined) problems.push(`The required field ${name} is missing.`);
    else if (numeric && n === null) problems.push(`The field ${name} is not an integer: ${quote(value)}.`);
    else if (value === '') problems.push(`The field ${name} is empty.`);
  }
  const { currentTimeStamp, expireTime, random, action } = read as {
    [K in (typeof STANDARD)[number]]: K extends 'action' ? string : number | null;
  };
  for (const [name, value] of [
    ['currentTimeStamp', currentTimeStamp],
    ['expireTime', expireTime],
  ] as const) {
    if (value !== null && value > MAX_PLAUSIBLE_SECONDS) {
      problems.push(`The field ${name} (${value}) looks like milliseconds, not Unix seconds.`);
    }
  }
  if (currentTimeStamp !== null && expireTime !== null && expireTime <= currentTimeStamp) {
    problems.push(
      `The field expireTime (${expireTime}) is not after currentTimeStamp (${currentTimeStamp}).`,
    );
  }
  if (random !== null && (random < 0 || random > MAX_UINT32)) {
    problems.push(`The field random (${random}) is not a 32-bit unsigned integer.`);
  }
  if (action && !ACTIONS.includes(action)) {
    problems.push(`The action ${quote(action)} is not Login, OpenProject or Upload.`);
  }
  return {
    ...(read as Omit<SignatureFields, 'extra'>),
    currentTimeStamp: currentTimeStamp ?? 0,
    expireTime: expireTime ?? 0,
    random: random ?? 0,
    extra,
  };
}

function transportProblems(percent: boolean, b64: Base64Decoded): string[] {
  const problems: string[] = [];
  if (percent) {
    problems.push('The signature is still percent-encoded; it was URL-decoded once more.');
  }
  if (b64.spaceAsPlus) {
    problems.push(
      "The signature has spaces where Base64 has '+': it was put into a URL without URL-encoding. They were read as '+'.",
    );
  }
  if (b64.whitespace)
    problems.push('The signature contains line breaks or other whitespace; they were ignored.');
  if (b64.urlSafe) {
    problems.push("The signature uses URL-safe Base64 ('-', '_') instead of the standard ('+', '/').");
  }
  if (b64.unpadded) problems.push("The signature's Base64 '=' padding is missing.");
  return problems;
}

function looksPrintable(bytes: Uint8Array): boolean {
  for (let i = 0; i < HMAC_BYTES; i++) {
    const b = bytes[i]!;
    if (b < 0x20 || b > 0x7e) return false;
  }
  return true;
}

/** Reads a signature text; never throws. `withFields: false` skips the field checks (classifier use). */
export function readSignature(sig: string, withFields = true): SignatureRead {
  const empty: SignatureRead = {
    bytes: null,
    cme: false,
    fields: null,
    pairs: [],
    plaintext: '',
    hmacHex: '',
    problems: [],
  };
  let text = typeof sig === 'string' ? sig : '';
  if (text.trim() === '') {
    empty.problems.push('The signature is empty.');
    return empty;
  }
  const percent = /%(?:2b|2f|3d)/i.test(text);
  if (percent) text = percentDecodeAscii(text);

  let best = candidate(base64DecodeDetailed(text, 'auto'));
  if (!best?.cme && text.includes(' ')) {
    // A space is either whitespace or a '+' lost in a URL (even a leading one); try both readings.
    for (const mode of ['plus', 'skip'] as const) {
      const other = candidate(base64DecodeDetailed(text, mode));
      if (other && (other.cme || !best)) best = other;
      if (best?.cme) break;
    }
  }
  if (!best) {
    empty.problems.push('The signature is not valid Base64.');
    return empty;
  }
  const bytes = best.b64.bytes;
  if (bytes.length <= HMAC_BYTES) {
    empty.problems.push(
      `The signature decodes to ${bytes.length} bytes, too few for a ${HMAC_BYTES}-byte HMAC and a plaintext.`,
    );
    return empty;
  }
  const read: SignatureRead = {
    bytes,
    cme: best.cme,
    fields: null,
    pairs: best.pairs,
    plaintext: best.plaintext,
    hmacHex: bytesToHex(bytes.subarray(0, HMAC_BYTES)),
    problems: [],
  };
  if (!best.cme) {
    read.problems.push('The plaintext has no secretId or action field: not a CME signature.');
    return read;
  }
  if (!withFields) return read;
  read.problems = transportProblems(percent, best.b64);
  if (looksPrintable(bytes)) {
    read.problems.push(
      'The first 20 bytes are printable text, not a raw HMAC (hex- or Base64-encoded, or left out?).',
    );
  }
  if (!best.utf8Valid)
    read.problems.push('The plaintext is not valid UTF-8; invalid bytes were replaced with U+FFFD.');
  read.fields = readFields(best.pairs, read.problems);
  return read;
}
