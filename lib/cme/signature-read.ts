/**
 * Synchronous, never-throwing reader of CME signatures behind `decodeSignature`/`verifySignature`:
 * undoes transport damage, splits HMAC from plaintext, parses the query string and checks the fields.
 */
import type { SignatureFields } from './types';
import {
  base64DecodeDetailed,
  bytesToHex,
  percentDecode,
  utf8Decode,
  utf8DecodeStrict,
  type Base64Decoded,
} from './bytes';

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

const NUMERIC_FIELDS = ['currentTimeStamp', 'expireTime', 'random'] as const;
const TEXT_FIELDS = ['secretId', 'platform', 'action', 'userId'] as const;
const STANDARD: readonly string[] = [...TEXT_FIELDS, ...NUMERIC_FIELDS];
const STANDARD_BY_LOWER = new Map(STANDARD.map((name) => [name.toLowerCase(), name]));
const ACTIONS = new Set(['Login', 'OpenProject', 'Upload']);
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

/** Splits a query string like Node's querystring.parse (`+` is a space, empty segments skipped), in order. */
export function parseQueryPairs(text: string): [string, string][] {
  const pairs: [string, string][] = [];
  let start = 0;
  while (start <= text.length) {
    let amp = text.indexOf('&', start);
    if (amp < 0) amp = text.length;
    if (amp > start) {
      const eq = text.indexOf('=', start);
      if (eq >= 0 && eq < amp) {
        pairs.push([
          percentDecode(text.slice(start, eq), true),
          percentDecode(text.slice(eq + 1, amp), true),
        ]);
      } else {
        pairs.push([percentDecode(text.slice(start, amp), true), '']);
      }
    }
    start = amp + 1;
  }
  return pairs;
}

function hasPercentEncodedBase64(text: string): boolean {
  for (let i = text.indexOf('%'); i >= 0 && i + 2 < text.length; i = text.indexOf('%', i + 1)) {
    const a = text.charCodeAt(i + 1);
    const b = text.charCodeAt(i + 2) | 0x20; // lower-case letter
    if ((a === 50 && (b === 98 || b === 102)) || (a === 51 && b === 100)) return true; // 2B 2F 3D
  }
  return false;
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
  const n = value.length;
  if (n === 0 || n > 17) return null;
  for (let i = value.charCodeAt(0) === 45 ? 1 : 0; i < n; i++) {
    const c = value.charCodeAt(i);
    if (c < 48 || c > 57) return null;
  }
  const v = Number(value);
  return Number.isSafeInteger(v) ? v : null;
}

function readFields(pairs: [string, string][], problems: string[]): SignatureFields {
  const seen = new Map<string, string>();
  const repeated = new Set<string>();
  const extra: Record<string, string> = {};
  for (const [key, value] of pairs) {
    if (seen.has(key)) {
      if (!repeated.has(key))
        problems.push(`The field ${key} appears more than once; the first value is used.`);
      repeated.add(key);
      continue;
    }
    seen.set(key, value);
    if (STANDARD.includes(key)) continue;
    // defineProperty so that a key such as `__proto__` stays a plain field.
    Object.defineProperty(extra, key, { value, enumerable: true, writable: true, configurable: true });
    const standard = STANDARD_BY_LOWER.get(key.toLowerCase());
    if (standard)
      problems.push(`The field ${quote(key)} differs from the documented name ${standard} only in case.`);
  }
  const text = (name: (typeof TEXT_FIELDS)[number]): string => {
    const value = seen.get(name);
    if (value === undefined) problems.push(`The required field ${name} is missing.`);
    else if (value === '') problems.push(`The field ${name} is empty.`);
    return value ?? '';
  };
  const integer = (name: (typeof NUMERIC_FIELDS)[number]): number | null => {
    const value = seen.get(name);
    if (value === undefined) {
      problems.push(`The required field ${name} is missing.`);
      return null;
    }
    const n = parseInteger(value);
    if (n === null) problems.push(`The field ${name} is not an integer: ${quote(value)}.`);
    return n;
  };
  const secretId = text('secretId');
  const currentTimeStamp = integer('currentTimeStamp');
  const expireTime = integer('expireTime');
  const random = integer('random');
  const platform = text('platform');
  const action = text('action');
  const userId = text('userId');

  for (const [name, value] of [
    ['currentTimeStamp', currentTimeStamp],
    ['expireTime', expireTime],
  ] as const) {
    if (value !== null && value > MAX_PLAUSIBLE_SECONDS) {
      problems.push(`The field ${name} (${value}) looks like milliseconds; it must be Unix time in seconds.`);
    }
  }
  if (currentTimeStamp !== null && expireTime !== null && expireTime <= currentTimeStamp) {
    problems.push(
      `The field expireTime (${expireTime}) is not after currentTimeStamp (${currentTimeStamp}).`,
    );
  }
  if (random !== null && (random < 0 || random > MAX_UINT32)) {
    problems.push(
      `The field random (${random}) is outside the documented 32-bit unsigned range 0–${MAX_UINT32}.`,
    );
  }
  if (action && !ACTIONS.has(action)) {
    problems.push(
      `The action ${quote(action)} is not one of the documented values Login, OpenProject and Upload.`,
    );
  }
  return {
    secretId,
    currentTimeStamp: currentTimeStamp ?? 0,
    expireTime: expireTime ?? 0,
    random: random ?? 0,
    platform,
    action,
    userId,
    extra,
  };
}

function transportProblems(percent: boolean, b64: Base64Decoded): string[] {
  const problems: string[] = [];
  if (percent) {
    problems.push('The signature is still percent-encoded (%2B, %2F or %3D); it was URL-decoded once more.');
  }
  if (b64.spaceAsPlus) {
    problems.push(
      "The signature has spaces where Base64 has '+': it was probably put into a URL without URL-encoding. The spaces were read as '+'.",
    );
  }
  if (b64.whitespace)
    problems.push('The signature contains line breaks or other whitespace; they were ignored.');
  if (b64.urlSafe) {
    problems.push(
      "The signature uses URL-safe Base64 ('-' and '_'); the documented form is standard Base64 ('+' and '/').",
    );
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
  const percent = hasPercentEncodedBase64(text);
  if (percent) text = percentDecode(text);

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
      `The signature decodes to ${bytes.length} bytes; a CME signature is ${HMAC_BYTES} HMAC bytes followed by the plaintext.`,
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
    read.problems.push(
      'The plaintext has neither a secretId nor an action field, so this is not a CME signature.',
    );
    return read;
  }
  if (!withFields) return read;
  read.problems = transportProblems(percent, best.b64);
  if (looksPrintable(bytes)) {
    read.problems.push(
      'The first 20 bytes are printable text, not a raw HMAC: the HMAC was probably hex- or Base64-encoded, or left out.',
    );
  }
  if (!best.utf8Valid)
    read.problems.push('The plaintext is not valid UTF-8; invalid bytes were replaced with U+FFFD.');
  read.fields = readFields(best.pairs, read.problems);
  return read;
}
