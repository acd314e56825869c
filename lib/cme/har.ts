/**
 * HAR 1.2 in and out: tolerant reading of HAR entries (Chrome, Firefox, proxies) into RawCalls, and
 * writing RawCalls as a valid HAR log with every ticket and signature masked unless revealed.
 *
 * What the browser said is kept through read → store → write: HTTP versions, cookies, every timing
 * phase, sizes, server IP, connection, cache, the page (`pageref` and `log.pages`), Chrome's `_initiator`
 * (a bounded copy) and every comment. Calls without them (stored before, or from our own fetch) are
 * written with HAR's "unknown" values: `httpVersion: ""`, `-1` sizes and optional timing phases.
 */
import type {
  Cache,
  CacheDetails,
  Content,
  Cookie,
  Entry,
  Har,
  Page,
  PageTiming,
  Param,
  PostData,
  QueryString,
  Request,
  Response,
  Timings,
} from 'har-format';
import { base64Decode, percentDecode, utf8Encode } from './bytes';
import { maskTicket } from './mask';
import { maskedAs, maskerForCalls, secretKindOfName, type KnownSecret } from './secrets';
import type { CallInitiator, CaptureRule, HttpHeader, RawBody, RawCall } from './types';

export { initiatorLocation, type InitiatorLocation } from './initiator';

/** What reading an entry may use besides the entry: the log's pages by id. */
export interface HarReadOptions {
  pages?: ReadonlyMap<string, Page>;
}

// At most this many pages of a log are read (a page is kept with each of its calls).
const MAX_PAGES = 10_000;

/** Reads a whole HAR (parsed JSON) into RawCalls; entries that are not requests are skipped with a problem. */
export function harToRawCalls(har: unknown): {
  calls: { index: number; raw: RawCall }[];
  problems: string[];
} {
  const calls: { index: number; raw: RawCall }[] = [];
  const problems: string[] = [];
  const log = isObject(har) ? har.log : undefined;
  if (!isObject(log)) {
    problems.push('Not a HAR: no "log" object');
    return { calls, problems };
  }
  if (!Array.isArray(log.entries)) {
    problems.push('Not a HAR: "log.entries" is not an array');
    return { calls, problems };
  }
  const pages = readPages(log.pages, problems);
  log.entries.forEach((entry: unknown, index: number) => {
    const read = readHarEntry(entry, { pages });
    for (const p of read.problems) problems.push(`entries[${index}]: ${p}`);
    if (read.raw !== null) calls.push({ index, raw: read.raw });
  });
  return { calls, problems };
}

/** The pages of a HAR log by id; odd pages are left out with a problem. Never throws. */
export function readPages(value: unknown, problems: string[] = []): Map<string, Page> {
  const pages = new Map<string, Page>();
  if (value === undefined) return pages;
  if (!Array.isArray(value)) {
    problems.push('log.pages is not an array (ignored)');
    return pages;
  }
  for (let i = 0; i < value.length && i < MAX_PAGES; i++) {
    const page = readPage(value[i]);
    if (page === null) problems.push(`log.pages[${i}] has no id (ignored)`);
    else if (!pages.has(page.id)) pages.set(page.id, page);
  }
  return pages;
}

function readPage(value: unknown): Page | null {
  if (!isObject(value) || typeof value.id !== 'string' || value.id === '') return null;
  const timings = isObject(value.pageTimings) ? value.pageTimings : {};
  const pageTimings: PageTiming = {};
  if (isNumber(timings.onContentLoad)) pageTimings.onContentLoad = timings.onContentLoad;
  if (isNumber(timings.onLoad)) pageTimings.onLoad = timings.onLoad;
  if (typeof timings.comment === 'string') pageTimings.comment = timings.comment;
  const page: Page = {
    startedDateTime: typeof value.startedDateTime === 'string' ? value.startedDateTime : '',
    id: value.id,
    title: typeof value.title === 'string' ? value.title : '',
    pageTimings,
  };
  if (typeof value.comment === 'string') page.comment = value.comment;
  return page;
}

/** One HAR entry as a RawCall; null when it has no request URL. */
export function harEntryToRawCall(entry: unknown, opts: HarReadOptions = {}): RawCall | null {
  return readHarEntry(entry, opts).raw;
}

/** One HAR entry as a RawCall plus what was missing or odd in it. Never throws. */
export function readHarEntry(
  entry: unknown,
  opts: HarReadOptions = {},
): { raw: RawCall | null; problems: string[] } {
  const problems: string[] = [];
  if (!isObject(entry)) return { raw: null, problems: ['Entry is not an object (skipped)'] };
  const req = entry.request;
  if (!isObject(req) || typeof req.url !== 'string' || req.url === '') {
    return { raw: null, problems: ['Entry has no request URL (skipped)'] };
  }
  let startedAt = typeof entry.startedDateTime === 'string' ? Date.parse(entry.startedDateTime) : NaN;
  if (!Number.isFinite(startedAt)) {
    problems.push('startedDateTime is missing or invalid');
    startedAt = 0;
  }
  const request: RawCall['request'] = {
    method: typeof req.method === 'string' && req.method !== '' ? req.method : 'GET',
    url: req.url,
    headers: readHeaders(req.headers),
    body: readPostData(req.postData, req.bodySize, problems),
  };
  readHttpFields(req, request, 'request', problems);
  const queryString = readList(req.queryString, 'request.queryString', problems, readNameValue);
  if (queryString !== undefined) request.queryString = queryString;
  const raw: RawCall = {
    startedAt,
    durationMs: entryDuration(entry),
    request,
    response: readResponse(entry.response, problems),
  };
  const timings = readTimings(entry.timings, problems);
  if (timings !== undefined) raw.timings = timings;
  for (const name of ['serverIPAddress', 'connection', 'pageref', 'comment'] as const) {
    const value = entry[name];
    // Some tools write the connection (a port or socket id) as a number.
    if (typeof value === 'string' || (name === 'connection' && isNumber(value))) raw[name] = String(value);
    else if (value !== undefined && value !== null) problems.push(`${name} is not a string (ignored)`);
  }
  const cache = readCache(entry.cache);
  if (cache !== undefined) raw.cache = cache;
  if (raw.pageref !== undefined) {
    const page = opts.pages?.get(raw.pageref);
    if (page !== undefined) raw.page = page;
  }
  const initiator = readInitiator(entry._initiator);
  if (initiator !== undefined) raw.initiator = initiator;
  return { raw, problems };
}

function entryDuration(entry: Record<string, unknown>): number {
  if (typeof entry.time === 'number' && Number.isFinite(entry.time)) return entry.time;
  const t = entry.timings;
  if (!isObject(t)) return -1;
  let sum = 0;
  let known = false;
  for (const name of ['blocked', 'dns', 'connect', 'send', 'wait', 'receive']) {
    const v = t[name];
    if (typeof v === 'number' && v >= 0) {
      sum += v;
      known = true;
    }
  }
  return known ? sum : -1;
}

/** httpVersion, cookies, headersSize, bodySize and comment of a HAR request or response. */
function readHttpFields(
  from: Record<string, unknown>,
  to: NonNullable<RawCall['request'] | RawCall['response']>,
  at: string,
  problems: string[],
): void {
  if (typeof from.httpVersion === 'string') to.httpVersion = from.httpVersion;
  const cookies = readList(from.cookies, `${at}.cookies`, problems, readCookie);
  if (cookies !== undefined) to.cookies = cookies;
  for (const name of ['headersSize', 'bodySize'] as const) {
    if (isNumber(from[name])) to[name] = from[name];
  }
  if (typeof from.comment === 'string') to.comment = from.comment;
}

/** An array of HAR items read one by one (odd items dropped); undefined when absent or not an array. */
function readList<T>(
  value: unknown,
  at: string,
  problems: string[],
  read: (item: unknown) => T | null,
): T[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) {
    problems.push(`${at} is not an array (ignored)`);
    return undefined;
  }
  const out: T[] = [];
  let dropped = 0;
  for (const item of value) {
    const read1 = read(item);
    if (read1 === null) dropped++;
    else out.push(read1);
  }
  if (dropped > 0) problems.push(`${at}: ${dropped} item(s) without a name (ignored)`);
  return out;
}

function readNameValue(item: unknown): QueryString | null {
  if (!isObject(item) || typeof item.name !== 'string') return null;
  const out: QueryString = { name: item.name, value: stringOf(item.value) };
  if (typeof item.comment === 'string') out.comment = item.comment;
  return out;
}

function readCookie(item: unknown): Cookie | null {
  if (!isObject(item) || typeof item.name !== 'string') return null;
  const cookie: Cookie = { name: item.name, value: stringOf(item.value) };
  for (const name of ['path', 'domain', 'expires', 'comment'] as const) {
    if (typeof item[name] === 'string') cookie[name] = item[name];
  }
  for (const name of ['httpOnly', 'secure'] as const) {
    if (typeof item[name] === 'boolean') cookie[name] = item[name];
  }
  return cookie;
}

function readParam(item: unknown): Param | null {
  if (!isObject(item) || typeof item.name !== 'string') return null;
  const param: Param = { name: item.name };
  for (const name of ['value', 'fileName', 'contentType', 'comment'] as const) {
    if (typeof item[name] === 'string') param[name] = item[name];
  }
  return param;
}

const TIMING_PHASES = ['blocked', 'dns', 'connect', 'send', 'wait', 'receive', 'ssl'] as const;

/** The timing phases the entry gives (numbers only; each odd one is a problem). */
function readTimings(value: unknown, problems: string[]): Timings | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isObject(value)) {
    problems.push('timings is not an object (ignored)');
    return undefined;
  }
  const timings: Timings = { wait: 0, receive: 0 };
  for (const phase of TIMING_PHASES) {
    const v = value[phase];
    if (isNumber(v)) timings[phase] = v;
    else if (v !== undefined) problems.push(`timings.${phase} is not a number (ignored)`);
  }
  if (typeof value.comment === 'string') timings.comment = value.comment;
  return timings;
}

function readCache(value: unknown): Cache | undefined {
  if (!isObject(value)) return undefined;
  const cache: Cache = {};
  for (const name of ['beforeRequest', 'afterRequest'] as const) {
    const v = value[name];
    if (v === null) cache[name] = null;
    else if (isObject(v)) {
      const details: CacheDetails = { lastAccess: '', eTag: '', hitCount: 0 };
      for (const field of ['expires', 'lastAccess', 'eTag', 'comment'] as const) {
        if (typeof v[field] === 'string') details[field] = v[field];
      }
      if (isNumber(v.hitCount)) details.hitCount = v.hitCount;
      cache[name] = details;
    }
  }
  if (typeof value.comment === 'string') cache.comment = value.comment;
  return cache;
}

function readHeaders(value: unknown): HttpHeader[] {
  if (!Array.isArray(value)) return [];
  const out: HttpHeader[] = [];
  for (const h of value) {
    if (!isObject(h) || typeof h.name !== 'string') continue;
    out.push({ name: h.name, value: stringOf(h.value) });
  }
  return out;
}

function readPostData(value: unknown, bodySize: unknown, problems: string[]): RawBody | null {
  if (!isObject(value)) return null;
  let text: string | null = typeof value.text === 'string' ? value.text : null;
  const params = readList(value.params, 'request.postData.params', problems, readParam);
  // Form posts may come as params only (Firefox, some proxies).
  if (text === null && params !== undefined) {
    text = params.map((p) => `${encodeURIComponent(p.name)}=${encodeURIComponent(p.value ?? '')}`).join('&');
  }
  const body: RawBody = { text };
  if (typeof value.mimeType === 'string' && value.mimeType !== '') body.mimeType = value.mimeType;
  if (typeof value.encoding === 'string' && value.encoding !== '') body.encoding = value.encoding;
  if (typeof bodySize === 'number' && bodySize >= 0) body.size = bodySize;
  if (params !== undefined) body.params = params;
  if (typeof value.comment === 'string') body.comment = value.comment;
  return body;
}

function readResponse(value: unknown, problems: string[]): RawCall['response'] {
  if (!isObject(value)) return null;
  const status = isNumber(value.status) ? value.status : 0;
  let statusText = typeof value.statusText === 'string' ? value.statusText : '';
  const error = typeof value._error === 'string' ? value._error : undefined;
  // Chrome puts the network error of a failed request (status 0) in `_error`.
  if (statusText === '' && error !== undefined) statusText = error;
  const content = value.content;
  let body: RawBody | null = null;
  if (isObject(content)) {
    body = { text: typeof content.text === 'string' ? content.text : null };
    if (typeof content.mimeType === 'string' && content.mimeType !== '') body.mimeType = content.mimeType;
    if (typeof content.encoding === 'string' && content.encoding !== '') body.encoding = content.encoding;
    if (typeof content.size === 'number' && content.size >= 0) body.size = content.size;
    if (isNumber(content.compression)) body.compression = content.compression;
    if (typeof content.comment === 'string') body.comment = content.comment;
  }
  const response: NonNullable<RawCall['response']> = {
    status,
    statusText,
    headers: readHeaders(value.headers),
    body,
  };
  readHttpFields(value, response, 'response', problems);
  if (typeof value.redirectURL === 'string') response.redirectURL = value.redirectURL;
  if (error !== undefined) response.error = error;
  return response;
}

/** Bounds of a kept initiator: nesting, values, and characters of all its strings. */
export const INITIATOR_LIMITS = { maxDepth: 12, maxValues: 2000, maxChars: 64 * 1024 };

function readInitiator(value: unknown): CallInitiator | undefined {
  if (typeof value === 'string' && value !== '') return { type: value };
  if (!isObject(value)) return undefined;
  try {
    return boundedJson(value, INITIATOR_LIMITS) as CallInitiator;
  } catch {
    // A getter that throws (a wrapped DevTools object): the initiator is not worth failing the call.
    return undefined;
  }
}

/**
 * A JSON copy of `value` within bounds: containers deeper than `maxDepth` and values past `maxValues`
 * are left out, strings are cut once `maxChars` characters were copied; functions, symbols and
 * non-finite numbers are dropped. Iterative: any nesting is safe.
 */
export function boundedJson(
  value: unknown,
  limits: { maxDepth: number; maxValues: number; maxChars: number },
): unknown {
  let values = 0;
  let chars = 0;
  const scalar = (v: unknown): unknown => {
    if (typeof v === 'string') {
      const room = Math.max(0, limits.maxChars - chars);
      chars += Math.min(v.length, room);
      return v.length <= room ? v : v.slice(0, room);
    }
    if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
    if (typeof v === 'boolean' || v === null) return v;
    return undefined;
  };
  if (typeof value !== 'object' || value === null) return scalar(value);
  const root: unknown[] | Record<string, unknown> = Array.isArray(value) ? [] : {};
  const stack: [object, unknown[] | Record<string, unknown>, number][] = [[value, root, 1]];
  while (stack.length > 0) {
    const [src, dst, depth] = stack.pop()!;
    const keys = Array.isArray(src) ? src.map((_, i) => i) : Object.keys(src);
    for (const key of keys) {
      if (values >= limits.maxValues) break;
      const v: unknown = (src as Record<string | number, unknown>)[key];
      let out: unknown;
      if (typeof v === 'object' && v !== null) {
        if (depth >= limits.maxDepth) continue;
        out = Array.isArray(v) ? [] : {};
        stack.push([v, out as unknown[] | Record<string, unknown>, depth + 1]);
      } else {
        out = scalar(v);
        if (out === undefined) continue;
      }
      values++;
      if (Array.isArray(dst)) dst.push(out);
      else dst[key] = out;
    }
  }
  return root;
}

/** Options of `rawCallsToHar`. */
export interface HarExportOptions {
  /** Keep tickets and signatures in full (default: masked). */
  reveal?: boolean;
  creator?: { name: string; version: string };
  /** Secrets known besides those the calls carry (stored tickets, keys, the tab's other calls). */
  secrets?: Iterable<string | KnownSecret>;
  /** Capture rules: the tickets they read from proxied calls are masked too. */
  captureRules?: readonly CaptureRule[];
}

/** Writes RawCalls as a HAR 1.2 log; every ticket and signature is masked everywhere unless `reveal`. */
export function rawCallsToHar(calls: RawCall[], opts: HarExportOptions = {}): Har {
  const reveal = opts.reveal === true;
  // Every secret of every call (and the known extra ones), by value, in any encoding, anywhere.
  const masker = reveal ? null : maskerForCalls(calls, opts.secrets ?? [], opts.captureRules ?? []);
  // Any string the browser gave (URLs, titles, initiator URLs, IPs, comments): URL secrets and values.
  const text = (value: string): string => (masker === null ? value : masker.url(value));
  const maskHead = (headers: HttpHeader[]): HttpHeader[] =>
    masker === null ? headers.map((h) => ({ name: h.name, value: h.value })) : masker.headers(headers);
  // A body that cannot be masked completely (Base64 that does not decode) is left out with a note.
  const maskBody = (body: RawBody | null | undefined): RawBody | null =>
    body === null || body === undefined ? null : masker === null ? body : masker.body(body).body;
  const pages = new Map<string, Page>();
  const entries = calls.map((call) => {
    const url = text(call.request.url);
    const reqBody = maskBody(call.request.body);
    const res = call.response;
    const resBody = maskBody(res?.body);
    const time = entryTime(call);
    const request: Request = {
      method: call.request.method,
      url,
      httpVersion: text(call.request.httpVersion ?? ''),
      cookies: harCookies(call.request.cookies, text, reveal),
      headers: maskHead(call.request.headers),
      queryString:
        call.request.queryString === undefined
          ? queryStringOf(url)
          : call.request.queryString.map((q) => harQuery(q, text, reveal)),
      headersSize: call.request.headersSize ?? -1,
      bodySize: call.request.bodySize ?? (reqBody?.text != null ? bodyBytes(reqBody) : 0),
    };
    const postData = harPostData(reqBody, text);
    if (postData !== undefined) request.postData = postData;
    if (call.request.comment !== undefined) request.comment = text(call.request.comment);
    const entry: Entry = {
      startedDateTime: isoTime(call.startedAt),
      time,
      request,
      response:
        res === null ? emptyResponse() : harResponse(res, resBody, maskHead, text, harCookies, reveal),
      cache: call.cache === undefined ? {} : harCache(call.cache, text),
      timings: harTimings(call.timings, time, text),
    };
    if (call.pageref !== undefined) entry.pageref = text(call.pageref);
    if (call.page !== undefined && !pages.has(call.page.id))
      pages.set(call.page.id, harPage(call.page, text));
    if (call.serverIPAddress !== undefined) entry.serverIPAddress = text(call.serverIPAddress);
    if (call.connection !== undefined) entry.connection = text(call.connection);
    if (call.comment !== undefined) entry.comment = text(call.comment);
    if (call.initiator !== undefined)
      entry._initiator = mapStrings(call.initiator, text) as Entry['_initiator'];
    return entry;
  });
  return {
    log: {
      version: '1.2',
      creator: opts.creator ?? { name: 'cme-devtools', version: '0.1.0' },
      ...(pages.size > 0 ? { pages: [...pages.values()] } : {}),
      entries,
    },
  };
}

/** The entry's `time`: the browser's total when known, else the sum of the known phases, else 0. */
function entryTime(call: RawCall): number {
  if (Number.isFinite(call.durationMs) && call.durationMs >= 0) return call.durationMs;
  const t = call.timings;
  if (t === undefined) return 0;
  let sum = 0;
  for (const phase of ['blocked', 'dns', 'connect', 'send', 'wait', 'receive'] as const) {
    const v = t[phase];
    if (v !== undefined && Number.isFinite(v) && v > 0) sum += v;
  }
  return sum;
}

/**
 * HAR timings: the stored phases (a phase that does not apply as -1; send, wait and receive never
 * below 0), or for a call stored without them every optional phase unknown and the whole time as `wait`.
 */
function harTimings(t: Timings | undefined, time: number, text: (s: string) => string): Timings {
  if (t === undefined) return { blocked: -1, dns: -1, connect: -1, send: 0, wait: time, receive: 0, ssl: -1 };
  const required = (v: number | undefined) => (v !== undefined && Number.isFinite(v) && v >= 0 ? v : 0);
  const out: Timings = { send: required(t.send), wait: required(t.wait), receive: required(t.receive) };
  for (const phase of ['blocked', 'dns', 'connect', 'ssl'] as const) {
    const v = t[phase];
    if (v !== undefined) out[phase] = Number.isFinite(v) && v >= 0 ? v : -1;
  }
  if (t.comment !== undefined) out.comment = text(t.comment);
  // HAR's order of the phases (readers do not care; people comparing files do).
  return Object.fromEntries(
    [...TIMING_PHASES, 'comment' as const].filter((k) => out[k] !== undefined).map((k) => [k, out[k]]),
  ) as unknown as Timings;
}

/** Cookies as HAR writes them; values masked as a Cookie header's are, other strings by value. */
function harCookies(cookies: Cookie[] | undefined, text: (s: string) => string, reveal: boolean): Cookie[] {
  if (cookies === undefined) return [];
  return cookies.map((c) => {
    const out: Cookie = {
      name: text(c.name),
      value: reveal || c.value === '' ? c.value : maskTicket(c.value),
    };
    for (const name of ['path', 'domain', 'expires'] as const) {
      const v = c[name];
      if (v !== undefined) out[name] = text(v);
    }
    if (c.httpOnly !== undefined) out.httpOnly = c.httpOnly;
    if (c.secure !== undefined) out.secure = c.secure;
    if (c.comment !== undefined) out.comment = text(c.comment);
    return out;
  });
}

/**
 * A query parameter as stored; `auth`, `signature` and other secret names masked by name (an encoded
 * name as the server reads it), every value by value too.
 */
function harQuery(q: QueryString, text: (s: string) => string, reveal: boolean): QueryString {
  let value = q.value;
  if (!reveal && value !== '') {
    const kind = secretKindOfName(percentDecode(q.name, true));
    value = kind === undefined ? text(value) : maskedAs(value, kind);
  }
  const out: QueryString = { name: text(q.name), value };
  if (q.comment !== undefined) out.comment = text(q.comment);
  return out;
}

function harPostData(body: RawBody | null, text: (s: string) => string): PostData | undefined {
  if (body === null || (body.text == null && body.params === undefined && body.comment === undefined))
    return undefined;
  const postData: Record<string, unknown> = { mimeType: body.mimeType ?? '' };
  if (body.params !== undefined) {
    postData.params = body.params.map((p) => {
      const out: Param = { name: text(p.name) };
      for (const name of ['value', 'fileName', 'contentType', 'comment'] as const) {
        const v = p[name];
        if (v !== undefined) out[name] = text(v);
      }
      return out;
    });
  }
  // A body left out (not captured, or dropped because it could not be masked) keeps its comment.
  if (body.text != null) postData.text = body.text;
  else if (body.params === undefined) postData.text = '';
  // Not a HAR 1.2 field of postData, but it keeps a binary body readable when imported back.
  if (body.encoding !== undefined) postData.encoding = body.encoding;
  if (body.comment !== undefined) postData.comment = text(body.comment);
  return postData as unknown as PostData;
}

function harCache(cache: Cache, text: (s: string) => string): Cache {
  const out: Cache = {};
  for (const name of ['beforeRequest', 'afterRequest'] as const) {
    const v = cache[name];
    if (v === null) out[name] = null;
    else if (v !== undefined) {
      const details: CacheDetails = {
        lastAccess: text(v.lastAccess),
        eTag: text(v.eTag),
        hitCount: v.hitCount,
      };
      if (v.expires !== undefined) details.expires = text(v.expires);
      if (v.comment !== undefined) details.comment = text(v.comment);
      out[name] = details;
    }
  }
  if (cache.comment !== undefined) out.comment = text(cache.comment);
  return out;
}

function harPage(page: Page, text: (s: string) => string): Page {
  const started = Date.parse(page.startedDateTime);
  const pageTimings: PageTiming = {};
  const t = page.pageTimings;
  // HAR's only negative time is -1 ("not available"); Firefox writes other negatives for pages.
  for (const name of ['onContentLoad', 'onLoad'] as const) {
    const v = t[name];
    if (v !== undefined) pageTimings[name] = v < 0 ? -1 : v;
  }
  if (t.comment !== undefined) pageTimings.comment = text(t.comment);
  const out: Page = {
    // A date-time is required: an unreadable one is kept when it parses, else the epoch.
    startedDateTime: Number.isFinite(started) ? page.startedDateTime : isoTime(0),
    id: text(page.id),
    title: text(page.title),
    pageTimings,
  };
  if (page.comment !== undefined) out.comment = text(page.comment);
  return out;
}

/** A copy of a JSON value with `fn` applied to every string (iterative; the value is already bounded). */
function mapStrings(value: unknown, fn: (s: string) => string): unknown {
  const copy = boundedJson(value, { maxDepth: 64, maxValues: Infinity, maxChars: Infinity });
  if (typeof copy === 'string') return fn(copy);
  if (typeof copy !== 'object' || copy === null) return copy;
  const stack: (unknown[] | Record<string, unknown>)[] = [copy as Record<string, unknown>];
  while (stack.length > 0) {
    const node = stack.pop()!;
    for (const key of Object.keys(node)) {
      const v = (node as Record<string, unknown>)[key];
      if (typeof v === 'string') (node as Record<string, unknown>)[key] = fn(v);
      else if (typeof v === 'object' && v !== null) stack.push(v as Record<string, unknown>);
    }
  }
  return copy;
}

/** ISO time of epoch ms; the epoch itself when unknown or out of Date's range. */
function isoTime(ms: number): string {
  const d = new Date(Number.isFinite(ms) ? ms : 0);
  return Number.isNaN(d.getTime()) ? new Date(0).toISOString() : d.toISOString();
}

function harResponse(
  res: NonNullable<RawCall['response']>,
  body: RawBody | null,
  maskHead: (h: HttpHeader[]) => HttpHeader[],
  text: (s: string) => string,
  cookies: typeof harCookies,
  reveal: boolean,
): Response {
  const content: Content = { size: 0, mimeType: body?.mimeType ?? 'x-unknown' };
  if (body?.text != null) {
    content.size = body.size ?? bodyBytes(body);
    content.text = body.text;
    if (body.encoding !== undefined) content.encoding = body.encoding;
  } else if (body?.size !== undefined) {
    content.size = body.size;
  }
  if (body?.compression !== undefined) content.compression = body.compression;
  if (body?.comment !== undefined) content.comment = text(body.comment);
  const location = res.headers.find((h) => h.name.toLowerCase() === 'location')?.value ?? '';
  const response: Response & { _error?: string } = {
    status: res.status,
    // A failed request's network error was read into statusText: written back where it came from.
    statusText: text(res.error !== undefined && res.statusText === res.error ? '' : (res.statusText ?? '')),
    httpVersion: text(res.httpVersion ?? ''),
    headers: maskHead(res.headers),
    cookies: cookies(res.cookies, text, reveal),
    content,
    redirectURL: text(res.redirectURL ?? location),
    headersSize: res.headersSize ?? -1,
    bodySize: res.bodySize ?? (body?.text != null ? content.size : -1),
  };
  if (res.comment !== undefined) response.comment = text(res.comment);
  if (res.error !== undefined) response._error = text(res.error);
  return response;
}

function emptyResponse(): Response {
  return {
    status: 0,
    statusText: '',
    httpVersion: '',
    headers: [],
    cookies: [],
    content: { size: 0, mimeType: 'x-unknown' },
    redirectURL: '',
    headersSize: -1,
    bodySize: -1,
  };
}

/** `queryString` of a HAR request: each `name=value` of the URL, percent-decoded. */
function queryStringOf(url: string): QueryString[] {
  const q = url.indexOf('?');
  if (q < 0) return [];
  const hash = url.indexOf('#', q);
  const query = url.slice(q + 1, hash < 0 ? url.length : hash);
  if (query === '') return [];
  return query.split('&').map((part) => {
    const eq = part.indexOf('=');
    const name = eq < 0 ? part : part.slice(0, eq);
    const value = eq < 0 ? '' : part.slice(eq + 1);
    return { name: percentDecode(name, true), value: percentDecode(value, true) };
  });
}

/** Bytes of a body: decoded length for base64, UTF-8 length otherwise. */
function bodyBytes(body: RawBody): number {
  const text = body.text ?? '';
  if (body.encoding?.toLowerCase() === 'base64') return base64Decode(text)?.length ?? 0;
  return utf8Encode(text).length;
}

function stringOf(v: unknown): string {
  return typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v);
}

function isNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
