/**
 * Flags of `cme-devtools sandbox` and the options they become; defaults give a working offline sandbox.
 */
import { formatHelp, parseCommandArgs, type OptionTable } from '../args';
import { ALLOW_ORIGINS_ENV, normaliseAllowedOrigin } from './origins';

/** A SecretId/SecretKey pair the sandbox accepts signatures from. */
export interface SandboxKey {
  secretId: string;
  secretKey: string;
}

/** Which documented login answer shape the sandbox gives. */
export type LoginShape = 'current' | 'legacy';

/** Everything the sandbox can be started with. */
export interface SandboxOptions {
  port: number;
  host: string;
  /** Accepted key pairs; the first one signs for `/dev/signature`. */
  keys: SandboxKey[];
  /** True when no key was given and the demo key is used. */
  demoKey: boolean;
  platforms: string[];
  loginShape: LoginShape;
  /**
   * Seconds a ticket stays valid after its login; null (the default) = until revoked, as CME documents the
   * ticket ("long-term", ended through the server API's login-state management). A lifetime is our own rule.
   */
  ticketTtlSeconds: number | null;
  /** Answer only Codes and behaviours CME documents (the closest documented Code + a note otherwise). */
  strict: boolean;
  /**
   * Seconds the sandbox's CME clock runs behind this computer's (negative: ahead), as if the developer's
   * signing server's clock were that far ahead: the answers' Date header and every time check (signature
   * expiry, ticket lifetime) use the shifted clock; the dev-signature endpoint (the developer's server)
   * keeps this computer's. To show what a skewed clock does to a login; 0 by default.
   */
  clockSkewSeconds: number;
  /** Persist the state to this JSON file; null keeps it in memory. */
  dataFile: string | null;
  /**
   * Origins allowed besides the sandbox's own, loopback pages and our extension (origins.ts): exact origins,
   * `chrome-extension://*`, `moz-extension://*`, `*` (any but `null`) or `null`. Also read from
   * CME_SANDBOX_ALLOW_ORIGINS by startSandbox.
   */
  allowOrigins: string[];
  quiet: boolean;
}

/** The sandbox-only demo key pair, used when no key is given. Never a real credential. */
export const DEMO_KEY: SandboxKey = {
  secretId: 'AKIDSANDBOXDEMOONLY0000000000000000',
  secretKey: 'SANDBOXDEMOSECRETKEY000000000000',
};

/** The platform the sandbox serves when none is given. */
export const DEFAULT_PLATFORM = 'demo_platform';

/** Options with every default. */
export function defaultOptions(): SandboxOptions {
  return {
    port: 8787,
    host: '127.0.0.1',
    keys: [{ ...DEMO_KEY }],
    demoKey: true,
    platforms: [DEFAULT_PLATFORM],
    loginShape: 'current',
    ticketTtlSeconds: null,
    strict: false,
    clockSkewSeconds: 0,
    dataFile: null,
    allowOrigins: [],
    quiet: false,
  };
}

/** The sandbox's flags (read by `util.parseArgs` and listed by `--help`). */
export const SANDBOX_OPTIONS = {
  port: { type: 'string', value: 'N', help: 'port to listen on (default 8787; 0 = any free port)' },
  host: { type: 'string', value: 'HOST', help: 'address to bind (default 127.0.0.1)' },
  'secret-id': {
    type: 'string',
    value: 'ID',
    help: 'SecretId of the key pair to accept (with --secret-key)',
  },
  'secret-key': {
    type: 'string',
    value: 'KEY',
    help: 'SecretKey of that pair (default: a printed sandbox-only demo pair)',
  },
  platform: {
    type: 'string',
    value: 'NAME',
    multiple: true,
    help: `platform to serve; repeatable (default ${DEFAULT_PLATFORM})`,
  },
  'login-shape': {
    type: 'string',
    value: 'SHAPE',
    help: 'current | legacy login answer shape (default current)',
  },
  'ticket-ttl': {
    type: 'string',
    value: 'SECONDS',
    help: "end each ticket SECONDS after its login: the sandbox's own rule, marked when it fires (default: tickets last until revoked with POST /__sandbox/revoke, as CME documents its long-term ticket)",
  },
  strict: {
    type: 'boolean',
    help: "answer only Codes and behaviours CME documents: where the docs are silent, the closest documented Code, with an X-Sandbox-Undocumented header and SandboxDetail saying so (default: the sandbox's own Codes there, marked the same way)",
  },
  'clock-skew': {
    type: 'string',
    value: 'SECONDS',
    help: "run the sandbox's CME clock SECONDS behind this computer's (negative: ahead), as if your signing server's clock were that far ahead: its Date header and its signature and ticket time checks shift, /dev/signature keeps this computer's time (default 0)",
  },
  data: { type: 'string', value: 'FILE', help: 'persist the state to FILE as JSON (default: in memory)' },
  'allow-origin': {
    type: 'string',
    value: 'ORIGIN',
    multiple: true,
    help: `also allow this origin to read answers and to use /dev/signature, the login, /__sandbox/reset and /__sandbox/revoke; repeatable. Allowed without it: the sandbox's own pages, loopback pages (http://127.0.0.1:*, http://localhost:*, http://[::1]:*), this checkout's unpacked Chrome build and Firefox add-ons (moz-extension://*; naming one moz-extension://UUID allows only those named). chrome-extension://* or moz-extension://* = every extension of that browser, * = any origin but null, null = sandboxed frames and file: pages (unsafe). Also ${ALLOW_ORIGINS_ENV}="ORIGIN ORIGIN…"`,
  },
  quiet: { type: 'boolean', help: 'do not log each request' },
} as const satisfies OptionTable;

/** The usage line of the sandbox command (after the program name). */
export const SANDBOX_USAGE_LINE =
  'sandbox [--port 8787] [--host 127.0.0.1] [--secret-id ID --secret-key KEY] [--platform NAME]... [--login-shape current|legacy] [--strict] [--ticket-ttl S] [--clock-skew S] [--data FILE] [--allow-origin ORIGIN]...';

/** What the sandbox is, for its help. */
export const SANDBOX_DESCRIPTION = `Runs a local CME-compatible server (login + client API + demo page) for offline development.
本地 CME 兼容服务（登录、客户端 API、演示页面），用于离线开发。`;

/** Help text of the sandbox command. */
export const SANDBOX_USAGE = formatHelp(
  `cme-devtools ${SANDBOX_USAGE_LINE}`,
  SANDBOX_DESCRIPTION,
  SANDBOX_OPTIONS,
);

/** Result of parsing the flags: options, a request for help, or an error message. */
export type ParsedOptions =
  { kind: 'options'; options: SandboxOptions } | { kind: 'help' } | { kind: 'error'; message: string };

function parseInteger(text: string, min: number, max: number): number | null {
  if (!/^\d+$/.test(text)) return null;
  const n = Number(text);
  return n >= min && n <= max ? n : null;
}

/** Parses the sandbox flags (`--flag value` or `--flag=value`) with `util.parseArgs`. Never throws. */
export function parseSandboxArgs(argv: readonly string[]): ParsedOptions {
  const parsed = parseCommandArgs(argv, SANDBOX_OPTIONS);
  if (parsed.kind !== 'ok') return parsed;
  const v = parsed.values;
  const opts = defaultOptions();
  opts.quiet = v.quiet === true;
  opts.strict = v.strict === true;
  if (v.port !== undefined) {
    const port = parseInteger(v.port, 0, 65535);
    if (port === null) return { kind: 'error', message: `--port must be 0–65535, got ${v.port}` };
    opts.port = port;
  }
  if (v.host !== undefined) {
    if (v.host === '') return { kind: 'error', message: '--host must not be empty' };
    opts.host = v.host;
  }
  const platforms: string[] = [];
  for (const value of v.platform ?? []) {
    if (!/^[\w.-]{1,64}$/.test(value)) {
      return { kind: 'error', message: `--platform must be 1–64 letters, digits, _ . -, got ${value}` };
    }
    if (!platforms.includes(value)) platforms.push(value);
  }
  if (v['login-shape'] !== undefined) {
    const shape = v['login-shape'];
    if (shape !== 'current' && shape !== 'legacy') {
      return { kind: 'error', message: `--login-shape must be current or legacy, got ${shape}` };
    }
    opts.loginShape = shape;
  }
  if (v['ticket-ttl'] !== undefined) {
    const ttl = parseInteger(v['ticket-ttl'], 1, 10 * 365 * 86400);
    if (ttl === null) return { kind: 'error', message: `--ticket-ttl must be a positive number of seconds` };
    opts.ticketTtlSeconds = ttl;
  }
  if (v['clock-skew'] !== undefined) {
    const text = v['clock-skew'];
    const skew = /^-?\d{1,9}$/.test(text) ? Number(text) : NaN;
    if (!(Math.abs(skew) <= 10 * 365 * 86400)) {
      return {
        kind: 'error',
        message: `--clock-skew must be a whole number of seconds (up to 10 years either way), got ${text}`,
      };
    }
    opts.clockSkewSeconds = skew;
  }
  if (v.data !== undefined) {
    if (v.data === '') return { kind: 'error', message: '--data must name a file' };
    opts.dataFile = v.data;
  }
  for (const value of v['allow-origin'] ?? []) {
    const checked = normaliseAllowedOrigin(value);
    if ('error' in checked) return { kind: 'error', message: checked.error };
    if (!opts.allowOrigins.includes(checked.origin)) opts.allowOrigins.push(checked.origin);
  }
  const secretId = v['secret-id'] ?? null;
  const secretKey = v['secret-key'] ?? null;
  if ((secretId === null) !== (secretKey === null)) {
    return { kind: 'error', message: '--secret-id and --secret-key go together: give both or neither' };
  }
  if (secretId !== null && secretKey !== null) {
    if (secretId === '' || secretKey === '') {
      return { kind: 'error', message: '--secret-id and --secret-key must not be empty' };
    }
    opts.keys = [{ secretId, secretKey }];
    opts.demoKey = false;
  }
  if (platforms.length > 0) opts.platforms = platforms;
  return { kind: 'options', options: opts };
}
