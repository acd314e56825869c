/**
 * The `cme-devtools` command line: inspect HAR files, make and decode client access signatures.
 * `main` returns the exit code and never exits the process; bin/cme-devtools.mjs sets it.
 */
import { decodeSignature, signatureTiming, signSignature, verifySignature } from '../cme/signature';
import { parseArgs, type ArgSpec, type ParsedArgs } from './args';
import type { CliIo } from './cli-io';
import { inspectHar } from './inspect';

export type { CliIo, CliStream } from './cli-io';

/** One subcommand: a line for the help text, its usage, and what it runs. */
export interface CliCommand {
  summary: string;
  usage: string;
  run(args: string[], io: CliIo): Promise<number>;
}

const PROGRAM = 'cme-devtools';

/** Writes one error line to stderr and returns exit code 2. */
function usageError(io: CliIo, message: string): number {
  io.stderr.write(`${PROGRAM}: ${message}\n`);
  return 2;
}

/** Parses arguments; on a problem, reports it (one line) and returns null. */
function parseOrFail(args: string[], spec: ArgSpec, io: CliIo, command: string): ParsedArgs | null {
  const parsed = parseArgs(args, spec);
  if (parsed.error !== null) {
    usageError(io, `${command}: ${parsed.error} (see \`${PROGRAM} help\`)`);
    return null;
  }
  return parsed;
}

async function runInspect(args: string[], io: CliIo): Promise<number> {
  const parsed = parseOrFail(args, { flags: ['json', 'reveal'] }, io, 'inspect');
  if (parsed === null) return 2;
  const [file, ...rest] = parsed.positionals;
  if (file === undefined) return usageError(io, 'inspect: missing FILE.har');
  if (rest.length > 0) return usageError(io, `inspect: unexpected argument "${rest[0]}"`);
  return inspectHar(file, { json: parsed.flags.has('json'), reveal: parsed.flags.has('reveal') }, io);
}

// Flags of `sign`, in the order a missing one is reported.
const SIGN_REQUIRED = ['secret-id', 'secret-key', 'platform', 'user-id'] as const;

/** A non-negative integer option; null when absent; a string error when malformed. */
function intOption(parsed: ParsedArgs, name: string, max = Number.MAX_SAFE_INTEGER): number | null | string {
  const text = parsed.options.get(name);
  if (text === undefined) return null;
  if (!/^\d+$/.test(text) || Number(text) > max) return `--${name} must be a whole number from 0 to ${max}`;
  return Number(text);
}

async function runSign(args: string[], io: CliIo): Promise<number> {
  const spec = { options: [...SIGN_REQUIRED, 'ttl', 'time', 'random', 'action'] };
  const parsed = parseOrFail(args, spec, io, 'sign');
  if (parsed === null) return 2;
  if (parsed.positionals.length > 0)
    return usageError(io, `sign: unexpected argument "${parsed.positionals[0]}"`);
  for (const name of SIGN_REQUIRED) {
    const value = parsed.options.get(name);
    if (value === undefined || value === '') return usageError(io, `sign: missing --${name}`);
  }
  const ttl = intOption(parsed, 'ttl');
  const time = intOption(parsed, 'time');
  const random = intOption(parsed, 'random', 0xffffffff);
  for (const v of [ttl, time, random]) if (typeof v === 'string') return usageError(io, `sign: ${v}`);
  const opt = (name: string): string => parsed.options.get(name) ?? '';
  const signature = await signSignature(
    {
      secretId: opt('secret-id'),
      platform: opt('platform'),
      userId: opt('user-id'),
      action: parsed.options.get('action') ?? 'Login',
      ttl: (ttl as number | null) ?? 300,
      currentTimeStamp: (time as number | null) ?? undefined,
      random: (random as number | null) ?? undefined,
    },
    opt('secret-key'),
    { now: io.now },
  );
  io.stdout.write(`${signature}\n`);
  return 0;
}

function isoOfUnix(seconds: number): string {
  const d = new Date(seconds * 1000);
  return Number.isFinite(d.getTime()) ? d.toISOString().replace('.000Z', 'Z') : 'invalid time';
}

async function runDecodeSignature(args: string[], io: CliIo): Promise<number> {
  const parsed = parseOrFail(args, { flags: ['json'], options: ['secret-key'] }, io, 'decode-signature');
  if (parsed === null) return 2;
  const [sig, ...rest] = parsed.positionals;
  if (sig === undefined || sig.trim() === '') return usageError(io, 'decode-signature: missing SIG');
  if (rest.length > 0) return usageError(io, `decode-signature: unexpected argument "${rest[0]}"`);
  const decoded = decodeSignature(sig);
  const fields = decoded.fields;
  if (fields === null) {
    const why = decoded.problems[0];
    return usageError(io, `decode-signature: not a CME signature${why ? ` (${why})` : ''}`);
  }
  const key = parsed.options.get('secret-key');
  const valid = key === undefined ? null : await verifySignature(sig, key);
  const nowMs = (io.now ?? Date.now)();
  const timing = signatureTiming(fields, nowMs);
  if (parsed.flags.has('json')) {
    const out = { fields, valid, expired: timing.expired, problems: decoded.problems };
    io.stdout.write(`${JSON.stringify(out)}\n`);
    return 0;
  }
  const lines = [
    `secretId: ${fields.secretId}`,
    `currentTimeStamp: ${fields.currentTimeStamp} (${isoOfUnix(fields.currentTimeStamp)})`,
    `expireTime: ${fields.expireTime} (${isoOfUnix(fields.expireTime)})`,
    `random: ${fields.random}`,
    `platform: ${fields.platform}`,
    `action: ${fields.action}`,
    `userId: ${fields.userId}`,
    ...Object.entries(fields.extra).map(([k, v]) => `${k}: ${v}`),
    `expired: ${
      timing.expired
        ? `yes (${-timing.secondsLeft} s ago, now ${isoOfUnix(Math.floor(nowMs / 1000))})`
        : `no (${timing.secondsLeft} s left${timing.notYetValid ? ', signed in the future' : ''})`
    }`,
    `valid: ${
      valid === null
        ? 'unknown (give --secret-key to check the HMAC)'
        : valid
          ? 'yes (HMAC matches the key)'
          : 'no (HMAC does not match the key)'
    }`,
    ...decoded.problems.map((p) => `problem: ${p}`),
  ];
  io.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}

/** Every subcommand by name; other modules (the sandbox) add theirs here. */
export const COMMANDS = new Map<string, CliCommand>([
  [
    'inspect',
    {
      summary: 'list the CME calls of a HAR file (table, or JSON Lines with --json)',
      usage: 'inspect FILE.har [--json] [--reveal]',
      run: runInspect,
    },
  ],
  [
    'sign',
    {
      summary: 'make a client access signature (prints it alone)',
      usage:
        'sign --secret-id ID --secret-key KEY --platform P --user-id U [--ttl 300] [--time UNIX] [--random N] [--action Login]',
      run: runSign,
    },
  ],
  [
    'decode-signature',
    {
      summary: 'show the fields of a signature, its expiry and (with the key) its validity',
      usage: 'decode-signature SIG [--secret-key KEY] [--json]',
      run: runDecodeSignature,
    },
  ],
  [
    'sandbox',
    {
      summary: 'run a local CME-compatible server with a demo page (no Tencent account needed)',
      usage:
        'sandbox [--port 8787] [--host 127.0.0.1] [--secret-id ID --secret-key KEY] [--platform NAME]... [--login-shape current|legacy] [--ticket-ttl S] [--data FILE]',
      // Loaded on demand: the other commands never pay for the server's code.
      run: async (args, io) => (await import('./sandbox/main')).runSandbox(args, io),
    },
  ],
]);

/** The help text. */
export function usageText(): string {
  const lines = [`Usage: ${PROGRAM} <command> [options]`, '', 'Commands:'];
  for (const [name, cmd] of COMMANDS) lines.push(`  ${name.padEnd(18)} ${cmd.summary}`);
  lines.push('', 'Usage of each command:');
  for (const cmd of COMMANDS.values()) lines.push(`  ${PROGRAM} ${cmd.usage}`);
  lines.push(
    '',
    'Tickets and signatures are masked in every output unless --reveal is given.',
    'Exit codes: 0 done, 2 bad arguments or unreadable input, 1 internal error.',
  );
  return `${lines.join('\n')}\n`;
}

/** Runs the CLI with arguments (without `node` and the script) and returns the exit code. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const [command, ...args] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    io.stdout.write(usageText());
    return 0;
  }
  const cmd = COMMANDS.get(command);
  if (cmd === undefined) {
    return usageError(io, `unknown command "${command}" (run \`${PROGRAM} help\` for usage)`);
  }
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout.write(`Usage: ${PROGRAM} ${cmd.usage}\n${cmd.summary}\n`);
    return 0;
  }
  try {
    return await cmd.run(args, io);
  } catch (err) {
    // A bug, not a user error: still one line, no stack trace.
    const message = err instanceof Error ? err.message.split('\n')[0] : String(err);
    io.stderr.write(`${PROGRAM}: ${command} failed: ${message}\n`);
    return 1;
  }
}
