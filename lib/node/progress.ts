/**
 * The progress line of long CLI work (`inspect`, `redact` of a big HAR): on stderr, only when stderr is a
 * terminal and the work has run past `delayMs`; rewritten in place (`\r`, erase to end of line) at most
 * every `everyMs`, and erased when the work ends, so what stays on screen is the command's own output.
 */
import type { CliStream } from './cli-io';

/** A stream that may be a terminal (process.stderr has `isTTY` only when it is one). */
export interface ProgressStream extends CliStream {
  isTTY?: boolean;
  /** Terminal width; the line is cut to fit it. */
  columns?: number;
}

/** Options of `createProgress`. */
export interface ProgressOptions {
  stream: ProgressStream;
  /** Epoch ms (injected in tests). */
  now: () => number;
  /** Bytes of the whole work (the file's size, or twice it for two passes). */
  total: number;
  /** What runs: `inspect`, `redact`. */
  label: string;
  /** What `update` counts, singular and plural (default CME calls). */
  counted?: [string, string];
  /** Silent until the work has run this long (default 1 s). */
  delayMs?: number;
  /** At most one line per this many ms (default 250: four a second). */
  everyMs?: number;
}

/** What the work reports: how far it is. `stage` names a part of it (redact's two passes). */
export interface Progress {
  update(bytes: number, calls: number, stage?: string): void;
  /** Erases the line, if one was shown. Call once at the end, success or failure. */
  done(): void;
}

const NONE: Progress = { update: () => undefined, done: () => undefined };
const ERASE = '\r\x1b[K';

function mb(bytes: number): string {
  return (bytes / 1e6).toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
}

/** The text of the line (no escapes): `inspect: 312.4 of 1,024.0 MB (31%), 12,045 CME calls, 86 MB/s`. */
export function progressText(
  label: string,
  bytes: number,
  total: number,
  calls: number,
  elapsedMs: number,
  stage?: string,
  counted: [string, string] = ['CME call', 'CME calls'],
): string {
  const percent = total > 0 ? Math.min(100, Math.floor((bytes / total) * 100)) : 0;
  const rate = elapsedMs > 0 ? Math.round(bytes / 1e6 / (elapsedMs / 1000)) : 0;
  const head = stage === undefined ? label : `${label} (${stage})`;
  // A size of 0: not known (a pipe such as /dev/stdin), so no share of it.
  const read = total > 0 ? `${mb(bytes)} of ${mb(total)} MB (${percent}%)` : `${mb(bytes)} MB read`;
  return (
    `${head}: ${read}, ` +
    `${calls.toLocaleString('en-US')} ${calls === 1 ? counted[0] : counted[1]}, ${rate.toLocaleString('en-US')} MB/s`
  );
}

/** A progress line on `stream`, or one that does nothing when the stream is not a terminal. */
export function createProgress(opts: ProgressOptions): Progress {
  if (opts.stream.isTTY !== true) return NONE;
  const delay = opts.delayMs ?? 1000;
  const every = opts.everyMs ?? 250;
  const started = opts.now();
  let last = -Infinity;
  let shown = false;
  return {
    update(bytes, calls, stage) {
      const at = opts.now();
      if (at - started < delay || at - last < every) return;
      last = at;
      // A terminal that gives no width (0, as under `script`) is taken as 80 columns.
      const columns = opts.stream.columns;
      const width = columns !== undefined && columns >= 20 ? columns - 1 : 79;
      const text = progressText(opts.label, bytes, opts.total, calls, at - started, stage, opts.counted);
      opts.stream.write(`${ERASE}${text.length > width ? `${text.slice(0, width - 1)}…` : text}`);
      shown = true;
    },
    done() {
      if (shown) opts.stream.write(ERASE);
      shown = false;
    },
  };
}

/**
 * `stream` with the progress line erased before each write to it, when it is a terminal too (output on the
 * same screen); a pipe or a file is written as it is, so the line stays up while output flows elsewhere.
 */
export function quietly(stream: ProgressStream, progress: Progress): CliStream {
  if (stream.isTTY !== true) return stream;
  return {
    write: (chunk) => {
      progress.done();
      return stream.write(chunk);
    },
    once: stream.once?.bind(stream),
  };
}
