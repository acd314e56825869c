/**
 * Flags of `cme-devtools sandbox` and the options they become; defaults give a working offline sandbox.
 */

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
  ticketTtlSeconds: number;
  /** Persist the state to this JSON file; null keeps it in memory. */
  dataFile: string | null;
  /** Origins allowed by CORS besides local pages and extension pages; `*` allows any. */
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
    ticketTtlSeconds: 86400,
    dataFile: null,
    allowOrigins: [],
    quiet: false,
  };
}

/** Usage text of the sandbox command. */
export const SANDBOX_USAGE = `Usage: cme-devtools sandbox [options]

Runs a local CME-compatible server (login + client API + demo page) for offline development.
本地 CME 兼容服务（登录、客户端 API、演示页面），用于离线开发。

Options:
  --port N               port to listen on (default 8787; 0 = any free port)
  --host HOST            address to bind (default 127.0.0.1)
  --secret-id ID         SecretId of the key pair to accept (with --secret-key)
  --secret-key KEY       SecretKey of that pair (default: a printed sandbox-only demo pair)
  --platform NAME        platform to serve; repeatable (default ${DEFAULT_PLATFORM})
  --login-shape SHAPE    current | legacy login answer shape (default current)
  --ticket-ttl SECONDS   ticket lifetime (default 86400)
  --data FILE            persist the state to FILE as JSON (default: in memory)
  --allow-origin ORIGIN  also allow this CORS origin; repeatable; * = any
  --quiet                do not log each request
  -h, --help             show this help
`;

/** Result of parsing the flags: options, a request for help, or an error message. */
export type ParsedOptions =
  { kind: 'options'; options: SandboxOptions } | { kind: 'help' } | { kind: 'error'; message: string };

const VALUE_FLAGS = new Set([
  '--port',
  '--host',
  '--secret-id',
  '--secret-key',
  '--platform',
  '--login-shape',
  '--ticket-ttl',
  '--data',
  '--allow-origin',
]);

function parseInteger(text: string, min: number, max: number): number | null {
  if (!/^\d+$/.test(text)) return null;
  const n = Number(text);
  return n >= min && n <= max ? n : null;
}

/** Parses the sandbox flags (`--flag value` or `--flag=value`). Never throws. */
export function parseSandboxArgs(argv: readonly string[]): ParsedOptions {
  const opts = defaultOptions();
  const platforms: string[] = [];
  let secretId: string | null = null;
  let secretKey: string | null = null;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '-h' || arg === '--help') return { kind: 'help' };
    if (arg === '--quiet') {
      opts.quiet = true;
      continue;
    }
    const eq = arg.indexOf('=');
    const flag = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    if (!VALUE_FLAGS.has(flag)) return { kind: 'error', message: `Unknown option: ${arg}` };
    let value: string | undefined;
    if (flag !== arg) value = arg.slice(eq + 1);
    else value = argv[++i];
    if (value === undefined) return { kind: 'error', message: `${flag} needs a value` };
    switch (flag) {
      case '--port': {
        const port = parseInteger(value, 0, 65535);
        if (port === null) return { kind: 'error', message: `--port must be 0–65535, got ${value}` };
        opts.port = port;
        break;
      }
      case '--host':
        if (value === '') return { kind: 'error', message: '--host must not be empty' };
        opts.host = value;
        break;
      case '--secret-id':
        secretId = value;
        break;
      case '--secret-key':
        secretKey = value;
        break;
      case '--platform':
        if (!/^[\w.-]{1,64}$/.test(value)) {
          return { kind: 'error', message: `--platform must be 1–64 letters, digits, _ . -, got ${value}` };
        }
        if (!platforms.includes(value)) platforms.push(value);
        break;
      case '--login-shape':
        if (value !== 'current' && value !== 'legacy') {
          return { kind: 'error', message: `--login-shape must be current or legacy, got ${value}` };
        }
        opts.loginShape = value;
        break;
      case '--ticket-ttl': {
        const ttl = parseInteger(value, 1, 10 * 365 * 86400);
        if (ttl === null)
          return { kind: 'error', message: `--ticket-ttl must be a positive number of seconds` };
        opts.ticketTtlSeconds = ttl;
        break;
      }
      case '--data':
        if (value === '') return { kind: 'error', message: '--data must name a file' };
        opts.dataFile = value;
        break;
      case '--allow-origin':
        opts.allowOrigins.push(value);
        break;
    }
  }
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
