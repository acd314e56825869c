/**
 * Field-by-field comparison of two HAR logs on what the HAR 1.2 spec defines: each entry of `copy` is
 * matched to the entry of `original` with the same start time, method and URL, and every spec field the
 * original has (entry, request, response, content, postData, cookies, headers, queryString, cache,
 * timings, and the page of its pageref) must be in the copy with the same value. Dates compare as
 * instants; a negative time other than -1 (Firefox writes them for pages) must have become HAR's -1, and
 * a negative send/wait/receive 0. Custom `_` fields are not compared. Returns the differences, one line each.
 */
type Json = Record<string, unknown>;

const ENTRY = ['pageref', 'time', 'serverIPAddress', 'connection', 'comment'];
const REQUEST = ['method', 'url', 'httpVersion', 'headersSize', 'bodySize', 'comment'];
const RESPONSE = ['status', 'statusText', 'httpVersion', 'redirectURL', 'headersSize', 'bodySize', 'comment'];
const CONTENT = ['size', 'compression', 'mimeType', 'text', 'encoding', 'comment'];
const POST_DATA = ['mimeType', 'text', 'params', 'comment'];
const LISTS = ['cookies', 'headers', 'queryString'];
const TIMINGS = ['blocked', 'dns', 'connect', 'send', 'wait', 'receive', 'ssl', 'comment'];
const COOKIE = ['name', 'value', 'path', 'domain', 'expires', 'httpOnly', 'secure', 'comment'];
const PAGE = ['id', 'title', 'comment'];
const PAGE_TIMINGS = ['onContentLoad', 'onLoad', 'comment'];

const obj = (v: unknown): Json => (typeof v === 'object' && v !== null ? (v as Json) : {});
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

const NOT_BELOW_ZERO = new Set(['send', 'wait', 'receive']);

/** What HAR allows of a time the original gave (`-1` for "not available", never below 0 for some). */
function allowed(name: string, value: unknown, times: boolean): unknown {
  if (!times || typeof value !== 'number' || value >= 0) return value;
  return NOT_BELOW_ZERO.has(name) ? 0 : -1;
}

function fields(a: Json, b: Json, names: string[], at: string, out: string[], times = false): void {
  for (const name of names) {
    if (a[name] === undefined) continue;
    const expected = allowed(name, a[name], times);
    if (!same(expected, b[name])) {
      out.push(`${at}.${name}: ${JSON.stringify(a[name])} became ${JSON.stringify(b[name])}`);
    }
  }
}

function date(a: unknown, b: unknown, at: string, out: string[]): void {
  if (a === undefined) return;
  if (typeof b !== 'string' || Date.parse(String(a)) !== Date.parse(b)) {
    out.push(`${at}: ${JSON.stringify(a)} became ${JSON.stringify(b)}`);
  }
}

function lists(a: Json, b: Json, at: string, out: string[]): void {
  for (const name of LISTS) {
    const x = a[name];
    if (!Array.isArray(x)) continue;
    const y = Array.isArray(b[name]) ? (b[name] as unknown[]) : [];
    if (x.length !== y.length) {
      out.push(`${at}.${name}: ${x.length} item(s) became ${y.length}`);
      continue;
    }
    x.forEach((item, i) => fields(obj(item), obj(y[i]), COOKIE, `${at}.${name}[${i}]`, out));
  }
}

function message(a: Json, b: Json, scalars: string[], at: string, out: string[]): void {
  fields(a, b, scalars, at, out);
  lists(a, b, at, out);
}

/** The key matching entries of two logs. */
export function entryKeyOf(entry: unknown): string {
  const e = obj(entry);
  const req = obj(e.request);
  return `${Date.parse(String(e.startedDateTime))}|${String(req.method)}|${String(req.url)}`;
}

/** What `copy` lost or changed of what `original` says, on every field HAR 1.2 defines. */
export function harSpecDiff(original: unknown, copy: unknown): string[] {
  const out: string[] = [];
  const a = obj(obj(original).log);
  const b = obj(obj(copy).log);
  const originals = new Map<string, Json[]>();
  for (const e of (a.entries as unknown[]) ?? []) {
    const list = originals.get(entryKeyOf(e)) ?? [];
    list.push(obj(e));
    originals.set(entryKeyOf(e), list);
  }
  const pagesOf = (log: Json) => new Map(((log.pages as Json[]) ?? []).map((p) => [p.id, p] as const));
  const pagesA = pagesOf(a);
  const pagesB = pagesOf(b);
  ((b.entries as unknown[]) ?? []).forEach((entry, i) => {
    const y = obj(entry);
    const x = originals.get(entryKeyOf(y))?.shift();
    const at = `entries[${i}]`;
    if (x === undefined) {
      out.push(`${at}: not in the original (${entryKeyOf(y)})`);
      return;
    }
    date(x.startedDateTime, y.startedDateTime, `${at}.startedDateTime`, out);
    fields(x, y, ENTRY, at, out);
    message(obj(x.request), obj(y.request), REQUEST, `${at}.request`, out);
    if (x.request && obj(x.request).postData !== undefined) {
      fields(
        obj(obj(x.request).postData),
        obj(obj(y.request).postData),
        POST_DATA,
        `${at}.request.postData`,
        out,
      );
    }
    message(obj(x.response), obj(y.response), RESPONSE, `${at}.response`, out);
    fields(
      obj(obj(x.response).content),
      obj(obj(y.response).content),
      CONTENT,
      `${at}.response.content`,
      out,
    );
    fields(obj(x.cache), obj(y.cache), ['beforeRequest', 'afterRequest', 'comment'], `${at}.cache`, out);
    fields(obj(x.timings), obj(y.timings), TIMINGS, `${at}.timings`, out, true);
    if (typeof x.pageref === 'string' && pagesA.has(x.pageref)) {
      const pa = obj(pagesA.get(x.pageref));
      const pb = pagesB.get(x.pageref);
      if (pb === undefined) out.push(`${at}: page ${x.pageref} is not in log.pages`);
      else {
        date(pa.startedDateTime, pb.startedDateTime, `page ${x.pageref}.startedDateTime`, out);
        fields(pa, pb, PAGE, `page ${x.pageref}`, out);
        fields(
          obj(pa.pageTimings),
          obj(pb.pageTimings),
          PAGE_TIMINGS,
          `page ${x.pageref}.pageTimings`,
          out,
          true,
        );
      }
    }
  });
  return [...new Set(out)];
}
