/**
 * HTTP layer of the sandbox (node:http): routing, CORS and the origin checks of origins.ts (loopback pages, our
 * extension; 403 for foreign origins on /dev/signature, the login and the reset), the 1 MB body limit (read and
 * discarded, connection kept), masked request and error logs, counters. Domain work is in login.ts and api.ts.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { apiAnswer, fail } from './answers';
import type { Handler } from './actions/index';
import { handleApi } from './api';
import { demoPage, indexPage } from './demo-page';
import { devSignature } from './dev-signature';
import { handleLogin } from './login';
import type { SandboxState } from './model';
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

/** Largest accepted request body, in bytes. */
export const BODY_LIMIT = 1024 * 1024;

/** Everything a running sandbox shares between requests. */
export interface SandboxRuntime {
  options: SandboxOptions;
  state: SandboxState;
  stats: SandboxStats;
  handlers: Map<string, Handler>;
  now: () => number;
  /** One line per request (may be a no-op). */
  log: (line: string) => void;
  /** Handler exceptions and persistence failures. */
  logError: (line: string) => void;
  /** Writes the state when `--data` is set. */
  persist: () => void;
  /** Fresh demo data and zeroed counters; tickets stay valid. */
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
  res.setHeader('Access-Control-Expose-Headers', 'Content-Length, Content-Type');
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

/** Serves one request; returns the CME Code answered (when it was a CME call) for the log. */
async function route(
  rt: SandboxRuntime,
  req: IncomingMessage,
  res: ServerResponse,
  access: Access,
  logError: (line: string) => void,
): Promise<string> {
  const method = req.method ?? 'GET';
  const body = await readBody(req, BODY_LIMIT);
  const requestId = randomUUID();
  const target = req.url ?? '/';
  const unsafe = unsafeTarget(target);
  const url =
    unsafe === null && URL.canParse(target, 'http://sandbox.invalid')
      ? new URL(target, 'http://sandbox.invalid')
      : null;
  if (!url) {
    const why = unsafe ?? 'the request target is not a valid URL';
    sendJson(res, 400, apiAnswer(fail('InvalidParameter', why), requestId));
    return '';
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
    return '';
  }
  /** Answers 403 (JSON, or text for the GET dev signature) when the origin checks refuse; true when it did. */
  const refused = (asText = false): boolean => {
    if (access.refusal === null) return false;
    if (asText) send(res, 403, access.refusal + '\n', 'text/plain; charset=utf-8');
    else sendJson(res, 403, { error: access.refusal });
    return true;
  };
  const apiMatch = API_PATH.exec(path);
  const tooLarge = (action: string, proxied: boolean): string => {
    recordCall(rt.stats, action, 'LimitExceeded.RequestSize', proxied);
    const detail = `the body has ${body.size} bytes; the limit is ${BODY_LIMIT}`;
    sendJson(res, 413, apiAnswer(fail('LimitExceeded.RequestSize', detail), requestId));
    return 'LimitExceeded.RequestSize';
  };
  if (apiMatch) {
    const proxied = apiMatch[1] !== undefined;
    const segments = (apiMatch[2] ?? '').split('/');
    const actionClass = segments.length === 2 ? safeDecode(segments[0]!) : '';
    const action = segments.length === 2 ? safeDecode(segments[1]!) : safeDecode(segments.join('/'));
    if (body.tooLarge) return tooLarge(action, proxied);
    if (method !== 'POST') {
      recordCall(rt.stats, action, 'InvalidParameter', proxied);
      const outcome = fail(
        'InvalidParameter',
        `use POST for the client API, not ${method}`,
        '客户端 API 须使用 POST',
      );
      sendJson(res, 405, apiAnswer(outcome, requestId), { Allow: 'POST, OPTIONS' });
      return 'InvalidParameter';
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
    sendJson(res, result.status, result.body);
    return result.code;
  }
  if (body.tooLarge) return tooLarge(path, false);
  if (path === '/' && url.searchParams.has('signature') && (method === 'GET' || method === 'HEAD')) {
    if (refused()) return '';
    const login = await handleLogin(
      url.searchParams.get('signature') ?? '',
      rt.state,
      rt.options,
      nowMs,
      requestId,
    );
    if (login.changed) rt.persist();
    recordCall(rt.stats, 'Login', login.code, false);
    sendJson(res, 200, login.body);
    return login.code;
  }
  const get = method === 'GET' || method === 'HEAD';
  if (path === '/' && get) {
    send(res, 200, indexPage(rt.options), 'text/html; charset=utf-8');
  } else if ((path === '/demo' || path === '/demo/') && get) {
    send(res, 200, demoPage(rt.options), 'text/html; charset=utf-8');
  } else if (path === '/dev/signature' && (get || method === 'POST')) {
    if (refused(method !== 'POST')) return '';
    let source: Record<string, unknown> | URLSearchParams = url.searchParams;
    if (method === 'POST') {
      const parsed = parseObject(body.text);
      if (!parsed) {
        sendJson(res, 400, { error: 'the body must be a JSON object like {"userId": "..."}' });
        return '';
      }
      source = parsed;
    }
    const dev = await devSignature(source, rt.options, nowMs, method !== 'POST');
    if (dev.json) sendJson(res, dev.status, dev.json);
    else send(res, dev.status, dev.text ?? '', 'text/plain; charset=utf-8');
  } else if (path === '/__sandbox/stats' && get) {
    sendJson(res, 200, rt.stats);
  } else if (path === '/__sandbox/info' && get) {
    const { platforms, loginShape, ticketTtlSeconds, demoKey } = rt.options;
    sendJson(res, 200, {
      platforms,
      loginShape,
      ticketTtlSeconds,
      demoKey,
      secretId: rt.options.keys[0]?.secretId ?? null,
    });
  } else if (target.split('?', 1)[0] === '/__sandbox/reset' && method === 'POST') {
    if (refused()) return '';
    rt.reset();
    sendJson(res, 200, { ok: true });
  } else if (path === '/favicon.ico' && get) {
    res.writeHead(204);
    res.end();
  } else {
    const outcome = fail(
      'ResourceNotFound',
      `no such path: ${method} ${path}`,
      `路径不存在：${method} ${path}`,
    );
    sendJson(res, 404, apiAnswer(outcome, requestId));
  }
  return '';
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
    const access = accessOf(req, policy);
    setCors(res, access);
    const target = req.url ?? '/';
    // Error lines may quote anything (a URL, a handler's message): every secret the sandbox knows is masked.
    const logError = (line: string): void =>
      rt.logError(maskLogLine(line, [...requestSecrets(target), ...heldSecrets(rt)]));
    route(rt, req, res, access, logError)
      .then((code) => {
        const path = maskTarget(target.split('?')[0] ?? '');
        rt.log(
          maskLogLine(
            `${req.method ?? '?'} ${path} → ${res.statusCode}${code ? ' ' + code : ''} (${Date.now() - started} ms)`,
            // The path may quote a held ticket or key too (`/PaaS/…/<ticket>`).
            [...requestSecrets(target), ...heldSecrets(rt)],
          ),
        );
      })
      .catch((err: unknown) => {
        logError(
          `InternalError serving ${req.method ?? '?'} ${maskTarget(target)}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
        );
        const outcome = fail('InternalError', 'the sandbox failed on this request (see its log)');
        sendJson(res, 500, apiAnswer(outcome, randomUUID()));
      });
  });
}
