/**
 * HTTP layer of the sandbox (node:http): routing, CORS for local pages and extension pages, the 1 MB body limit
 * (read and discarded, connection kept), request log and counters. Domain work is in login.ts and api.ts.
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

const LOOPBACK = /^https?:\/\/(localhost|127(\.\d{1,3}){3}|\[::1\])(:\d+)?$/i;
const EXTENSION = /^(chrome|moz|safari-web|ms-browser)-extension:\/\/[^/]+$/i;

/** True for origins allowed to read answers: local pages, extension pages, `null` (files) and `--allow-origin`. */
export function originAllowed(origin: string, extra: readonly string[]): boolean {
  if (extra.includes('*') || extra.includes(origin)) return true;
  return origin === 'null' || LOOPBACK.test(origin) || EXTENSION.test(origin);
}

function setCors(req: IncomingMessage, res: ServerResponse, extra: readonly string[]): void {
  res.setHeader('Vary', 'Origin');
  const origin = req.headers.origin;
  if (typeof origin !== 'string' || !originAllowed(origin, extra)) return;
  res.setHeader('Access-Control-Allow-Origin', origin);
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
async function route(rt: SandboxRuntime, req: IncomingMessage, res: ServerResponse): Promise<string> {
  const method = req.method ?? 'GET';
  const body = await readBody(req, BODY_LIMIT);
  const requestId = randomUUID();
  const url = URL.canParse(req.url ?? '/', 'http://sandbox.invalid')
    ? new URL(req.url ?? '/', 'http://sandbox.invalid')
    : null;
  if (!url) {
    sendJson(
      res,
      400,
      apiAnswer(fail('InvalidParameter', 'the request target is not a valid URL'), requestId),
    );
    return '';
  }
  const path = url.pathname;
  const nowMs = rt.now();
  if (method === 'OPTIONS') {
    const headers: Record<string, string> = {
      'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
      'Access-Control-Allow-Headers': req.headers['access-control-request-headers'] ?? 'Content-Type',
      'Access-Control-Max-Age': '600',
    };
    if (req.headers['access-control-request-private-network'] === 'true') {
      headers['Access-Control-Allow-Private-Network'] = 'true';
    }
    res.writeHead(204, headers);
    res.end();
    return '';
  }
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
      rt.logError(
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
  } else if (path === '/__sandbox/reset' && method === 'POST') {
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

/** The sandbox's HTTP server (not yet listening). */
export function createSandboxServer(rt: SandboxRuntime): Server {
  return createServer((req, res) => {
    const started = Date.now();
    rt.stats.requests += 1;
    setCors(req, res, rt.options.allowOrigins);
    route(rt, req, res)
      .then((code) => {
        const path = (req.url ?? '/').split('?')[0];
        rt.log(
          `${req.method ?? '?'} ${path} → ${res.statusCode}${code ? ' ' + code : ''} (${Date.now() - started} ms)`,
        );
      })
      .catch((err: unknown) => {
        rt.logError(
          `InternalError serving ${req.method ?? '?'} ${req.url ?? ''}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
        );
        const outcome = fail('InternalError', 'the sandbox failed on this request (see its log)');
        sendJson(res, 500, apiAnswer(outcome, randomUUID()));
      });
  });
}
