/**
 * Capture rules: how a CME client API call is recognised when an app puts its own backend in front of CME
 * (`POST /api/cme/<Class>/<Action>` with the ticket in `X-CME-Auth`, a body field or a renamed query
 * parameter). A rule is a path pattern with `<Class>` and `<Action>` placeholders, optionally after an
 * origin, and where the ticket is. Patterns compile to an anchored regex whose only variable parts are two
 * bounded character classes separated by fixed text, so no input can make matching slow; every read of a
 * request (URL, headers, body) is bounded too.
 */
import { base64Decode, utf8DecodeStrict } from './bytes';
import type { CaptureRule, CaptureRuleSpec, HttpHeader, RawBody, TicketLocation } from './types';

/** What can be wrong with a rule; `message` says it in English, the UI translates by `code`. */
export type CaptureRuleErrorCode =
  | 'empty'
  | 'too-long'
  | 'bad-origin'
  | 'no-path'
  | 'query-in-pattern'
  | 'bad-char'
  | 'unknown-placeholder'
  | 'missing-class'
  | 'missing-action'
  | 'duplicate-placeholder'
  | 'adjacent-placeholders'
  | 'no-fixed-part'
  | 'ticket-kind'
  | 'ticket-name'
  | 'body-depth'
  | 'rule-syntax';

/** A rule that could not be compiled: why, in English, and the offending part (`detail`) for the UI. */
export interface CaptureRuleError {
  code: CaptureRuleErrorCode;
  message: string;
  detail: string;
}

/** A rule compiled, or why not. */
export type CaptureRuleResult = { ok: true; rule: CaptureRule } | { ok: false; error: CaptureRuleError };

/** What a rule needs to read from a request. */
export interface RuleRequest {
  method: string;
  url: string;
  headers?: readonly HttpHeader[];
  body?: RawBody | null;
}

/** What a matching rule read from a request. */
export interface RuleMatch {
  actionClass: string;
  action: string;
  ticket: string;
  host: string;
  rule: CaptureRule;
}

/** Longest pattern accepted. */
export const MAX_PATTERN_CHARS = 300;
/** Deepest body field path (`a.b.c` is 3). */
export const MAX_BODY_DEPTH = 8;
/** Longest path read: a longer one matches no rule (bounded work on adversarial URLs). */
export const MAX_PATH_CHARS = 2048;
/** Largest request body searched for a ticket field. */
export const MAX_BODY_CHARS = 256 * 1024;
/** Longest ticket taken from a request. */
const MAX_TICKET_CHARS = 4096;

const PLACEHOLDER = /<([^<>]*)>/g;
// The names CME uses: `Material`, `ListMedia`, `DescribeClass`; bounded so matching stays linear.
const NAME_CLASS = '([A-Za-z_][A-Za-z0-9_]{0,63})';
const ORIGIN = /^(https?):\/\/([A-Za-z0-9.-]{1,253}|\[[0-9A-Fa-f:.]{2,45}\])(:\d{1,5})?(?=\/|$)/i;
// Path characters a pattern may hold besides placeholders (RFC 3986 pchar and `/`, `%` for escapes).
const PATH_CHAR = /^[A-Za-z0-9\-._~!$&'()*+,;=:@/%]$/;
const QUERY_NAME = /^[A-Za-z0-9_.~\-[\]]{1,64}$/;
const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,64}$/;
const BODY_KEY = /^[A-Za-z0-9_$-]{1,64}$/;
const REGEX_SPECIAL = /[.*+?^${}()|[\]\\/]/g;

/**
 * The host (`URL.host`) of a pattern's origin, null for a bare path or an origin that does not compile: what
 * the background reads of a stored rule (the pages compiled it before saving it).
 */
export function ruleHost(pattern: string): string | null {
  const m = ORIGIN.exec(pattern.trim());
  try {
    return m === null ? null : new URL(m[0]).host;
  } catch {
    return null;
  }
}

function fail(code: CaptureRuleErrorCode, message: string, detail = ''): CaptureRuleResult {
  return { ok: false, error: { code, message, detail } };
}

/** Checks a ticket location; null when fine. */
export function ticketLocationError(ticket: TicketLocation): CaptureRuleError | null {
  const kind = (ticket as { in?: unknown } | null)?.in;
  if (kind !== 'query' && kind !== 'header' && kind !== 'body') {
    return {
      code: 'ticket-kind',
      message: 'The ticket is in a query parameter, a header or a body field',
      detail: String(kind),
    };
  }
  const name = typeof ticket.name === 'string' ? ticket.name.trim() : '';
  if (kind === 'body') {
    const keys = name.split('.');
    if (keys.length > MAX_BODY_DEPTH) {
      return {
        code: 'body-depth',
        message: `A body field path has at most ${MAX_BODY_DEPTH} levels`,
        detail: String(MAX_BODY_DEPTH),
      };
    }
    const bad = keys.find((k) => !BODY_KEY.test(k));
    if (bad === undefined) return null;
    return {
      code: 'ticket-name',
      message:
        'A body field is a JSON key or a dotted path of keys (letters, digits, _ $ -), such as Auth or cme.ticket',
      detail: name,
    };
  }
  const ok = (kind === 'query' ? QUERY_NAME : HEADER_NAME).test(name);
  if (ok) return null;
  return {
    code: 'ticket-name',
    message:
      kind === 'query'
        ? 'A query parameter name is 1–64 letters, digits or _ . ~ - [ ]'
        : "A header name is 1–64 letters, digits or ! # $ % & ' * + . ^ _ ` | ~ -",
    detail: name,
  };
}

/**
 * Compiles a rule: `[scheme://host[:port]]/path/<Class>/<Action>` (each placeholder exactly once, fixed
 * text between them, no query or fragment; regex characters are literal) and a valid ticket location.
 */
export function compileCaptureRule(spec: CaptureRuleSpec): CaptureRuleResult {
  const raw = typeof spec?.pattern === 'string' ? spec.pattern.trim() : '';
  if (raw === '') return fail('empty', 'Enter a path pattern such as /api/cme/<Class>/<Action>');
  if (raw.length > MAX_PATTERN_CHARS) {
    return fail(
      'too-long',
      `A pattern has at most ${MAX_PATTERN_CHARS} characters`,
      String(MAX_PATTERN_CHARS),
    );
  }
  let origin: string | null = null;
  let path = raw;
  if (/^[A-Za-z][A-Za-z0-9+.-]*:/.test(raw)) {
    const m = ORIGIN.exec(raw);
    if (m === null) {
      return fail('bad-origin', 'A pattern starts with / or with http(s)://host[:port]/', raw.slice(0, 40));
    }
    const port = m[3] ?? '';
    if (port !== '' && Number(port.slice(1)) > 65535)
      return fail('bad-origin', 'A port is at most 65535', port);
    const scheme = (m[1] ?? '').toLowerCase();
    const defaultPort = (scheme === 'http' && port === ':80') || (scheme === 'https' && port === ':443');
    origin = `${scheme}://${(m[2] ?? '').toLowerCase()}${defaultPort ? '' : port}`;
    path = raw.slice(m[0].length);
  }
  if (!path.startsWith('/')) return fail('no-path', 'The path part starts with /', path.slice(0, 40));
  const qh = /[?#]/.exec(path);
  if (qh !== null) {
    return fail(
      'query-in-pattern',
      'A pattern is a path only: a ticket in the query is set as the ticket location (query=NAME)',
      path.slice(qh.index, qh.index + 40),
    );
  }
  if (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);

  let source = '^';
  let last = 0;
  const seen = new Set<string>();
  let classFirst = true;
  let previousEnd = -1;
  let needle = '';
  const literal = (text: string): string | null => {
    for (const ch of text) if (!PATH_CHAR.test(ch)) return ch;
    if (text.replaceAll('/', '').length > 0 && text.length > needle.length) needle = text;
    source += text.replace(REGEX_SPECIAL, '\\$&');
    return null;
  };
  for (const m of path.matchAll(PLACEHOLDER)) {
    const bad = literal(path.slice(last, m.index));
    if (bad !== null)
      return fail('bad-char', `A pattern cannot hold "${bad}" outside <Class> and <Action>`, bad);
    const name = m[1] ?? '';
    if (name !== 'Class' && name !== 'Action') {
      return fail(
        'unknown-placeholder',
        `Unknown placeholder <${name}>: use <Class> and <Action>`,
        `<${name}>`,
      );
    }
    if (seen.has(name)) return fail('duplicate-placeholder', `<${name}> appears twice`, `<${name}>`);
    if (previousEnd === m.index) {
      return fail('adjacent-placeholders', 'Put fixed text (such as /) between <Class> and <Action>', m[0]);
    }
    if (seen.size === 0) classFirst = name === 'Class';
    seen.add(name);
    source += NAME_CLASS;
    last = m.index + m[0].length;
    previousEnd = last;
  }
  const tail = literal(path.slice(last));
  if (tail !== null)
    return fail('bad-char', `A pattern cannot hold "${tail}" outside <Class> and <Action>`, tail);
  if (!seen.has('Class'))
    return fail('missing-class', 'The pattern needs <Class> (the action class, such as Material)');
  if (!seen.has('Action'))
    return fail('missing-action', 'The pattern needs <Action> (the action name, such as ListMedia)');
  if (needle.replaceAll('/', '').length < 2) {
    return fail(
      'no-fixed-part',
      'The pattern needs a fixed part besides the placeholders (such as /api/cme/), or it would match most requests',
    );
  }
  const ticketError = ticketLocationError(spec.ticket);
  if (ticketError !== null) return { ok: false, error: ticketError };
  const name = spec.ticket.name.trim();
  const clean: CaptureRuleSpec = { pattern: raw, ticket: { in: spec.ticket.in, name } };
  if (spec.environment !== undefined) clean.environment = spec.environment;
  return {
    ok: true,
    rule: {
      spec: clean,
      origin,
      path: new RegExp(`${source}/?$`),
      classFirst,
      needle,
      bodyPath: spec.ticket.in === 'body' ? name.split('.') : [],
    },
  };
}

/** Compiles every rule it can; the others are returned with their errors (in input order). */
export function compileCaptureRules(specs: readonly CaptureRuleSpec[]): {
  rules: CaptureRule[];
  errors: { spec: CaptureRuleSpec; error: CaptureRuleError }[];
} {
  const rules: CaptureRule[] = [];
  const errors: { spec: CaptureRuleSpec; error: CaptureRuleError }[] = [];
  for (const spec of specs) {
    const r = compileCaptureRule(spec);
    if (r.ok) rules.push(r.rule);
    else errors.push({ spec, error: r.error });
  }
  return { rules, errors };
}

/**
 * Reads the command line's rule form, `<pattern>;header=NAME` (or `query=NAME`, `body=Field.Path`): the
 * last `;` separates the ticket's place from the pattern.
 */
export function parseCaptureRuleText(text: string): CaptureRuleResult {
  const semi = text.lastIndexOf(';');
  const place = semi < 0 ? '' : text.slice(semi + 1).trim();
  const eq = place.indexOf('=');
  const kind = eq < 0 ? '' : place.slice(0, eq).trim().toLowerCase();
  if (semi < 0 || (kind !== 'query' && kind !== 'header' && kind !== 'body')) {
    return fail(
      'rule-syntax',
      "A rule is '<pattern>;header=NAME' (or ;query=NAME, ;body=Field.Path)",
      text.slice(0, 60),
    );
  }
  return compileCaptureRule({
    pattern: text.slice(0, semi),
    ticket: { in: kind, name: place.slice(eq + 1).trim() },
  });
}

/** The command line's form of a rule (what `parseCaptureRuleText` reads). */
export function captureRuleText(spec: CaptureRuleSpec): string {
  return `${spec.pattern};${spec.ticket.in}=${spec.ticket.name}`;
}

/** Whether `url` may match any rule: the cheap test done before parsing a URL. */
export function mayMatchRules(url: string, rules: readonly CaptureRule[]): boolean {
  for (const r of rules) if (url.includes(r.needle)) return true;
  return false;
}

/**
 * The first rule that matches the request, with the action and the ticket it carries; null when none does
 * (a rule whose path matches but whose ticket is missing does not match). `parsed` saves a second URL parse.
 */
export function matchCaptureRules(
  req: RuleRequest,
  rules: readonly CaptureRule[],
  parsed?: URL,
): RuleMatch | null {
  if (rules.length === 0 || !mayMatchRules(req.url, rules)) return null;
  let url = parsed;
  if (url === undefined) {
    try {
      url = new URL(req.url);
    } catch {
      return null;
    }
  }
  const pathname = url.pathname;
  if (pathname.length > MAX_PATH_CHARS) return null;
  let bodyValue: { value: unknown } | null = null;
  for (const rule of rules) {
    if (!req.url.includes(rule.needle)) continue;
    if (rule.origin !== null && url.origin.toLowerCase() !== rule.origin) continue;
    const m = rule.path.exec(pathname);
    if (m === null) continue;
    const first = m[1] ?? '';
    const second = m[2] ?? '';
    let ticket: string | null;
    const where = rule.spec.ticket;
    if (where.in === 'query') ticket = url.searchParams.get(where.name);
    else if (where.in === 'header') ticket = headerTicket(req.headers, where.name);
    else {
      bodyValue ??= { value: parseBody(req.body) };
      ticket = fieldAt(bodyValue.value, rule.bodyPath);
    }
    if (ticket === null || ticket === '' || ticket.length > MAX_TICKET_CHARS) continue;
    return {
      actionClass: rule.classFirst ? first : second,
      action: rule.classFirst ? second : first,
      ticket,
      host: url.host,
      rule,
    };
  }
  return null;
}

/** A header's ticket: its value, or the credential after a scheme (`Bearer tf_…`); names without case. */
function headerTicket(headers: readonly HttpHeader[] | undefined, name: string): string | null {
  if (headers === undefined) return null;
  const want = name.toLowerCase();
  const limit = Math.min(headers.length, 500);
  for (let i = 0; i < limit; i++) {
    const h = headers[i];
    if (h === undefined || h.name.toLowerCase() !== want) continue;
    const value = h.value.trim();
    const space = value.lastIndexOf(' ');
    return space < 0 ? value : value.slice(space + 1);
  }
  return null;
}

/** The request body as JSON (bounded; Base64 bodies decoded); undefined when absent or unreadable. */
function parseBody(body: RawBody | null | undefined): unknown {
  let text = body?.text;
  if (typeof text !== 'string' || text === '' || text.length > MAX_BODY_CHARS) return undefined;
  if (body?.encoding?.toLowerCase() === 'base64') {
    const bytes = base64Decode(text);
    text = bytes === null ? null : utf8DecodeStrict(bytes);
    if (typeof text !== 'string') return undefined;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** The string at a dotted path of a parsed body (own keys only); null when missing or not a string. */
function fieldAt(value: unknown, keys: readonly string[]): string | null {
  let at = value;
  for (const key of keys) {
    if (typeof at !== 'object' || at === null || Array.isArray(at) || !Object.hasOwn(at, key)) return null;
    at = (at as Record<string, unknown>)[key];
  }
  return typeof at === 'string' ? at : null;
}

/**
 * The request of a rule-captured call with its ticket replaced by `ticket` where the rule reads it (the
 * query parameter, the header — keeping a `Bearer ` scheme — or the body field), for replay.
 */
export function withRuleTicket(
  req: { url: string; headers: readonly HttpHeader[]; body: string },
  where: TicketLocation,
  ticket: string,
): { url: string; headers: HttpHeader[]; body: string } {
  if (where.in === 'query') {
    const url = new URL(req.url);
    url.searchParams.set(where.name, ticket);
    return { url: url.toString(), headers: [...req.headers], body: req.body };
  }
  if (where.in === 'header') {
    const want = where.name.toLowerCase();
    let done = false;
    const headers = req.headers.map((h) => {
      if (done || h.name.toLowerCase() !== want) return h;
      done = true;
      const value = h.value.trim();
      const space = value.lastIndexOf(' ');
      return { name: h.name, value: space < 0 ? ticket : `${value.slice(0, space + 1)}${ticket}` };
    });
    if (!done) headers.push({ name: where.name, value: ticket });
    return { url: req.url, headers, body: req.body };
  }
  const keys = where.name.split('.');
  let parsed: unknown;
  try {
    parsed = JSON.parse(req.body === '' ? '{}' : req.body);
  } catch {
    return { url: req.url, headers: [...req.headers], body: req.body };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { url: req.url, headers: [...req.headers], body: req.body };
  }
  // defineProperty: a key such as `__proto__` is set as the body's own field, never as a prototype.
  const put = (obj: Record<string, unknown>, key: string, value: unknown): void => {
    Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  };
  let at = parsed as Record<string, unknown>;
  keys.forEach((key, i) => {
    if (i === keys.length - 1) {
      put(at, key, ticket);
      return;
    }
    const next = Object.hasOwn(at, key) ? at[key] : undefined;
    const obj = typeof next === 'object' && next !== null && !Array.isArray(next) ? next : {};
    put(at, key, obj);
    at = obj as Record<string, unknown>;
  });
  return { url: req.url, headers: [...req.headers], body: JSON.stringify(parsed) };
}
