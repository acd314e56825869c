/**
 * HTTP layer of the sandbox (node:http): routing, CORS and the origin checks of origins.ts (loopback pages, our
 * extension; 403 for foreign origins on /dev/signature, the login and the reset), the 1 MB body limit (read and
 * discarded, connection kept), masked request and error logs, counters. Domain work is in login.ts and api.ts.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import {
  fail,
  invented,
  note,
  renderApi,
  undocumentedHeader,
  withNotes,
  type Note,
  type Outcome,
} from './answers';
import type { Handler } from './actions/index';
import { handleApi } from './api';
import { demoPage, indexPage } from './demo-page';
import { devSignature } from './dev-signature';
import { handleLogin } from './login';
import { revokeTickets, type RevokeTarget, type SandboxState } from './model';
import type { SandboxOptions } from './options';
import {
  ALLOW_ORIGINS_ENV,
  hostAllowed,
  keySecret,
  maskLogLine,
  maskTarget,
  originAllowed,
  originPolicy,
  signatureSecret,
  ticketSecret,
  unsafeTarget,
  type LogSecret,
  type OriginPolicy,
} from './origins';
import { recordCall, type SandboxStats } from './stats';

/** The response header naming what of an answer CME's docs do not define (exposed to pages through CORS). */
export const UNDOCUMENTED_HEADER = 'X-Sandbox-Undocumented';

/** Largest accepted request body, in bytes. */
export const BODY_LIMIT = 1024 * 1024;

/** Everything a running sandbox shares between requests. */
export interface SandboxRuntime {
  options: SandboxOptions;
  state: SandboxState;
  stats: SandboxStats;
  handlers: Map<string, Handler>;
  /** The sandbox's CME clock (epoch ms): this computer's, shifted back by `clockSkewSeconds`. */
  now: () => number;
  /** This computer's clock: the developer's signing server (`/dev/signature`) keeps it. */
  signerNow: () => number;
  /** One line per request (may be a no-op). */
  log: (line: string) => void;
  /** Handler exceptions and persistence failures. */
  logError: (line: string) => void;
  /** Writes the state when `--data` is set. */
  persist: () => void;
  /** Fresh demo data and zeroed counters; tickets stay as they are (valid ones valid, revoked ones revoked). */
  reset: () => void;
}

interface Body {
  text: string;
  size: number;
  tooLarge: boolean;
}

/** Reads a body up to `limit` bytes; past it the rest is read and discarded so the connection stays usable. */
function readBody(req: IncomingMessage, limit: number): Promise<Body> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    const done = (): void =>
      resolve({ text: Buffer.concat(chunks).toString('utf8'), size, tooLarge: size > limit });
    req.on('end', done);
    req.on('error', done);
  });
}

/** What the origin checks decided for one request. */
interface Access {
  /** The `Origin` header, when the browser sent one. */
  origin: string | undefined;
  /** The origin may read answers (CORS) and use every endpoint; true without an Origin. */
  allowed: boolean;
  /** Why the secret-bearing endpoints refuse this request; null when they may serve it. */
  refusal: string | null;
}

function accessOf(req: IncomingMessage, policy: OriginPolicy): Access {
  const raw = req.headers.origin;
  const origin = typeof raw === 'string' ? raw : undefined;
  const host = req.headers.host;
  // The sandbox's own origin as this browser reached it (a LAN address with --host 0.0.0.0, say).
  const own = host && hostAllowed(host, policy) ? [`http://${host.toLowerCase()}`] : [];
  const allowed = origin === undefined || originAllowed(origin, policy, own);
  const hint = `allow it with --allow-origin ORIGIN or ${ALLOW_ORIGINS_ENV} (see cme-devtools sandbox --help)`;
  let refusal: string | null = null;
  if (origin !== undefined && !allowed) {
    refusal =
      origin === 'null'
        ? `Origin null (a sandboxed frame, a file: page or a redirect) may not use this endpoint of the sandbox; only its own pages, loopback pages and the CME DevTools extension may`
        : `Origin ${origin} may not use this endpoint of the sandbox; only its own pages, loopback pages and the CME DevTools extension may; ${hint}`;
  } else if (origin === undefined && req.headers['sec-fetch-site'] === 'cross-site') {
    refusal =
      'a request from another site (Sec-Fetch-Site: cross-site) may not use this endpoint of the sandbox';
  } else if (!hostAllowed(host, policy)) {
    refusal = `Host ${host ?? ''} is not the sandbox's: reach it by IP address or localhost, or ${hint}`;
  }
  return { origin, allowed, refusal };
}

function setCors(res: ServerResponse, access: Access): void {
  res.setHeader('Vary', 'Origin');
  if (access.origin === undefined || !access.allowed) return;
  res.setHeader('Access-Control-Allow-Origin', access.origin);
  res.setHeader('Access-Control-Expose-Headers', `Content-Length, Content-Type, ${UNDOCUMENTED_HEADER}`);
}

function send(
  res: ServerResponse,
  status: number,
  body: string,
  type: string,
  extra: Record<string, string> = {},
): void {
  if (res.headersSent) return;
  const bytes = Buffer.from(body, 'utf8');
  res.writeHead(status, {
    'Content-Type': type,
    'Content-Length': String(bytes.length),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    ...extra,
  });
  res.end(bytes);
}

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  extra: Record<string, string> = {},
): void {
  send(res, status, JSON.stringify(body), 'application/json; charset=utf-8', extra);
}

const API_PATH = /^\/(proxy\/)?PaaS\/(.*)$/;

/** What a request was answered with, for the log: the CME Code (when it was a CME call) and the notes. */
interface Served {
  code: string;
  notes: Note[];
}

const NONE: Served = { code: '', notes: [] };

/** Headers that mark an answer as (partly) the sandbox's own. */
function noteHeaders(notes: readonly Note[]): Record<string, string> {
  const value = undocumentedHeader(notes);
  return value === null ? {} : { [UNDOCUMENTED_HEADER]: value };
}

/** Is the peer on this machine (127.0.0.0/8, ::1, or IPv4-mapped 127.x)? */
function fromLoopback(req: IncomingMessage): boolean {
  const a = req.socket.remoteAddress ?? '';
  return /^(::ffff:)?127\./.test(a) || a === '::1';
}

/** Reads `{ticket}` or `{platform, userId}` of a revoke request. */
function revokeTarget(body: Record<string, unknown> | null): RevokeTarget | string {
  if (!body) return 'the body must be a JSON object: {"ticket": "tf_…"} or {"platform": "…", "userId": "…"}';
  const { ticket, platform, userId } = body;
  if (typeof ticket === 'string' && ticket !== '') return { ticket };
  if (typeof platform === 'string' && platform !== '' && typeof userId === 'string' && userId !== '') {
    return { platform, userId };
  }
  return 'name what to revoke: {"ticket": "tf_…"} or {"platform": "…", "userId": "…"}';
}

/** Serves one request; returns the CME Code answered (when it was a CME call) and its notes, for the log. */
async function route(
  rt: SandboxRuntime,
  req: IncomingMessage,
  res: ServerResponse,
  access: Access,
  logError: (line: string) => void,
): Promise<Served> {
  const method = req.method ?? 'GET';
  const body = await readBody(req, BODY_LIMIT);
  const requestId = randomUUID();
  const target = req.url ?? '/';
  const unsafe = unsafeTarget(target);
  const url =
    unsafe === null && URL.canParse(target, 'http://sandbox.invalid')
      ? new URL(target, 'http://sandbox.invalid')
      : null;
  const strict = rt.options.strict;
  /** Sends a PaaS answer of the sandbox's own (not a client API call), marked. */
  const sendOwn = (status: number, outcome: Outcome, extra: Record<string, string> = {}): Served => {
    const a = renderApi(outcome, requestId, strict);
    sendJson(res, status, a.body, { ...extra, ...noteHeaders(a.notes) });
    return { code: a.code, notes: a.notes };
  };
  if (!url) {
    const why = unsafe ?? 'the request target is not a valid URL';
    const served = sendOwn(400, fail('InvalidParameter', why));
    return { code: '', notes: served.notes };
  }
  // Routed by the path as it came: no dot segment, // or backslash got this far (unsafeTarget).
  const path = url.pathname;
  const nowMs = rt.now();
  if (method === 'OPTIONS') {
    const headers: Record<string, string> = {};
    if (access.origin !== undefined && access.allowed) {
      headers['Access-Control-Allow-Methods'] = 'GET, POST, OPTIONS';
      headers['Access-Control-Allow-Headers'] =
        req.headers['access-control-request-headers'] ?? 'Content-Type';
      headers['Access-Control-Max-Age'] = '600';
      if (req.headers['access-control-request-private-network'] === 'true') {
        headers['Access-Control-Allow-Private-Network'] = 'true';
      }
    }
    res.writeHead(204, headers);
    res.end();
    return NONE;
  }
  /** Answers 403 (JSON, or text for the GET dev signature) when the origin checks refuse; true when it did. */
  const refused = (asText = false): boolean => {
    if (access.refusal === null) return false;
    if (asText) send(res, 403, access.refusal + '\n', 'text/plain; charset=utf-8');
    else sendJson(res, 403, { error: access.refusal });
    return true;
  };
  const apiMatch = API_PATH.exec(path);
  const tooLarge = (action: string, proxied: boolean): Served => {
    const outcome = invented(
      fail(
        'LimitExceeded.RequestSize',
        `The body has ${body.size} bytes; the limit is ${BODY_LIMIT}.`,
        `请求体有 ${body.size} 字节，上限为 ${BODY_LIMIT}。`,
      ),
      'body limit 1 MB, HTTP 413',
      "The 1 MB body limit and HTTP 413 are the sandbox's own; CME documents no body limit.",
      '1 MB 请求体上限和 HTTP 413 是沙箱自己的；CME 文档未规定请求体上限。',
    );
    const served = sendOwn(413, outcome);
    recordCall(rt.stats, action, served.code, proxied);
    return served;
  };
  if (apiMatch) {
    const proxied = apiMatch[1] !== undefined;
    const segments = (apiMatch[2] ?? '').split('/');
    const actionClass = segments.length === 2 ? safeDecode(segments[0]!) : '';
    const action = segments.length === 2 ? safeDecode(segments[1]!) : safeDecode(segments.join('/'));
    if (body.tooLarge) return tooLarge(action, proxied);
    if (method !== 'POST') {
      const outcome = invented(
        fail('InvalidParameter', `Use POST for the client API, not ${method}.`, '客户端 API 须使用 POST。'),
        'POST only, HTTP 405',
        "The docs call the client API with POST; how CME answers another method (here HTTP 405) is the sandbox's own.",
        '文档以 POST 调用客户端 API；对其他方法的回答（此处 HTTP 405）是沙箱自己的。',
      );
      const served = sendOwn(405, outcome, { Allow: 'POST, OPTIONS' });
      recordCall(rt.stats, action, served.code, proxied);
      return served;
    }
    const result = await handleApi(
      { actionClass, action, auth: url.searchParams.get('auth'), bodyText: body.text },
      { state: rt.state, options: rt.options, handlers: rt.handlers, nowMs, requestId },
    );
    if (result.error !== undefined) {
      const err = result.error;
      logError(
        `InternalError in ${actionClass}/${action}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
      );
    }
    if (result.changed) rt.persist();
    recordCall(rt.stats, action, result.code, proxied);
    sendJson(res, result.status, result.body, noteHeaders(result.notes));
    return { code: result.code, notes: result.notes };
  }
  if (body.tooLarge) return tooLarge(path, false);
  if (path === '/' && url.searchParams.has('signature') && (method === 'GET' || method === 'HEAD')) {
    if (refused()) return NONE;
    const login = await handleLogin(
      url.searchParams.get('signature') ?? '',
      rt.state,
      rt.options,
      nowMs,
      requestId,
    );
    if (login.changed) rt.persist();
    recordCall(rt.stats, 'Login', login.code, false);
    sendJson(res, 200, login.body, noteHeaders(login.notes));
    return { code: login.code, notes: login.notes };
  }
  const get = method === 'GET' || method === 'HEAD';
  if (path === '/' && get) {
    send(res, 200, indexPage(rt.options), 'text/html; charset=utf-8');
  } else if ((path === '/demo' || path === '/demo/') && get) {
    send(res, 200, demoPage(rt.options), 'text/html; charset=utf-8');
  } else if (path === '/dev/signature' && (get || method === 'POST')) {
    if (refused(method !== 'POST')) return NONE;
    let source: Record<string, unknown> | URLSearchParams = url.searchParams;
    if (method === 'POST') {
      const parsed = parseObject(body.text);
      if (!parsed) {
        sendJson(res, 400, { error: 'the body must be a JSON object like {"userId": "..."}' });
        return NONE;
      }
      source = parsed;
    }
    const dev = await devSignature(source, rt.options, rt.signerNow(), method !== 'POST');
    if (dev.json) sendJson(res, dev.status, dev.json);
    else send(res, dev.status, dev.text ?? '', 'text/plain; charset=utf-8');
  } else if (path === '/__sandbox/stats' && get) {
    sendJson(res, 200, rt.stats);
  } else if (path === '/__sandbox/info' && get) {
    const {
      platforms,
      loginShape,
      ticketTtlSeconds,
      demoKey,
      strict: strictMode,
      clockSkewSeconds,
    } = rt.options;
    sendJson(res, 200, {
      platforms,
      loginShape,
      ticketTtlSeconds,
      strict: strictMode,
      clockSkewSeconds,
      demoKey,
      secretId: rt.options.keys[0]?.secretId ?? null,
    });
  } else if (target.split('?', 1)[0] === '/__sandbox/reset' && method === 'POST') {
    if (refused()) return NONE;
    rt.reset();
    sendJson(res, 200, { ok: true });
  } else if (target.split('?', 1)[0] === '/__sandbox/revoke' && method === 'POST') {
    // Stands in for the server API's login-state deletion (登录态管理): ends one ticket or all of a user's.
    if (refused()) return NONE;
    if (!fromLoopback(req)) {
      sendJson(res, 403, { error: 'only a client on this machine (loopback) may revoke tickets' });
      return NONE;
    }
    const what = revokeTarget(parseObject(body.text));
    if (typeof what === 'string') {
      sendJson(res, 400, { error: what });
      return NONE;
    }
    const revoked = revokeTickets(rt.state, what, nowMs);
    if (revoked > 0) rt.persist();
    sendJson(res, 200, { ok: true, revoked });
  } else if (path === '/favicon.ico' && get) {
    res.writeHead(204);
    res.end();
  } else {
    const outcome = withNotes(
      fail('ResourceNotFound', `No such path: ${method} ${path}.`, `路径不存在：${method} ${path}。`),
      note(
        'no such path on the sandbox, HTTP 404',
        'The sandbox serves no such path; this answer (HTTP 404) is its own.',
        '沙箱没有此路径；此回答（HTTP 404）是沙箱自己的。',
      ),
    );
    return { code: '', notes: sendOwn(404, outcome).notes };
  }
  return NONE;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function parseObject(text: string): Record<string, unknown> | null {
  try {
    const json: unknown = JSON.parse(text === '' ? '{}' : text);
    return typeof json === 'object' && json !== null && !Array.isArray(json)
      ? (json as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/** This request's own secrets (its `auth` and `signature` query values), for its log lines. */
function requestSecrets(target: string): LogSecret[] {
  const q = target.indexOf('?');
  if (q < 0) return [];
  const out: LogSecret[] = [];
  for (const [key, value] of new URLSearchParams(target.slice(q + 1))) {
    const k = key.toLowerCase();
    if (k === 'auth' || k === 'ticket' || k === 'authorization') out.push(ticketSecret(value));
    if (k === 'signature') out.push(signatureSecret(value));
  }
  return out;
}

/** Every secret the sandbox holds: the tickets it issued and its SecretKeys. */
function heldSecrets(rt: SandboxRuntime): LogSecret[] {
  return [
    ...rt.options.keys.map((k) => keySecret(k.secretKey)),
    ...rt.state.tickets.map((t) => ticketSecret(t.ticket)),
  ];
}

/** The sandbox's HTTP server (not yet listening). */
export function createSandboxServer(rt: SandboxRuntime): Server {
  const policy = originPolicy(rt.options.allowOrigins);
  return createServer((req, res) => {
    const started = Date.now();
    rt.stats.requests += 1;
    // The answer's Date is the sandbox's CME clock (shifted by --clock-skew), as a server stamps its own.
    // A clock that fails leaves Node's own Date; the route then answers InternalError as for any failure.
    try {
      res.setHeader('Date', new Date(rt.now()).toUTCString());
    } catch {
      // Node adds the Date header itself.
    }
    const access = accessOf(req, policy);
    setCors(res, access);
    const target = req.url ?? '/';
    // Error lines may quote anything (a URL, a handler's message): every secret the sandbox knows is masked.
    const logError = (line: string): void =>
      rt.logError(maskLogLine(line, [...requestSecrets(target), ...heldSecrets(rt)]));
    route(rt, req, res, access, logError)
      .then(({ code, notes }) => {
        const path = maskTarget(target.split('?')[0] ?? '');
        // The path may quote a held ticket or key too (`/PaaS/…/<ticket>`); a note may quote a parameter name.
        const secrets = [...requestSecrets(target), ...heldSecrets(rt)];
        rt.log(
          maskLogLine(
            `${req.method ?? '?'} ${path} → ${res.statusCode}${code ? ' ' + code : ''} (${Date.now() - started} ms)`,
            secrets,
          ),
        );
        const marked = undocumentedHeader(notes);
        if (marked !== null) rt.log(maskLogLine(`  ↳ undocumented (sandbox's own): ${marked}`, secrets));
      })
      .catch((err: unknown) => {
        logError(
          `InternalError serving ${req.method ?? '?'} ${maskTarget(target)}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
        );
        const outcome = withNotes(
          fail('InternalError', 'The sandbox failed on this request (see its log).'),
          note(
            'sandbox bug: HTTP 500',
            'A bug in the sandbox, not CME behaviour.',
            '这是沙箱的缺陷，不是 CME 的行为。',
          ),
        );
        const a = renderApi(outcome, randomUUID(), rt.options.strict);
        sendJson(res, 500, a.body, noteHeaders(a.notes));
      });
  });
}
