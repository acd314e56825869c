/**
 * HAR 1.2 in and out: tolerant reading of HAR entries (Chrome, Firefox, proxies) into RawCalls, and
 * writing RawCalls as a valid HAR log with every ticket and signature masked unless revealed.
 */
import { base64Decode, percentDecode, utf8Encode } from './bytes';
import { collectSecrets, maskBody } from './call-secrets';
import { maskHeaders, maskSecretsInText, maskUrl } from './redact';
import type { HttpHeader, RawBody, RawCall } from './types';

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
  log.entries.forEach((entry: unknown, index: number) => {
    const read = readHarEntry(entry);
    for (const p of read.problems) problems.push(`entries[${index}]: ${p}`);
    if (read.raw !== null) calls.push({ index, raw: read.raw });
  });
  return { calls, problems };
}

/** One HAR entry as a RawCall; null when it has no request URL. */
export function harEntryToRawCall(entry: unknown): RawCall | null {
  return readHarEntry(entry).raw;
}

/** One HAR entry as a RawCall plus what was missing or odd in it. Never throws. */
export function readHarEntry(entry: unknown): { raw: RawCall | null; problems: string[] } {
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
  const raw: RawCall = {
    startedAt,
    durationMs: entryDuration(entry),
    request: {
      method: typeof req.method === 'string' && req.method !== '' ? req.method : 'GET',
      url: req.url,
      headers: readHeaders(req.headers),
      body: readPostData(req.postData, req.bodySize),
    },
    response: readResponse(entry.response),
  };
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

function readHeaders(value: unknown): HttpHeader[] {
  if (!Array.isArray(value)) return [];
  const out: HttpHeader[] = [];
  for (const h of value) {
    if (!isObject(h) || typeof h.name !== 'string') continue;
    const v = h.value;
    out.push({
      name: h.name,
      value: typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v),
    });
  }
  return out;
}

function readPostData(value: unknown, bodySize: unknown): RawBody | null {
  if (!isObject(value)) return null;
  let text: string | null = typeof value.text === 'string' ? value.text : null;
  // Form posts may come as params only (Firefox, some proxies).
  if (text === null && Array.isArray(value.params)) {
    const pairs: string[] = [];
    for (const p of value.params) {
      if (isObject(p) && typeof p.name === 'string') {
        const v = typeof p.value === 'string' ? p.value : '';
        pairs.push(`${encodeURIComponent(p.name)}=${encodeURIComponent(v)}`);
      }
    }
    text = pairs.join('&');
  }
  const body: RawBody = { text };
  if (typeof value.mimeType === 'string' && value.mimeType !== '') body.mimeType = value.mimeType;
  if (typeof value.encoding === 'string' && value.encoding !== '') body.encoding = value.encoding;
  if (typeof bodySize === 'number' && bodySize >= 0) body.size = bodySize;
  return body;
}

function readResponse(value: unknown): RawCall['response'] {
  if (!isObject(value)) return null;
  const status = typeof value.status === 'number' && Number.isFinite(value.status) ? value.status : 0;
  let statusText = typeof value.statusText === 'string' ? value.statusText : '';
  // Chrome puts the network error of a failed request (status 0) in `_error`.
  if (statusText === '' && typeof value._error === 'string') statusText = value._error;
  const content = value.content;
  let body: RawBody | null = null;
  if (isObject(content)) {
    body = { text: typeof content.text === 'string' ? content.text : null };
    if (typeof content.mimeType === 'string' && content.mimeType !== '') body.mimeType = content.mimeType;
    if (typeof content.encoding === 'string' && content.encoding !== '') body.encoding = content.encoding;
    if (typeof content.size === 'number' && content.size >= 0) body.size = content.size;
  }
  return { status, statusText, headers: readHeaders(value.headers), body };
}

/** Options of `rawCallsToHar`. */
export interface HarExportOptions {
  /** Keep tickets and signatures in full (default: masked). */
  reveal?: boolean;
  creator?: { name: string; version: string };
}

/** Writes RawCalls as a HAR 1.2 log; every ticket and signature is masked everywhere unless `reveal`. */
export function rawCallsToHar(calls: RawCall[], opts: HarExportOptions = {}): object {
  const reveal = opts.reveal === true;
  const secrets = reveal ? [] : collectSecrets(calls);
  const mask = (text: string): string => (reveal ? text : maskSecretsInText(text, secrets));
  const maskHead = (headers: HttpHeader[]): HttpHeader[] =>
    reveal
      ? headers.map((h) => ({ ...h }))
      : maskHeaders(headers).map((h) => ({ name: h.name, value: mask(h.value) }));
  const entries = calls.map((call) => {
    const url = reveal ? call.request.url : mask(maskUrl(call.request.url));
    const reqBody = call.request.body && !reveal ? maskBody(call.request.body, secrets) : call.request.body;
    const res = call.response;
    const resBody = res?.body && !reveal ? maskBody(res.body, secrets) : (res?.body ?? null);
    const time = Number.isFinite(call.durationMs) && call.durationMs > 0 ? call.durationMs : 0;
    const request: Record<string, unknown> = {
      method: call.request.method,
      url,
      httpVersion: 'HTTP/1.1',
      headers: maskHead(call.request.headers),
      queryString: queryStringOf(url),
      cookies: [],
      headersSize: -1,
      bodySize: reqBody?.text != null ? bodyBytes(reqBody) : 0,
    };
    if (reqBody?.text != null) {
      const postData: Record<string, unknown> = { mimeType: reqBody.mimeType ?? '', text: reqBody.text };
      // Not a HAR 1.2 field of postData, but it keeps a binary body readable when imported back.
      if (reqBody.encoding !== undefined) postData.encoding = reqBody.encoding;
      request.postData = postData;
    }
    return {
      startedDateTime: isoTime(call.startedAt),
      time,
      request,
      response:
        res === null
          ? emptyResponse()
          : harResponse(res, resBody, maskHead, reveal ? (u) => u : (u) => mask(maskUrl(u))),
      cache: {},
      timings: { send: 0, wait: time, receive: 0 },
    };
  });
  return {
    log: {
      version: '1.2',
      creator: opts.creator ?? { name: 'cme-devtools', version: '0.1.0' },
      entries,
    },
  };
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
  maskLink: (url: string) => string,
): object {
  const content: Record<string, unknown> = { size: 0, mimeType: body?.mimeType ?? 'x-unknown' };
  if (body?.text != null) {
    content.size = bodyBytes(body);
    content.text = body.text;
    if (body.encoding !== undefined) content.encoding = body.encoding;
  } else if (body?.size !== undefined) {
    content.size = body.size;
  }
  const location = res.headers.find((h) => h.name.toLowerCase() === 'location')?.value ?? '';
  return {
    status: res.status,
    statusText: res.statusText ?? '',
    httpVersion: 'HTTP/1.1',
    headers: maskHead(res.headers),
    cookies: [],
    content,
    redirectURL: maskLink(location),
    headersSize: -1,
    bodySize: body?.text != null ? content.size : -1,
  };
}

function emptyResponse(): object {
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
function queryStringOf(url: string): HttpHeader[] {
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

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
