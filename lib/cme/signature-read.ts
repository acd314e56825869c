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

/** The documented signature fields, in the order signing writes them. */
export const STANDARD_FIELDS = [
  'secretId',
  'currentTimeStamp',
  'expireTime',
  'random',
  'platform',
  'action',
  'userId',
] as const;
// Read as integers.
const NUMERIC: readonly string[] = ['currentTimeStamp', 'expireTime', 'random'];
const STANDARD_BY_LOWER = /* @__PURE__ */ new Map(
  /* @__PURE__ */ STANDARD_FIELDS.map((name) => [name.toLowerCase(), name]),
);
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

function candidate(b64: Base64Decoded | null): Candidate | null {
  if (!b64) return null;
  // Too short for a plaintext: the body is empty, so no pairs and not CME.
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
  const extra: [string, string][] = [];
  for (const [key, value] of pairs) {
    if (seen.has(key)) {
      if (!repeated.has(key)) problems.push(`The field ${key} is repeated; the first value is used.`);
      repeated.add(key);
      continue;
    }
    seen.set(key, value);
    const standard = STANDARD_BY_LOWER.get(key.toLowerCase());
    if (standard === key) continue;
    extra.push([key, value]);
    if (standard) problems.push(`The field ${quote(key)} differs from ${standard} only in case.`);
  }
  const read: Record<string, string | number | null> = {};
  for (const name of STANDARD_FIELDS) {
    const value = seen.get(name);
    const numeric = NUMERIC.includes(name);
    const n = value === undefined || !numeric ? null : parseInteger(value);
    read[name] = numeric ? n : (value ?? '');
    if (value === undefined) problems.push(`The required field ${name} is missing.`);
    else if (numeric && n === null) problems.push(`The field ${name} is not an integer: ${quote(value)}.`);
    else if (value === '') problems.push(`The field ${name} is empty.`);
  }
  const { currentTimeStamp, expireTime, random, action } = read as {
    [K in (typeof STANDARD_FIELDS)[number]]: K extends 'action' ? string : number | null;
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
  for (const name of NUMERIC) read[name] ??= 0;
  // fromEntries defines each key, so one such as `__proto__` stays a plain field.
  return { ...read, extra: Object.fromEntries(extra) } as SignatureFields;
}

// The Base64 tolerances a reading used, each with the problem it reports, in report order.
const TOLERANCES: [keyof Base64Decoded, string][] = [
  [
    'spaceAsPlus',
    "The signature has spaces where Base64 has '+': it was put into a URL without URL-encoding. They were read as '+'.",
  ],
  ['whitespace', 'The signature contains line breaks or other whitespace; they were ignored.'],
  ['urlSafe', "The signature uses URL-safe Base64 ('-', '_') instead of the standard ('+', '/')."],
  ['unpadded', "The signature's Base64 '=' padding is missing."],
];

/** Reads a signature text; never throws. `withFields: false` skips the field checks (classifier use). */
export function readSignature(sig: string, withFields = true): SignatureRead {
  const read: SignatureRead = {
    bytes: null,
    cme: false,
    fields: null,
    pairs: [],
    plaintext: '',
    hmacHex: '',
    problems: [],
  };
  const problems = read.problems;
  const fail = (problem: string): SignatureRead => {
    problems.push(problem);
    return read;
  };
  let text = typeof sig === 'string' ? sig : '';
  if (text.trim() === '') return fail('The signature is empty.');
  const percent = /%(?:2b|2f|3d)/i.test(text);
  // Undo one round of URL-encoding. Only escapes of ASCII can leave valid Base64 behind; others stay,
  // and fail as Base64 either way.
  if (percent)
    text = text.replace(/%([0-7][0-9a-f])/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));

  let best = candidate(base64DecodeDetailed(text, 'auto'));
  if (!best?.cme && text.includes(' ')) {
    // A space is either whitespace or a '+' lost in a URL (even a leading one); try both readings.
    for (const mode of ['plus', 'skip'] as const) {
      const other = candidate(base64DecodeDetailed(text, mode));
      if (other && (other.cme || !best)) best = other;
      if (best?.cme) break;
    }
  }
  if (!best) return fail('The signature is not valid Base64.');
  const { b64, cme, pairs, plaintext } = best;
  const bytes = b64.bytes;
  if (bytes.length <= HMAC_BYTES) {
    return fail(
      `The signature decodes to ${bytes.length} bytes, too few for a ${HMAC_BYTES}-byte HMAC and a plaintext.`,
    );
  }
  const mac = bytes.subarray(0, HMAC_BYTES);
  Object.assign(read, { bytes, cme, pairs, plaintext, hmacHex: bytesToHex(mac) });
  if (!cme) return fail('The plaintext has no secretId or action field: not a CME signature.');
  if (!withFields) return read;
  if (percent) problems.push('The signature is still percent-encoded; it was URL-decoded once more.');
  for (const [tolerance, problem] of TOLERANCES) if (b64[tolerance]) problems.push(problem);
  if (mac.every((b) => b >= 0x20 && b <= 0x7e)) {
    problems.push(
      'The first 20 bytes are printable text, not a raw HMAC (hex- or Base64-encoded, or left out?).',
    );
  }
  if (!best.utf8Valid)
    problems.push('The plaintext is not valid UTF-8; invalid bytes were replaced with U+FFFD.');
  read.fields = readFields(pairs, problems);
  return read;
}
