/**
 * Command-line arguments of the CLI through Node's `util.parseArgs` (strict, typed options), with `-h`/`--help`
 * on every command, one-line error messages instead of exceptions, and help text made from the same option
 * table the parser reads.
 */
import { parseArgs as nodeParseArgs } from 'node:util';
import { maskSecret } from '../cme/redact';

/** One option of a command: what the parser needs and one line for its help. */
export interface OptionSpec {
  type: 'string' | 'boolean';
  /** A one-letter alias (`-x`). */
  short?: string;
  /** Repeatable: every value is kept, in order. Otherwise the last one wins. */
  multiple?: boolean;
  /** The value's name in the help (`FILE`); string options only. */
  value?: string;
  /** What it does, one line. */
  help: string;
}

/** The options of a command by long name (without `--`). */
export type OptionTable = Readonly<Record<string, OptionSpec>>;

/** The values the options of a table parse to; absent options are undefined. */
export type OptionValues<T extends OptionTable> = {
  [K in keyof T]?: T[K]['type'] extends 'boolean'
    ? boolean
    : T[K]['multiple'] extends true
      ? string[]
      : string;
};

/** What parsing gave: the values, a request for the command's help, or one line saying what is wrong. */
export type ParsedArgs<T extends OptionTable> =
  | { kind: 'ok'; values: OptionValues<T>; positionals: string[] }
  | { kind: 'help' }
  | { kind: 'error'; message: string };

/** A token of a lenient parse (the fields this module reads). */
type Token =
  | { kind: 'positional'; value: string }
  | {
      kind: 'option';
      name: string;
      rawName: string;
      value: string | undefined;
      inlineValue: boolean | undefined;
    }
  | { kind: 'option-terminator' };

/** `-h` / `--help`, which every command takes. */
const HELP_OPTION: OptionSpec = { type: 'boolean', short: 'h', help: 'show this help' };

// Arguments this long may be secrets (tickets, signatures, keys): errors show them masked.
const SHOWN_WHOLE = 16;

/** An argument quoted for an error message, masked when it could be a secret. */
function quoted(arg: string): string {
  return `"${arg.length < SHOWN_WHOLE ? arg : maskSecret(arg)}"`;
}

function parserOptions(
  options: OptionTable,
): Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> {
  const out: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> = {};
  for (const [name, spec] of Object.entries({ ...options, help: HELP_OPTION })) {
    out[name] = {
      type: spec.type,
      ...(spec.short === undefined ? {} : { short: spec.short }),
      ...(spec.multiple === true ? { multiple: true } : {}),
    };
  }
  return out;
}

/**
 * Says what is wrong with arguments the strict parse refused, reading the tokens of a lenient parse of the
 * same arguments (so the message names the option, whatever wording this Node version's errors use).
 */
function describeProblem(
  tokens: readonly Token[],
  options: OptionTable,
  maxPositionals: number,
  fallback: string,
): string {
  const byShort = new Map(Object.entries(options).flatMap(([name, s]) => (s.short ? [[s.short, name]] : [])));
  let positionals = 0;
  for (const token of tokens) {
    if (token.kind === 'positional') {
      positionals += 1;
      if (positionals > maxPositionals) return `unexpected argument ${quoted(token.value)}`;
      continue;
    }
    if (token.kind !== 'option') continue;
    const spec = options[token.name] ?? options[byShort.get(token.name) ?? ''];
    const raw = token.rawName;
    if (spec === undefined) return `unknown option ${raw}`;
    if (spec.type === 'boolean' && token.value !== undefined) return `${raw} takes no value`;
    if (spec.type === 'string') {
      if (token.value === undefined) return `${raw} needs a value`;
      // The strict parser refuses `--ttl -5`: a value that looks like an option must be attached.
      if (!token.inlineValue && token.value.startsWith('-')) {
        return /^-\d/.test(token.value)
          ? `${raw} needs a value; a negative one is written ${raw}=${token.value}`
          : `${raw} needs a value`;
      }
    }
  }
  return fallback.split('\n')[0] ?? fallback;
}

/**
 * Parses a command's arguments (without the command name) with `util.parseArgs` in strict mode.
 * `-h`/`--help` anywhere before `--` asks for help, even beside a wrong argument. Never throws.
 */
export function parseCommandArgs<T extends OptionTable>(
  args: readonly string[],
  options: T,
  maxPositionals = 0,
): ParsedArgs<T> {
  let parsed: { values: Record<string, unknown>; positionals: string[] };
  try {
    parsed = nodeParseArgs({
      args: [...args],
      options: parserOptions(options),
      strict: true,
      allowPositionals: true,
    });
  } catch (err) {
    const lenient = nodeParseArgs({
      args: [...args],
      options: parserOptions(options),
      strict: false,
      allowPositionals: true,
      tokens: true,
    });
    const help = lenient.tokens.some((t) => t.kind === 'option' && (t.name === 'help' || t.name === 'h'));
    if (help) return { kind: 'help' };
    const message = err instanceof Error ? err.message : String(err);
    return { kind: 'error', message: describeProblem(lenient.tokens, options, maxPositionals, message) };
  }
  if (parsed.values.help === true) return { kind: 'help' };
  if (parsed.positionals.length > maxPositionals) {
    return { kind: 'error', message: `unexpected argument ${quoted(parsed.positionals[maxPositionals]!)}` };
  }
  const { help: _help, ...values } = parsed.values;
  return { kind: 'ok', values: values as OptionValues<T>, positionals: parsed.positionals };
}

/** The help of a command: usage line, what it does, and one line per option (with `-h, --help`). */
export function formatHelp(usage: string, description: string, options: OptionTable): string {
  const rows = Object.entries({ ...options, help: HELP_OPTION }).map(([name, spec]) => {
    const long = `--${name}${spec.type === 'string' ? ` ${spec.value ?? 'VALUE'}` : ''}`;
    return [spec.short === undefined ? `    ${long}` : `-${spec.short}, ${long}`, spec.help] as const;
  });
  const width = Math.max(...rows.map(([flag]) => flag.length)) + 2;
  const lines = [
    `Usage: ${usage}`,
    '',
    description,
    '',
    'Options:',
    ...rows.map(([flag, help]) => `  ${flag.padEnd(width)}${help}`),
  ];
  return `${lines.join('\n')}\n`;
}
