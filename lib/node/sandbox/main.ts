/**
 * Entry points of the sandbox: `startSandbox` (tests, embedding) and `runSandbox` (the CLI's `sandbox` command,
 * which runs until SIGINT/SIGTERM).
 */
import type { Server } from 'node:http';
import { builtinHandlers, type Handler } from './actions/index';
import { emptyState, findPlatform, loadState, saveState, ticketProblem, type SandboxState } from './model';
import { defaultOptions, parseSandboxArgs, SANDBOX_USAGE, type SandboxOptions } from './options';
import {
  ALLOW_ORIGINS_ENV,
  keySecret,
  maskLogLine,
  normaliseAllowedOrigin,
  originPolicy,
  originsFromEnv,
  ticketSecret,
} from './origins';
import { ensurePlatform, ensureUser } from './seed';
import { createSandboxServer, type SandboxRuntime } from './server';
import { emptyStats, type SandboxStats } from './stats';

/** Options of `startSandbox`: any sandbox option, plus injected clock, logs and handler overrides. */
export interface StartOptions extends Partial<SandboxOptions> {
  /** Epoch ms clock (default Date.now). */
  now?: () => number;
  /** One line per request (default: none). */
  log?: (line: string) => void;
  /** Errors: handler exceptions, persistence failures (default: console.error). */
  logError?: (line: string) => void;
  /** Replace or add action handlers by action name (tests). */
  handlers?: Record<string, Handler>;
  /** Where CME_SANDBOX_ALLOW_ORIGINS is read (default process.env). */
  env?: Record<string, string | undefined>;
}

/** A running sandbox. */
export interface RunningSandbox {
  /** Base URL, e.g. `http://127.0.0.1:8787`. */
  url: string;
  port: number;
  options: SandboxOptions;
  /** The live state (mutated by requests). */
  state: SandboxState;
  stats: SandboxStats;
  /** Stops listening and drops open connections. */
  close: () => Promise<void>;
}

/** Streams the CLI writes to, and an optional signal that stops the sandbox like SIGINT. */
export interface SandboxIo {
  stdout: { write: (text: string) => unknown };
  stderr: { write: (text: string) => unknown };
  signal?: AbortSignal;
}

function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const addr = server.address();
      resolve(typeof addr === 'object' && addr !== null ? addr.port : port);
    });
  });
}

/** Seeds the configured platforms and the users of live tickets (after a load or a reset). */
function seedServed(state: SandboxState, options: SandboxOptions, nowMs: number): void {
  for (const name of options.platforms) ensurePlatform(state, name, nowMs);
  for (const t of state.tickets) {
    const p = findPlatform(state, t.platform);
    if (p && ticketProblem(t, nowMs) === null) ensureUser(p, t.userId, nowMs);
  }
}

/** Starts a sandbox; rejects when the data file is unreadable or the port is taken. */
export async function startSandbox(opts: StartOptions = {}): Promise<RunningSandbox> {
  const {
    now = Date.now,
    log = () => {},
    logError = (line: string) => console.error(line),
    handlers,
    env = process.env,
    ...rest
  } = opts;
  const options: SandboxOptions = { ...defaultOptions(), ...rest };
  if (rest.keys && rest.demoKey === undefined) options.demoKey = false;
  const allowOrigins: string[] = [];
  for (const value of [...options.allowOrigins, ...originsFromEnv(env)]) {
    const checked = normaliseAllowedOrigin(value);
    if ('error' in checked) throw new Error(`${ALLOW_ORIGINS_ENV} or allowOrigins: ${checked.error}`);
    if (!allowOrigins.includes(checked.origin)) allowOrigins.push(checked.origin);
  }
  options.allowOrigins = allowOrigins;
  let state = emptyState();
  if (options.dataFile) {
    const loaded = loadState(options.dataFile);
    if (typeof loaded === 'string') throw new Error(`Cannot use the data file: ${loaded}`);
    if (loaded) state = loaded;
  }
  const persist = (): void => {
    if (!options.dataFile) return;
    try {
      saveState(options.dataFile, state);
    } catch (err) {
      safeLogError(`Cannot write ${options.dataFile}: ${err instanceof Error ? err.message : String(err)}`);
    }
  };
  // Every line the sandbox logs goes out with its tickets and keys masked (server.ts also masks each request's own).
  const safeLogError = (line: string): void =>
    logError(
      maskLogLine(line, [
        ...options.keys.map((k) => keySecret(k.secretKey)),
        ...state.tickets.map((t) => ticketSecret(t.ticket)),
      ]),
    );
  // The CME side's clock; the developer's signing server (/dev/signature) keeps `now`.
  const cmeNow = (): number => now() - options.clockSkewSeconds * 1000;
  seedServed(state, options, cmeNow());
  const stats = emptyStats();
  const all = builtinHandlers();
  for (const [name, handler] of Object.entries(handlers ?? {})) all.set(name, handler);
  const rt: SandboxRuntime = {
    options,
    state,
    stats,
    handlers: all,
    now: cmeNow,
    signerNow: now,
    log: (line) => log(maskLogLine(line, [])),
    logError: safeLogError,
    persist,
    // Tickets are left alone: valid ones stay valid and revoked ones revoked (only revoke ends a ticket).
    reset: () => {
      state.platforms = [];
      seedServed(state, options, cmeNow());
      Object.assign(stats, emptyStats());
      persist();
    },
  };
  persist();
  const server = createSandboxServer(rt);
  const port = await listen(server, options.port, options.host);
  return {
    url: `http://${urlHost(options.host)}:${port}`,
    port,
    options,
    state,
    stats,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Who may use the sandbox from a browser, for the banner. */
function originsLine(allowOrigins: readonly string[]): string {
  const policy = originPolicy(allowOrigins);
  const chrome = policy.anyChrome
    ? 'chrome-extension://*'
    : [...policy.chromeIds].map((id) => `chrome-extension://${id}`).join(', ');
  const moz = policy.anyMoz
    ? 'moz-extension://*'
    : [...policy.mozUuids].map((u) => `moz-extension://${u}`).join(', ');
  const listed = allowOrigins.filter((o) => !/^(chrome|moz)-extension:/.test(o));
  return (
    ['this server, loopback pages', `${chrome} (this checkout's Chrome build)`, moz, ...listed].join(', ') +
    ' (more: --allow-origin)'
  );
}

function banner(sb: RunningSandbox): string {
  const o = sb.options;
  const lines = [
    `CME sandbox listening on ${sb.url}`,
    `  demo 演示:       ${sb.url}/demo`,
    `  login 登录:      GET ${sb.url}/?signature=…  (${o.loginShape} answer shape)`,
    `  client API:      POST ${sb.url}/PaaS/<ActionClass>/<ActionName>?auth=…`,
    `  platforms 平台:  ${o.platforms.join(', ')}`,
    `  data 数据:       ${o.dataFile ?? 'in memory (--data FILE to persist)'}`,
    `  origins 来源:    ${originsLine(o.allowOrigins)}`,
  ];
  if (o.clockSkewSeconds !== 0) {
    const s = o.clockSkewSeconds;
    lines.push(
      `  clock 时钟:      CME clock ${Math.abs(s)} s ${s > 0 ? 'behind' : 'ahead of'} this computer's (--clock-skew); /dev/signature signs with this computer's`,
    );
  }
  if (o.demoKey) {
    const key = o.keys[0];
    lines.push(
      '',
      '  SANDBOX ONLY / 仅供沙箱 — demo key pair, never use it anywhere real:',
      `    SecretId:  ${key?.secretId ?? ''}`,
      `    SecretKey: ${key?.secretKey ?? ''}`,
    );
  }
  lines.push('', 'Press Ctrl+C to stop. 按 Ctrl+C 停止。', '');
  return lines.join('\n');
}

/**
 * The `cme-devtools sandbox` command: parses flags, starts the sandbox, prints its URL, and resolves with the
 * exit code once SIGINT/SIGTERM (or `io.signal`) stops it. 0 on a clean stop, 1 on a start failure, 2 on bad flags.
 */
export async function runSandbox(argv: string[], io: SandboxIo): Promise<number> {
  const parsed = parseSandboxArgs(argv);
  if (parsed.kind === 'help') {
    io.stdout.write(SANDBOX_USAGE);
    return 0;
  }
  if (parsed.kind === 'error') {
    io.stderr.write(`cme-devtools: sandbox: ${parsed.message} (see \`cme-devtools sandbox --help\`)\n`);
    return 2;
  }
  const options = parsed.options;
  let sb: RunningSandbox;
  try {
    sb = await startSandbox({
      ...options,
      log: options.quiet ? () => {} : (line) => io.stdout.write(line + '\n'),
      logError: (line) => io.stderr.write(line + '\n'),
    });
  } catch (err) {
    io.stderr.write(`Cannot start the sandbox: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
  io.stdout.write(banner(sb));
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      io.signal?.removeEventListener('abort', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    if (io.signal?.aborted) stop();
    else io.signal?.addEventListener('abort', stop);
  });
  await sb.close();
  io.stdout.write('CME sandbox stopped. 沙箱已停止。\n');
  return 0;
}
