/**
 * A tiny command-line parser for the CLI: `--name value`, `--name=value`, boolean `--flag`, `--` ends options.
 * Returns errors as one-line messages instead of throwing.
 */

/** Which options a command accepts: boolean flags and options taking a value. */
export interface ArgSpec {
  flags?: readonly string[];
  options?: readonly string[];
}

/** Parsed arguments: positionals in order, flags set, option values (last one wins). */
export interface ParsedArgs {
  positionals: string[];
  flags: Set<string>;
  options: Map<string, string>;
  /** The first problem found (unknown option, missing value), or null. */
  error: string | null;
}

/** Parses `argv` (without the command name) against a spec. */
export function parseArgs(argv: readonly string[], spec: ArgSpec): ParsedArgs {
  const flags = new Set<string>();
  const options = new Map<string, string>();
  const positionals: string[] = [];
  const flagNames = new Set(spec.flags ?? []);
  const optionNames = new Set(spec.options ?? []);
  let error: string | null = null;
  const problem = (message: string): void => {
    error ??= message;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    // A lone `-` or a negative number is a value, not an option.
    if (!arg.startsWith('--') || arg === '--') {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
    if (flagNames.has(name)) {
      if (eq >= 0) problem(`--${name} takes no value`);
      flags.add(name);
    } else if (optionNames.has(name)) {
      if (eq >= 0) {
        options.set(name, arg.slice(eq + 1));
      } else if (i + 1 < argv.length) {
        options.set(name, argv[++i]!);
      } else {
        problem(`--${name} needs a value`);
      }
    } else {
      problem(`unknown option --${name}`);
    }
  }
  return { positionals, flags, options, error };
}
