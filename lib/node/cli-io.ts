/**
 * Output plumbing of the CLI: the injected io (stdout/stderr/clock), a buffered writer that respects
 * backpressure, and terminal column widths (CJK characters take two columns).
 */

/** A writable text stream: process.stdout, or a test's capture. */
export interface CliStream {
  write(chunk: string): boolean | void;
  once?(event: 'drain', listener: () => void): unknown;
}

/** What `main` writes to and reads the time from; `exit` is never called by main (the bin sets the code). */
export interface CliIo {
  stdout: CliStream;
  stderr: CliStream;
  exit?: (code: number) => void;
  /** Epoch ms; default Date.now. */
  now?: () => number;
}

/** Buffers lines and writes them in blocks, waiting for `drain` when the stream asks to. */
export function createWriter(
  stream: CliStream,
  blockSize = 64 * 1024,
): {
  line(text: string): Promise<void>;
  flush(): Promise<void>;
} {
  let buffer = '';
  async function flush(): Promise<void> {
    if (buffer === '') return;
    const text = buffer;
    buffer = '';
    const ok = stream.write(text);
    if (ok === false && stream.once !== undefined) {
      const once = stream.once.bind(stream);
      await new Promise<void>((resolve) => once('drain', resolve));
    }
  }
  async function line(text: string): Promise<void> {
    buffer += `${text}\n`;
    if (buffer.length >= blockSize) await flush();
  }
  return { line, flush };
}

/** Columns a character takes in a terminal: 2 for East Asian wide/fullwidth, 0 for combining marks. */
function charWidth(cp: number): number {
  if (cp < 0x300) return 1;
  if (cp <= 0x36f || (cp >= 0x200b && cp <= 0x200f) || (cp >= 0xfe00 && cp <= 0xfe0f)) return 0;
  if (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0x303e) ||
    (cp >= 0x3041 && cp <= 0x33ff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0xa000 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f300 && cp <= 0x1f64f) ||
    (cp >= 0x1f900 && cp <= 0x1f9ff) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  ) {
    return 2;
  }
  return 1;
}

/** Terminal columns of a text. */
export function textWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += charWidth(ch.codePointAt(0) ?? 0);
  return w;
}

/** The text cut to `width` columns (ending in `…` when cut) and padded with spaces to exactly `width`. */
export function fitColumn(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  let out = text;
  if (textWidth(text) > width) {
    out = '';
    let w = 0;
    for (const ch of text) {
      const cw = charWidth(ch.codePointAt(0) ?? 0);
      if (w + cw > width - 1) break;
      out += ch;
      w += cw;
    }
    out += '…';
  }
  const pad = ' '.repeat(Math.max(0, width - textWidth(out)));
  return align === 'left' ? out + pad : pad + out;
}

/**
 * Characters a terminal may act on instead of showing: C0 controls (ESC starts the sequences that retitle a
 * window or clear the screen), DEL, C1 controls (0x9b is a one-byte CSI), the Unicode line and paragraph
 * separators, and the bidi marks, embeddings, overrides and isolates that reorder what is shown.
 */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

function escapeChar(ch: string, json: boolean): string {
  const cp = ch.charCodeAt(0);
  if (!json && cp < 0x100) return `\\x${cp.toString(16).padStart(2, '0')}`;
  return `\\u${cp.toString(16).padStart(4, '0')}`;
}

/**
 * One line of human-readable output made safe for a terminal: every control character (newline and tab
 * included: a line stays one line) and every bidi control shown as a visible escape, `\x1b` or `\u202e`.
 */
export function escapeLine(text: string): string {
  return text.replace(UNSAFE, (ch) => escapeChar(ch, false));
}

/**
 * JSON text made safe for a terminal without changing what it means: JSON.stringify already escapes C0
 * controls but leaves DEL, C1, U+2028/2029 and bidi controls raw; they are written as `\uXXXX` escapes,
 * which a JSON reader turns back into the same characters. Such characters can only sit inside strings, so
 * no other character of the JSON changes.
 */
export function escapeJson(json: string): string {
  return json.replace(UNSAFE, (ch) => (ch === '\n' ? ch : escapeChar(ch, true)));
}
