/**
 * The masking core: one set of secrets (every ticket, signature and key seen in a tab's traffic or
 * store) and one masker that every view, copy and export goes through.
 *
 * Secrets are found by value, in every encoding they travel in: raw, percent-encoded (either case, `+`
 * for a space), JSON-escaped (`\/`, `\uXXXX`), inside Base64 (a Base64 body is decoded and masked byte
 * by byte, valid UTF-8 or not; Base64 text elsewhere is matched by the part of its encoding the secret
 * alone determines). Besides the known set, each string is searched for secrets it names itself:
 * `auth=`/`signature=` query values (keys percent-encoded too), secret-named JSON fields (Authorization,
 * Ticket, VerifySign, SecretKey, …) and `tf_…` ticket look-alikes.
 *
 * Fast in the common case: the known set is compiled once into a rolling-hash table, so a string is
 * scanned once whatever the number of secrets; a string with no `%` or `\` is searched as it is.
 * Every walk is iterative: any nesting depth is safe.
 */
import { base64Decode, base64Encode, percentDecode, utf8Encode } from './bytes';
import { matchCaptureRules } from './capture-rules';
import { MASK, maskSignature, maskTicket } from './mask';
import type { CaptureRule, HttpHeader, RawBody, RawCall } from './types';

/** What a secret is, which decides how it is masked. */
export type SecretKind = 'ticket' | 'signature' | 'key';

/** A secret value and its kind. */
export interface KnownSecret {
  value: string;
  kind: SecretKind;
}

/** A body after masking, and why it was left out when it could not be masked completely. */
export interface MaskedBody {
  body: RawBody;
  /** The note when the body's text was dropped (not decodable, masking failed); null otherwise. */
  dropped: string | null;
}

/** Masks every known secret, and every secret a string names itself, wherever it sits. */
export interface Masker {
  /** The known secrets (found in the calls, plus the extra values given). */
  readonly secrets: readonly KnownSecret[];
  /** Any text: each secret by value, in every encoding, plus the secrets the text names. */
  text(text: string): string;
  /** A URL: `auth`/`signature`/… query values by name (encoded keys too), then as `text`. */
  url(url: string): string;
  /** Headers: credentials by header name (Authorization, Cookie, `X-…-Auth`, …), every value as `text`. */
  headers(headers: readonly HttpHeader[]): HttpHeader[];
  /** A body, text or Base64 (decoded, masked and re-encoded); dropped with a note when it cannot be. */
  body(body: RawBody): MaskedBody;
  /** A copy of a parsed JSON value: secret-named fields by name, every string leaf and key as `text`. */
  json<T>(value: T): T;
}

/** The note that replaces a body that could not be masked. */
export const BODY_DROPPED_NOTE = 'Body left out: it could not be decoded to mask its secrets';

// Secrets shorter than this are not searched by value: replacing them would garble unrelated text.
const MIN_SECRET = 4;
// A value after `name=` outside a URL's own query is taken for a secret from this length on.
const MIN_NAMED = 8;

// Names (lower case) whose values are secrets, in JSON fields and query strings, and their kinds.
const NAMED_KINDS: Record<string, SecretKind> = {
  auth: 'ticket',
  ticket: 'ticket',
  authorization: 'ticket',
  signature: 'signature',
  verifysign: 'signature',
  secretkey: 'key',
};

/** The kind of a secret-named field or query key (compared in lower case); undefined for other names. */
export function secretKindOfName(name: string): SecretKind | undefined {
  return Object.hasOwn(NAMED_KINDS, name.toLowerCase()) ? NAMED_KINDS[name.toLowerCase()] : undefined;
}

/** A value's kind by its look, for secrets given without one: long Base64-like → signature, else ticket. */
export function guessSecretKind(value: string): SecretKind {
  return value.length > 40 && !/^[A-Za-z0-9]{1,4}_/.test(value) ? 'signature' : 'ticket';
}

/** The masked form of a secret: `tf_…27ec`, `F9yi6V…MQ==`, or `…` for a key. */
export function maskedAs(value: string, kind: SecretKind): string {
  return kind === 'key' ? MASK : kind === 'signature' ? maskSignature(value) : maskTicket(value);
}

// In the decoded text: `auth=`/`signature=` values (query-like), `"name": "value"` for every secret name
// (JSON), and `tf_` look-alikes.
// (A literal, not built from NAMED_KINDS: a top-level call would keep this module in every bundle.)
const FIND =
  /(?<![A-Za-z0-9_.-])(auth|signature)=([^&#"'<>\s\\]+)|"(auth|signature|authorization|ticket|verifysign|secretkey)"\s*:\s*"([^"]*)"|(?<![A-Za-z0-9_-])(tf_[A-Za-z0-9_-]{13,})/gi;

// Every match of FIND holds one of these: a text without any (most answer bodies) skips FIND, whose
// look-behinds cost several times this scan (inspect of a 100 MB HAR: 190 ms of 2.4 s in FIND).
const MAY_NAME = /auth|signature|ticket|verifysign|secretkey|tf_/i;

interface Found {
  /** Span in the decoded text. */
  start: number;
  end: number;
  secret: KnownSecret;
}

/** Secrets a decoded text names itself; `minQuery` is the shortest `name=value` value taken. */
function findNamed(d: string, minQuery: number, out: Found[]): void {
  if (d.length < 8 || !MAY_NAME.test(d)) return;
  FIND.lastIndex = 0;
  for (let m = FIND.exec(d); m !== null; m = FIND.exec(d)) {
    let name: string;
    let value: string;
    let start: number;
    if (m[1] !== undefined) {
      name = m[1];
      value = m[2]!;
      if (value.length < minQuery) continue;
      start = m.index + name.length + 1;
    } else if (m[3] !== undefined) {
      name = m[3];
      value = m[4]!;
      if (value === '') continue;
      start = m.index + m[0].length - 1 - value.length;
    } else {
      name = 'ticket';
      value = m[5]!;
      start = m.index;
    }
    // Already masked (our own output read again): nothing left to hide.
    if (value.includes(MASK)) continue;
    out.push({ start, end: start + value.length, secret: { value, kind: NAMED_KINDS[name.toLowerCase()]! } });
  }
}

/** One decoding layer of a text: `%XX`, `\uXXXX` and JSON escapes read; `map[i]` = source index of char i. */
interface Layer {
  d: string;
  /** null when the text had nothing to decode (decoded = source). */
  map: Int32Array | null;
}

const JSON_ESCAPES: Record<number, number> = {
  0x22: 0x22, // "
  0x5c: 0x5c, // \
  0x2f: 0x2f, // /
  0x62: 0x08, // b
  0x66: 0x0c, // f
  0x6e: 0x0a, // n
  0x72: 0x0d, // r
  0x74: 0x09, // t
};

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

function decodeLayer(src: string, escapes = true): Layer {
  if (src.indexOf('%') < 0 && (!escapes || src.indexOf('\\') < 0)) return { d: src, map: null };
  const n = src.length;
  const codes = new Uint16Array(n);
  const map = new Int32Array(n + 1);
  let j = 0;
  let i = 0;
  while (i < n) {
    const c = src.charCodeAt(i);
    map[j] = i;
    if (c === 0x25 && i + 2 < n) {
      const hi = hexValue(src.charCodeAt(i + 1));
      const lo = hi < 0 ? -1 : hexValue(src.charCodeAt(i + 2));
      if (lo >= 0) {
        codes[j++] = (hi << 4) | lo;
        i += 3;
        continue;
      }
    } else if (escapes && c === 0x5c && i + 1 < n) {
      const e = src.charCodeAt(i + 1);
      if (e === 0x75 && i + 5 < n) {
        let v = 0;
        let k = 2;
        for (; k < 6; k++) {
          const h = hexValue(src.charCodeAt(i + k));
          if (h < 0) break;
          v = (v << 4) | h;
        }
        if (k === 6) {
          codes[j++] = v;
          i += 6;
          continue;
        }
      } else if (JSON_ESCAPES[e] !== undefined) {
        codes[j++] = JSON_ESCAPES[e];
        i += 2;
        continue;
      }
    }
    codes[j++] = c;
    i++;
  }
  map[j] = n;
  return { d: codesToString(codes, j), map };
}

function codesToString(codes: Uint16Array, length: number): string {
  const parts: string[] = [];
  for (let i = 0; i < length; i += 8192) {
    parts.push(String.fromCharCode(...codes.subarray(i, Math.min(length, i + 8192))));
  }
  return parts.join('');
}

/** Bytes as a string of char codes 0–255 (so ASCII secrets match as they are). */
function latin1(bytes: Uint8Array): string {
  const parts: string[] = [];
  for (let i = 0; i < bytes.length; i += 8192) {
    parts.push(String.fromCharCode(...bytes.subarray(i, Math.min(bytes.length, i + 8192))));
  }
  return parts.join('');
}

function latin1Bytes(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i) & 0xff;
  return out;
}

/**
 * The part of the Base64 of `bytes` that does not depend on the bytes around them, for each of the three
 * alignments: found in any Base64 text that carries the secret, whatever comes before or after it.
 */
function base64Cores(bytes: Uint8Array): string[] {
  const out: string[] = [];
  for (let a = 0; a < 3; a++) {
    const padded = new Uint8Array(a + bytes.length);
    padded.set(bytes, a);
    const core = base64Encode(padded).slice(Math.ceil((a * 8) / 6), Math.floor(((a + bytes.length) * 8) / 6));
    if (core.length >= 12)
      out.push(
        core,
        core.replace(/[+/]/g, (c) => (c === '+' ? '-' : '_')),
      );
  }
  return out;
}

/**
 * A text with every space read as `+`: a form-decoded query turns any raw `+` of a secret into a space,
 * and a value percent-encoded in part keeps some `+` (`%2BAA…+AB` reads `+AA… AB`), so the two are one
 * character when comparing. Same length, so positions hold.
 */
function spacesAsPlus(text: string): string {
  return text.includes(' ') ? text.replaceAll(' ', '+') : text;
}

/** Every form a secret is searched for in decoded text (compared with `spacesAsPlus` on both sides). */
function formsOf(secret: KnownSecret): string[] {
  const v = secret.value;
  const forms = new Set<string>([v]);
  if (/[+/]/.test(v)) forms.add(v.replace(/[+/]/g, (c) => (c === '+' ? '-' : '_')));
  const bytes = utf8Encode(v);
  const asBytes = latin1(bytes);
  if (asBytes !== v) forms.add(asBytes);
  for (const core of base64Cores(bytes)) forms.add(core);
  return [...forms].map(spacesAsPlus).filter((f) => f.length >= MIN_SECRET);
}

interface Needle {
  text: string;
  secret: KnownSecret;
}

interface Span {
  start: number;
  end: number;
  secret: KnownSecret;
}

const HASH_BASE = 31;

/** The known secrets compiled for one pass over a string: a rolling hash of each form's first `k` chars. */
class Matcher {
  readonly values = new Set<string>();
  private readonly k: number;
  private readonly pow: number;
  private readonly bits = new Uint8Array(65536);
  private readonly table = new Map<number, Needle[]>();

  constructor(secrets: readonly KnownSecret[]) {
    const needles: Needle[] = [];
    for (const s of secrets) {
      if (s.value.length < MIN_SECRET || this.values.has(s.value)) continue;
      this.values.add(s.value);
      for (const text of formsOf(s)) needles.push({ text, secret: s });
    }
    let k = 16;
    for (const n of needles) k = Math.min(k, n.text.length);
    this.k = k;
    let pow = 1;
    for (let i = 1; i < k; i++) pow = Math.imul(pow, HASH_BASE);
    this.pow = pow;
    for (const n of needles) {
      let h = 0;
      for (let i = 0; i < k; i++) h = (Math.imul(h, HASH_BASE) + n.text.charCodeAt(i)) | 0;
      this.bits[(h ^ (h >>> 16)) & 0xffff] = 1;
      const list = this.table.get(h);
      if (list === undefined) this.table.set(h, [n]);
      else list.push(n);
    }
    // Longest first, so a secret that contains another is replaced whole.
    for (const list of this.table.values()) list.sort((a, b) => b.text.length - a.text.length);
  }

  scan(text: string, out: Span[]): void {
    const d = spacesAsPlus(text);
    const n = d.length;
    const k = this.k;
    if (this.table.size === 0 || n < k) return;
    const { bits, table, pow } = this;
    let h = 0;
    for (let i = 0; i < k; i++) h = (Math.imul(h, HASH_BASE) + d.charCodeAt(i)) | 0;
    for (let i = 0; ; i++) {
      if (bits[(h ^ (h >>> 16)) & 0xffff] === 1) {
        const list = table.get(h);
        if (list !== undefined) {
          for (const needle of list) {
            if (d.startsWith(needle.text, i)) {
              out.push({ start: i, end: i + needle.text.length, secret: needle.secret });
              break;
            }
          }
        }
      }
      if (i + k >= n) break;
      h = (Math.imul(h - Math.imul(d.charCodeAt(i), pow), HASH_BASE) + d.charCodeAt(i + k)) | 0;
    }
  }
}

// Layers of encoding read (a JSON-escaped `\u0025` then `74`, a percent-encoded `%255F`, …).
const MAX_LAYERS = 3;

/** Masks one string (text, or bytes as latin1 when `bytes`). */
function maskString(src: string, matcher: Matcher, bytes: boolean): string {
  if (src.length < MIN_SECRET) return src;
  const spans: Span[] = [];
  // Each layer decoding the previous one, then the text as it is (`%AA…` may be a `%` before a secret,
  // or an escape of its first byte); `toSource` maps a layer's index back to the source.
  let d = src;
  let toSource: ((i: number) => number) | null = null;
  for (let layer = 0; layer < MAX_LAYERS; layer++) {
    const { d: next, map } = decodeLayer(d);
    if (map === null) break;
    const prev: ((i: number) => number) | null = toSource;
    const here: (i: number) => number = prev === null ? (i: number) => map[i]! : (i: number) => prev(map[i]!);
    d = next;
    toSource = here;
    const found: Span[] = [];
    findIn(d, matcher, found);
    for (const f of found) spans.push({ start: here(f.start), end: here(f.end), secret: f.secret });
  }
  // A backslash before a percent-encoded secret is not always an escape (`\b` + `bAAA…%3D`): the
  // percents read alone.
  if (src.indexOf('\\') >= 0 && src.indexOf('%') >= 0) {
    const { d: p, map } = decodeLayer(src, false);
    if (map !== null) {
      const found: Span[] = [];
      findIn(p, matcher, found);
      for (const f of found) spans.push({ start: map[f.start]!, end: map[f.end]!, secret: f.secret });
    }
  }
  // Last, so that where both cover the same bytes the decoded reading (the secret itself) is kept.
  findIn(src, matcher, spans);
  if (spans.length === 0) return src;
  const kept = spans.length === 1 ? spans : longestFirst(spans, src.length);
  const parts: string[] = [];
  let from = 0;
  for (const span of kept) {
    const masked = maskedAs(span.secret.value, span.secret.kind);
    parts.push(src.slice(from, span.start), bytes ? latin1(utf8Encode(masked)) : masked);
    from = span.end;
  }
  parts.push(src.slice(from));
  return parts.join('');
}

/** Known secrets, secrets the decoded text names itself, and their other occurrences in it. */
function findIn(d: string, matcher: Matcher, spans: Span[]): void {
  matcher.scan(d, spans);
  const named: Found[] = [];
  findNamed(d, MIN_NAMED, named);
  if (named.length === 0) return;
  const local = new Map<string, KnownSecret>();
  for (const f of named) {
    spans.push(f);
    if (!matcher.values.has(f.secret.value) && f.secret.value.length >= MIN_SECRET)
      local.set(f.secret.value, f.secret);
  }
  const plus = spacesAsPlus(d);
  for (const secret of local.values()) {
    for (const form of formsOf(secret)) {
      for (let at = plus.indexOf(form); at >= 0; at = plus.indexOf(form, at + form.length)) {
        spans.push({ start: at, end: at + form.length, secret });
      }
    }
  }
}

/**
 * The spans to replace, in text order: the longest first wins where finds overlap (a secret that contains
 * or overlaps another is replaced whole; what the other keeps outside it is not the whole other secret).
 */
function longestFirst(spans: Span[], length: number): Span[] {
  spans.sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
  const covered = new Uint8Array(length);
  const kept: Span[] = [];
  for (const span of spans) {
    let free = true;
    for (let i = span.start; i < span.end && free; i++) free = covered[i] === 0;
    if (!free) continue;
    covered.fill(1, span.start, span.end);
    kept.push(span);
  }
  return kept.sort((a, b) => a.start - b.start);
}

/** Secrets a string names itself (and, for `query`, every `auth`/`signature` value however short). */
function collectNamed(text: string, add: (value: string, kind: SecretKind) => void, query = false): void {
  const found: Found[] = [];
  findNamed(decodeLayer(text).d, query ? 1 : MIN_NAMED, found);
  for (const f of found) add(f.secret.value, f.secret.kind);
}

const HEADER_NAME = /(^|-)(auth|authorization|ticket|signature|token)($|-)/i;

/** The secret a header carries by its name (the credential after an auth scheme), or null. */
function headerSecret(name: string, value: string): KnownSecret | null {
  const n = name.toLowerCase();
  if (n === 'cookie' || n === 'set-cookie' || n.endsWith('authenticate') || !HEADER_NAME.test(n)) return null;
  const space = value.lastIndexOf(' ');
  const token = space >= 0 ? value.slice(space + 1) : value;
  return token === '' ? null : { value: token, kind: n.includes('signature') ? 'signature' : 'ticket' };
}

const KIND_RANK: Record<SecretKind, number> = { ticket: 0, signature: 1, key: 2 };

/**
 * Every secret the calls carry, with `extra` known values (stored tickets, keys): query values of
 * `auth`/`signature` (as sent and decoded), credential headers, login answers of both shapes,
 * secret-named fields and `name=value` pairs in any body (Base64 bodies decoded), any string of the call,
 * and the ticket a capture rule reads (a proxied call's header, body field or renamed query parameter).
 */
export function secretsOf(
  calls: Iterable<RawCall>,
  extra: Iterable<string | KnownSecret> = [],
  rules: readonly CaptureRule[] = [],
): KnownSecret[] {
  const found = new Map<string, SecretKind>();
  const add = (value: string, kind: SecretKind, asSent = false): void => {
    if (value.length < MIN_SECRET || value.includes(MASK)) return;
    const had = found.get(value);
    if (had === undefined || KIND_RANK[kind] > KIND_RANK[had]) found.set(value, kind);
    // A query value as sent: what a server reads from it too (percent-decoded, `+` for a space or not).
    if (asSent && (value.includes('%') || value.includes('+'))) {
      for (const decoded of [percentDecode(value), percentDecode(value, true)]) {
        if (decoded !== value && decoded.length >= MIN_SECRET && !found.has(decoded))
          found.set(decoded, kind);
      }
    }
  };
  for (const e of extra) {
    if (typeof e === 'string') add(e, guessSecretKind(e));
    else add(e.value, e.kind);
  }
  for (const call of calls) {
    const url = call.request.url;
    if (rules.length > 0) {
      const hit = matchCaptureRules(call.request, rules);
      if (hit !== null) add(hit.ticket, 'ticket', true);
    }
    collectNamed(url, add, true);
    const q = url.indexOf('?');
    if (q >= 0) {
      // As sent, too (the old collection kept these forms).
      for (const part of url.slice(q + 1).split(/[&#]/)) {
        const eq = part.indexOf('=');
        const kind = eq < 0 ? undefined : secretKindOfName(percentDecode(part.slice(0, eq), true));
        if (kind !== undefined && eq + 1 < part.length) add(part.slice(eq + 1), kind, true);
      }
    }
    for (const q1 of call.request.queryString ?? []) {
      const kind = secretKindOfName(q1.name);
      if (kind !== undefined) add(q1.value, kind, true);
    }
    for (const h of [...call.request.headers, ...(call.response?.headers ?? [])]) {
      const s = headerSecret(h.name, h.value);
      if (s !== null) add(s.value, s.kind);
    }
    for (const body of [call.request.body, call.response?.body]) {
      if (body === null || body === undefined) continue;
      for (const p of body.params ?? []) {
        const kind = secretKindOfName(p.name);
        if (kind !== undefined && p.value !== undefined) add(p.value, kind);
      }
      const text = body.text;
      if (typeof text !== 'string' || text === '') continue;
      if (isBase64(body)) {
        const bytes = base64Decode(text);
        if (bytes !== null) collectNamed(latin1(bytes), add);
      }
      collectNamed(text, add);
    }
    // Every other string of the call: headers, cookies, comments, the initiator's URLs.
    forEachString(
      { ...call, request: { ...call.request, body: null, url: '' }, response: withoutBody(call) },
      (s) => collectNamed(s, add),
    );
  }
  return [...found].map(([value, kind]) => ({ value, kind }));
}

function withoutBody(call: RawCall): RawCall['response'] {
  return call.response === null ? null : { ...call.response, body: null };
}

function isBase64(body: RawBody): boolean {
  return typeof body.encoding === 'string' && body.encoding.toLowerCase() === 'base64';
}

/** Calls `fn` on every string (keys excluded) of a JSON-like value, iteratively. */
function forEachString(value: unknown, fn: (s: string) => void): void {
  const stack: unknown[] = [value];
  const seen = new Set<object>();
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v === 'string') fn(v);
    else if (typeof v === 'object' && v !== null && !seen.has(v)) {
      seen.add(v);
      for (const x of Array.isArray(v) ? v : Object.values(v)) stack.push(x);
    }
  }
}

/** A masker for the known secrets (a value alone is given a kind by its look). */
export function createMasker(secrets: Iterable<string | KnownSecret>): Masker {
  const list: KnownSecret[] = [];
  for (const s of secrets) list.push(typeof s === 'string' ? { value: s, kind: guessSecretKind(s) } : s);
  const matcher = new Matcher(list);
  const text = (t: string): string => maskString(t, matcher, false);
  const url = (u: string): string => text(maskQueryByName(u));
  return {
    secrets: list,
    text,
    url,
    headers: (headers) =>
      headers.map((h) => ({ name: text(h.name), value: text(maskHeaderValue(h.name, h.value)) })),
    body: (body) => maskBodyWith(body, matcher),
    json: <T>(value: T): T => maskJsonWith(value, text),
  };
}

/** Secrets learnt as they come (a tab's traffic, a file read once), and the masker of all learnt so far. */
export interface GrowingSecrets {
  /** Learns one secret; a value known already keeps the stronger kind (a key over a signature over a ticket). */
  add(secret: KnownSecret): void;
  /** Learns every secret of a call (`secretsOf`). */
  addCall(call: RawCall): void;
  /** The masker of every secret learnt; compiled again only when one was learnt since the last. */
  masker(): Masker;
}

/** An empty set of secrets that grows; `rules` find proxied calls' tickets (see `secretsOf`). */
export function growingSecrets(rules: readonly CaptureRule[] = []): GrowingSecrets {
  const known = new Map<string, KnownSecret>();
  let current: Masker | null = null;
  const add = (s: KnownSecret): void => {
    const had = known.get(s.value);
    if (had !== undefined && KIND_RANK[had.kind] >= KIND_RANK[s.kind]) return;
    known.set(s.value, s);
    current = null;
  };
  return {
    add,
    addCall(call) {
      for (const s of secretsOf([call], [], rules)) add(s);
    },
    masker() {
      return (current ??= createMasker(known.values()));
    },
  };
}

/** The masker of a set of calls: their secrets plus `extra` known values. */
export function maskerForCalls(
  calls: Iterable<RawCall>,
  extra: Iterable<string | KnownSecret> = [],
  rules: readonly CaptureRule[] = [],
): Masker {
  return createMasker(secretsOf(calls, extra, rules));
}

/**
 * Masks the values of secret query keys (`auth`, `signature`, …; a key percent-encoded as `%61uth` is read
 * as the server reads it), keeping every other byte. Relative or unparseable URLs work (string scanning).
 */
export function maskQueryByName(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  let hash = url.indexOf('#', q);
  if (hash < 0) hash = url.length;
  let changed = false;
  const parts = url
    .slice(q + 1, hash)
    .split('&')
    .map((part) => {
      const eq = part.indexOf('=');
      if (eq < 0) return part;
      const kind = secretKindOfName(percentDecode(part.slice(0, eq), true));
      const value = part.slice(eq + 1);
      if (kind === undefined || value === '' || value.includes(MASK)) return part;
      changed = true;
      return `${part.slice(0, eq + 1)}${maskedAs(decodeQueryValue(value), kind)}`;
    });
  return changed ? `${url.slice(0, q + 1)}${parts.join('&')}${url.slice(hash)}` : url;
}

function decodeQueryValue(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** A header value with its credential masked by the header's name; other values unchanged. */
export function maskHeaderValue(name: string, value: string): string {
  const n = name.toLowerCase();
  switch (n) {
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
      return maskQueryByName(value);
    default: {
      if (n !== 'authorization' && n !== 'proxy-authorization' && headerSecret(n, value) === null)
        return value;
      if (value.includes(MASK)) return value;
      const kind = n.includes('signature') ? 'signature' : 'ticket';
      const space = value.indexOf(' ');
      return space > 0
        ? `${value.slice(0, space + 1)}${maskedAs(value.slice(space + 1), kind)}`
        : maskedAs(value, kind);
    }
  }
}

function maskCookiePair(pair: string): string {
  const eq = pair.indexOf('=');
  if (eq < 0) return pair;
  const value = pair.slice(eq + 1);
  return value === '' ? pair : `${pair.slice(0, eq + 1)}${maskTicket(value)}`;
}

function maskBodyWith(body: RawBody, matcher: Matcher): MaskedBody {
  const text = body.text;
  if (typeof text !== 'string' || text === '') return { body: { ...body }, dropped: null };
  try {
    if (isBase64(body)) {
      const bytes = base64Decode(text);
      if (bytes === null) return dropBody(body);
      const binary = latin1(bytes);
      const masked = maskString(binary, matcher, true);
      return {
        body: masked === binary ? { ...body } : { ...body, text: base64Encode(latin1Bytes(masked)) },
        dropped: null,
      };
    }
    const masked = maskString(text, matcher, false);
    return { body: masked === text ? { ...body } : { ...body, text: masked }, dropped: null };
  } catch {
    return dropBody(body);
  }
}

function dropBody(body: RawBody): MaskedBody {
  const out: RawBody = { ...body, text: null };
  delete out.encoding;
  out.comment = body.comment === undefined ? BODY_DROPPED_NOTE : `${body.comment} (${BODY_DROPPED_NOTE})`;
  return { body: out, dropped: BODY_DROPPED_NOTE };
}

/** A copy of a JSON value: secret-named string fields by name, every other string and every key by `text`. */
function maskJsonWith<T>(value: T, text: (s: string) => string): T {
  if (typeof value === 'string') return text(value) as T;
  if (typeof value !== 'object' || value === null) return value;
  const copies = new Map<object, unknown[] | Record<string, unknown>>();
  const copyOf = (src: object): unknown[] | Record<string, unknown> => {
    let copy = copies.get(src);
    if (copy === undefined) {
      copy = Array.isArray(src) ? [] : {};
      copies.set(src, copy);
      stack.push([src, copy]);
    }
    return copy;
  };
  const stack: [object, unknown[] | Record<string, unknown>][] = [];
  const root = copyOf(value);
  while (stack.length > 0) {
    const [src, dst] = stack.pop()!;
    if (Array.isArray(src)) {
      const out = dst as unknown[];
      for (const v of src as unknown[]) {
        out.push(typeof v === 'string' ? text(v) : typeof v === 'object' && v !== null ? copyOf(v) : v);
      }
      continue;
    }
    const out = dst as Record<string, unknown>;
    for (const key of Object.keys(src)) {
      const v = (src as Record<string, unknown>)[key];
      let masked: unknown;
      if (typeof v === 'string') {
        const kind = secretKindOfName(key);
        masked = kind !== undefined && v !== '' ? maskedAs(v, kind) : text(v);
      } else masked = typeof v === 'object' && v !== null ? copyOf(v) : v;
      out[text(key)] = masked;
    }
  }
  return root as T;
}

// Compiled maskers of secret lists given as plain arrays (collectSecrets' output), by identity.
const compiled = new WeakMap<readonly string[], { length: number; masker: Masker }>();
// Kinds of the values collectSecrets returned (a key must never show in part).
const kindsOf = new WeakMap<readonly string[], Map<string, SecretKind>>();

/** The values of `secrets` as a plain list that remembers each value's kind for `maskerOf`. */
export function secretValues(secrets: readonly KnownSecret[]): string[] {
  const values = secrets.map((s) => s.value);
  kindsOf.set(values, new Map(secrets.map((s) => [s.value, s.kind])));
  return values;
}

/** The masker of a plain list of secret values, compiled once per list. */
export function maskerOf(secrets: readonly string[]): Masker {
  const hit = compiled.get(secrets);
  if (hit !== undefined && hit.length === secrets.length) return hit.masker;
  const kinds = kindsOf.get(secrets);
  const masker = createMasker(
    secrets.map((value) => ({ value, kind: kinds?.get(value) ?? guessSecretKind(value) })),
  );
  compiled.set(secrets, { length: secrets.length, masker });
  return masker;
}
