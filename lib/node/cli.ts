/**
 * The `cme-devtools` command line: inspect HAR files, make and decode client access signatures.
 * `main` returns the exit code and never exits the process; bin/cme-devtools.mjs sets it.
 */
import { parseCaptureRuleText } from '../cme/capture-rules';
import { diagnoseLogin, type LoginFinding } from '../cme/login-diagnosis';
import { decodeSignature, signatureTiming, signSignature, verifySignature } from '../cme/signature';
import type { CaptureRule } from '../cme/types';
import { version } from '../../package.json';
import { formatHelp, parseCommandArgs, type OptionTable, type OptionValues } from './args';
import { escapeJson, escapeLine, type CliIo } from './cli-io';
import { inspectHar } from './inspect';
import { redactFile } from './redact';
import { SANDBOX_DESCRIPTION, SANDBOX_OPTIONS, SANDBOX_USAGE_LINE } from './sandbox/options';

export type { CliIo, CliStream } from './cli-io';

/** One subcommand: a line for the overview, its usage, its options (for `--help`), and what it runs. */
export interface CliCommand {
  summary: string;
  usage: string;
  /** Its options; `<command> --help` lists them. */
  options?: OptionTable;
  /** A longer description for `<command> --help` (the summary otherwise). */
  description?: string;
  run(args: string[], io: CliIo): Promise<number>;
}

const PROGRAM = 'cme-devtools';

/** Writes one error line to stderr (control characters escaped: it may quote an argument) and returns 2. */
function usageError(io: CliIo, message: string): number {
  io.stderr.write(`${escapeLine(`${PROGRAM}: ${message}`)}\n`);
  return 2;
}

/** The help of one command: `cme-devtools <command> --help`. */
export function commandHelp(name: string): string {
  const cmd = COMMANDS.get(name);
  if (cmd === undefined) throw new Error(`no command ${name}`);
  const about = cmd.description ?? `${cmd.summary.charAt(0).toUpperCase()}${cmd.summary.slice(1)}.`;
  return formatHelp(`${PROGRAM} ${cmd.usage}`, about, cmd.options ?? {});
}

/**
 * Parses a command's arguments against its options: prints its help (exit 0) or one error line naming the
 * problem and pointing at `--help` (exit 2), and then returns the exit code instead of the values.
 */
function parseFor<T extends OptionTable>(
  name: string,
  options: T,
  args: string[],
  io: CliIo,
  maxPositionals = 0,
): { values: OptionValues<T>; positionals: string[] } | number {
  const parsed = parseCommandArgs(args, options, maxPositionals);
  if (parsed.kind === 'help') {
    io.stdout.write(commandHelp(name));
    return 0;
  }
  if (parsed.kind === 'error') {
    return usageError(io, `${name}: ${parsed.message} (see \`${PROGRAM} ${name} --help\`)`);
  }
  return parsed;
}

const INSPECT_OPTIONS = {
  json: { type: 'boolean', help: 'JSON Lines: one object per CME call, in the order of the HAR' },
  reveal: { type: 'boolean', help: 'show tickets and signatures in full (masked by default)' },
  rule: {
    type: 'string',
    multiple: true,
    value: 'RULE',
    help: "an app's own backend in front of CME: '/api/cme/<Class>/<Action>;header=X-CME-Auth' (or ;query=NAME, ;body=Field.Path); repeatable",
  },
} as const satisfies OptionTable;

/** The `--rule` values of a command, parsed; the exit code of a usage error for the first bad one. */
function ruleOptions(
  command: string,
  texts: readonly string[] | undefined,
  io: CliIo,
): CaptureRule[] | number {
  const captureRules: CaptureRule[] = [];
  for (const text of texts ?? []) {
    const rule = parseCaptureRuleText(text);
    if (!rule.ok) {
      const shown = JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text);
      return usageError(io, `${command}: bad --rule ${shown}: ${rule.error.message}`);
    }
    captureRules.push(rule.rule);
  }
  return captureRules;
}

async function runInspect(args: string[], io: CliIo): Promise<number> {
  const parsed = parseFor('inspect', INSPECT_OPTIONS, args, io, 1);
  if (typeof parsed === 'number') return parsed;
  const [file] = parsed.positionals;
  if (file === undefined)
    return usageError(io, `inspect: missing FILE.har (see \`${PROGRAM} inspect --help\`)`);
  const captureRules = ruleOptions('inspect', parsed.values.rule, io);
  if (typeof captureRules === 'number') return captureRules;
  return inspectHar(
    file,
    { json: parsed.values.json === true, reveal: parsed.values.reveal === true, captureRules },
    io,
  );
}

const REDACT_OPTIONS = {
  output: { type: 'string', short: 'o', value: 'OUT.har', help: 'write here (default: standard output)' },
  rule: { ...INSPECT_OPTIONS.rule, help: `${INSPECT_OPTIONS.rule.help}: the ticket it reads is masked too` },
} as const satisfies OptionTable;

const REDACT_DESCRIPTION = [
  'Writes the same HAR with every ticket, signature and key masked, by the masking of the panel’s HAR',
  'export: the same entries in the same order, every field, the same non-secret text. Run it on a HAR that',
  'Chrome or Firefox exported before you attach it to a ticket: their own sanitizers strip Cookie and',
  'Authorization headers only, and leave `?auth=` tickets and login answers in.',
  '',
  'Secrets are found by value across the whole file (every `auth` and `signature` query value, login answer',
  'and VerifySign) and masked wherever they appear, in any entry. A string over 16 MB (a large body) is',
  'written as "" with a note on stderr. With -o the file appears only when complete: unreadable input or',
  'output is one line on stderr, exit code 2, and no file.',
  '',
  'Examples:',
  `  ${PROGRAM} redact capture.har -o capture.redacted.har`,
  `  ${PROGRAM} redact capture.har > capture.redacted.har`,
].join('\n');

async function runRedact(args: string[], io: CliIo): Promise<number> {
  const parsed = parseFor('redact', REDACT_OPTIONS, args, io, 1);
  if (typeof parsed === 'number') return parsed;
  const [file] = parsed.positionals;
  if (file === undefined)
    return usageError(io, `redact: missing FILE.har (see \`${PROGRAM} redact --help\`)`);
  const out = parsed.values.output;
  if (out === '')
    return usageError(io, `redact: --output needs a file name (see \`${PROGRAM} redact --help\`)`);
  const captureRules = ruleOptions('redact', parsed.values.rule, io);
  if (typeof captureRules === 'number') return captureRules;
  return redactFile(file, { out, captureRules }, io);
}

const SIGN_OPTIONS = {
  'secret-id': { type: 'string', value: 'ID', help: 'SecretId of the key pair (required)' },
  'secret-key': { type: 'string', value: 'KEY', help: 'SecretKey of the key pair (required)' },
  platform: { type: 'string', value: 'P', help: 'CME platform name (required)' },
  'user-id': { type: 'string', value: 'U', help: 'your user id (required)' },
  ttl: { type: 'string', value: 'SECONDS', help: 'lifetime of the signature (default 300)' },
  time: { type: 'string', value: 'UNIX', help: 'signing time in Unix seconds (default now)' },
  random: { type: 'string', value: 'N', help: 'the random number, 0 to 4294967295 (default random)' },
  action: { type: 'string', value: 'NAME', help: 'the action signed for (default Login)' },
} as const satisfies OptionTable;

// Flags of `sign`, in the order a missing one is reported.
const SIGN_REQUIRED = ['secret-id', 'secret-key', 'platform', 'user-id'] as const;

/** A non-negative integer option; null when absent; a string error when malformed. */
function intOption(
  values: OptionValues<typeof SIGN_OPTIONS>,
  name: 'ttl' | 'time' | 'random',
  max = Number.MAX_SAFE_INTEGER,
): number | null | string {
  const text = values[name];
  if (text === undefined) return null;
  if (!/^\d+$/.test(text) || Number(text) > max) return `--${name} must be a whole number from 0 to ${max}`;
  return Number(text);
}

async function runSign(args: string[], io: CliIo): Promise<number> {
  const parsed = parseFor('sign', SIGN_OPTIONS, args, io);
  if (typeof parsed === 'number') return parsed;
  const { values } = parsed;
  for (const name of SIGN_REQUIRED) {
    const value = values[name];
    if (value === undefined || value === '') return usageError(io, `sign: missing --${name}`);
  }
  const ttl = intOption(values, 'ttl');
  const time = intOption(values, 'time');
  const random = intOption(values, 'random', 0xffffffff);
  for (const v of [ttl, time, random]) if (typeof v === 'string') return usageError(io, `sign: ${v}`);
  const signature = await signSignature(
    {
      secretId: values['secret-id'] ?? '',
      platform: values.platform ?? '',
      userId: values['user-id'] ?? '',
      action: values.action ?? 'Login',
      ttl: (ttl as number | null) ?? 300,
      currentTimeStamp: (time as number | null) ?? undefined,
      random: (random as number | null) ?? undefined,
    },
    values['secret-key'] ?? '',
    { now: io.now },
  );
  io.stdout.write(`${escapeLine(signature)}\n`);
  return 0;
}

function isoOfUnix(seconds: number): string {
  const d = new Date(seconds * 1000);
  return Number.isFinite(d.getTime()) ? d.toISOString().replace('.000Z', 'Z') : 'invalid time';
}

const DECODE_OPTIONS = {
  'secret-key': { type: 'string', value: 'KEY', help: 'check the HMAC with this SecretKey' },
  json: { type: 'boolean', help: 'one JSON object: fields, valid, expired, problems' },
} as const satisfies OptionTable;

/**
 * What a signature alone says, judged now by this computer's clock: signed in the future, a validity
 * empty or long. Expiry has its own line; what the answer granted needs a login (see `inspect`).
 */
function signatureFindings(
  fields: NonNullable<ReturnType<typeof decodeSignature>['fields']>,
  nowMs: number,
): LoginFinding[] {
  const alone = new Set(['signed-in-future', 'empty-validity', 'long-validity']);
  return diagnoseLogin({
    fields,
    startedAtMs: nowMs,
    durationMs: 0,
    dateHeader: null,
    answeredPlatform: null,
    answeredUserId: null,
  })
    .filter((f) => alone.has(f.kind))
    .map((f) => ({
      ...f,
      en: f.en.replace(/ \(by this computer's clock\)/, ''),
      zh: f.zh.replace(/（按本机时钟）/, ''),
    }));
}

async function runDecodeSignature(args: string[], io: CliIo): Promise<number> {
  const parsed = parseFor('decode-signature', DECODE_OPTIONS, args, io, 1);
  if (typeof parsed === 'number') return parsed;
  const [sig] = parsed.positionals;
  if (sig === undefined || sig.trim() === '') {
    return usageError(io, `decode-signature: missing SIG (see \`${PROGRAM} decode-signature --help\`)`);
  }
  const decoded = decodeSignature(sig);
  const fields = decoded.fields;
  if (fields === null) {
    const why = decoded.problems[0];
    return usageError(io, `decode-signature: not a CME signature${why ? ` (${why})` : ''}`);
  }
  const key = parsed.values['secret-key'];
  const valid = key === undefined ? null : await verifySignature(sig, key);
  const nowMs = (io.now ?? Date.now)();
  const timing = signatureTiming(fields, nowMs);
  const findings = signatureFindings(fields, nowMs);
  if (parsed.values.json === true) {
    const out = { fields, valid, expired: timing.expired, findings, problems: decoded.problems };
    io.stdout.write(`${escapeJson(JSON.stringify(out))}\n`);
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
    ...findings.map((f) => `${f.severity}: ${f.en}`),
    ...decoded.problems.map((p) => `problem: ${p}`),
  ];
  // A signature is pasted from anywhere: its platform, user and extra fields may hold terminal escapes.
  io.stdout.write(`${lines.map(escapeLine).join('\n')}\n`);
  return 0;
}

/** Every subcommand by name; other modules (the sandbox) add theirs here. */
export const COMMANDS = new Map<string, CliCommand>([
  [
    'inspect',
    {
      summary: 'list the CME calls of a HAR file (table, or JSON Lines with --json)',
      usage: "inspect FILE.har [--json] [--reveal] [--rule '<pattern>;header=NAME']...",
      options: INSPECT_OPTIONS,
      run: runInspect,
    },
  ],
  [
    'redact',
    {
      summary: 'write a HAR with every ticket, signature and key masked (to attach to a support ticket)',
      usage: "redact FILE.har [-o OUT.har] [--rule '<pattern>;header=NAME']...",
      description: REDACT_DESCRIPTION,
      options: REDACT_OPTIONS,
      run: runRedact,
    },
  ],
  [
    'sign',
    {
      summary: 'make a client access signature (prints it alone)',
      usage:
        'sign --secret-id ID --secret-key KEY --platform P --user-id U [--ttl 300] [--time UNIX] [--random N] [--action Login]',
      options: SIGN_OPTIONS,
      run: runSign,
    },
  ],
  [
    'decode-signature',
    {
      summary: 'show the fields of a signature, its expiry and (with the key) its validity',
      usage: 'decode-signature SIG [--secret-key KEY] [--json]',
      options: DECODE_OPTIONS,
      run: runDecodeSignature,
    },
  ],
  [
    'sandbox',
    {
      summary: 'run a local CME-compatible server with a demo page (no Tencent account needed)',
      usage: SANDBOX_USAGE_LINE,
      description: SANDBOX_DESCRIPTION,
      options: SANDBOX_OPTIONS,
      // Loaded on demand: the other commands never pay for the server's code.
      run: async (args, io) => (await import('./sandbox/main')).runSandbox(args, io),
    },
  ],
]);

/** The overview: `cme-devtools --help`. */
export function usageText(): string {
  const lines = [`Usage: ${PROGRAM} <command> [options]`, '', 'Commands:'];
  for (const [name, cmd] of COMMANDS) lines.push(`  ${name.padEnd(18)} ${cmd.summary}`);
  lines.push('', 'Usage of each command:');
  for (const cmd of COMMANDS.values()) lines.push(`  ${PROGRAM} ${cmd.usage}`);
  lines.push(
    '',
    `\`${PROGRAM} <command> --help\` (or -h) describes the options of a command; --version prints the version.`,
    'Tickets and signatures are masked in every output unless --reveal is given.',
    'Exit codes: 0 done, 2 bad arguments or unreadable input, 1 internal error.',
  );
  return `${lines.join('\n')}\n`;
}

/** What the CLI is called with before a command: help, version, or nothing else. */
const TOP_OPTIONS = {
  version: { type: 'boolean', short: 'V', help: 'print the version' },
} as const satisfies OptionTable;

/** Runs the CLI with arguments (without `node` and the script) and returns the exit code. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const [command, ...args] = argv;
  if (command === undefined || command === 'help') {
    // `help COMMAND` is `COMMAND --help`.
    const [about, extra] = args;
    if (extra !== undefined)
      return usageError(io, `help: unexpected argument "${extra}" (see \`${PROGRAM} --help\`)`);
    if (about !== undefined && COMMANDS.has(about)) {
      io.stdout.write(commandHelp(about));
      return 0;
    }
    if (about !== undefined)
      return usageError(io, `help: unknown command "${about}" (see \`${PROGRAM} --help\`)`);
    io.stdout.write(usageText());
    return 0;
  }
  if (command.startsWith('-')) {
    // Options before any command: only --help and --version mean something there.
    const parsed = parseCommandArgs(argv, TOP_OPTIONS);
    if (parsed.kind === 'help') {
      io.stdout.write(usageText());
      return 0;
    }
    if (parsed.kind === 'ok' && parsed.values.version === true) {
      io.stdout.write(`${version}\n`);
      return 0;
    }
    const problem = parsed.kind === 'error' ? parsed.message : 'missing command';
    return usageError(io, `${problem} (see \`${PROGRAM} --help\`)`);
  }
  const cmd = COMMANDS.get(command);
  if (cmd === undefined) {
    return usageError(io, `unknown command "${command}" (see \`${PROGRAM} --help\`)`);
  }
  try {
    return await cmd.run(args, io);
  } catch (err) {
    // A bug, not a user error: still one line, no stack trace.
    const message = err instanceof Error ? err.message.split('\n')[0] : String(err);
    io.stderr.write(`${escapeLine(`${PROGRAM}: ${command} failed: ${message}`)}\n`);
    return 1;
  }
}
