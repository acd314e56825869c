/**
 * The byte scanner behind the HAR stream: a push-style state machine that finds `log.entries` in JSON bytes
 * arriving in chunks (strings and escapes respected) and slices out each entry for JSON.parse.
 */
import { countOf } from '../i18n/plural';

/** An entry of `log.entries` with its position. */
export interface HarEntryItem {
  index: number;
  entry: unknown;
}

/** The file is not a HAR (no `log.entries`), not JSON, or ends early. `message` is one readable line. */
export class HarReadError extends Error {
  override name = 'HarReadError';
}

// Scanner states.
const TOP = 0; // before the top-level value
const KEY_OR_CLOSE = 1; // just after `{` of the top-level or log object
const KEY = 2; // after `,` in an object: a key must follow
const KEY_TEXT = 3; // inside a key string
const COLON = 4;
const VALUE = 5; // after `:`
const AFTER_VALUE = 6; // `,` or `}` in an object
const ENTRY_OR_CLOSE = 7; // just after `[` of log.entries
const ENTRY = 8; // after `,` in log.entries
const AFTER_ENTRY = 9; // `,` or `]` in log.entries
const SKIP = 10; // inside a value being skipped (or captured, for an entry)
const DONE = 11; // after the top-level object

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJ = 0x7b;
const CLOSE_OBJ = 0x7d;
const OPEN_ARR = 0x5b;
const CLOSE_ARR = 0x5d;
const COMMA = 0x2c;
const COLON_CHAR = 0x3a;

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/** Push-style HAR scanner: `push` appends completed entries to `out`; `end` checks the file was complete. */
export function createHarScanner(): {
  push(chunk: Buffer, out: HarEntryItem[]): void;
  end(): void;
} {
  let state = TOP;
  let offset = 0; // bytes before the current chunk
  let first = true;
  // 1 = top-level object, 2 = the log object.
  let level = 0;
  let key = '';
  let keyBytes: number[] = [];
  let keyEscape = false;
  let sawLog = false;
  let sawEntries = false;
  let index = 0;
  // Skipping state.
  let inStr = false;
  let esc = false;
  let scalar = false;
  let depth = 0;
  const stack: number[] = [];
  let capture = false;
  let captureFrom = 0; // where the value being captured starts in the current chunk
  let pieces: Buffer[] = [];

  const fail = (message: string, at: number): never => {
    throw new HarReadError(`${message} (at byte ${offset + at})`);
  };
  const unexpected = (c: number, at: number, what: string): never =>
    fail(`Not a HAR file: invalid JSON, expected ${what} but found ${describe(c)}`, at);

  function startValue(chunk: Buffer, i: number, c: number, captureIt: boolean): number {
    capture = captureIt;
    captureFrom = i;
    pieces = [];
    state = SKIP;
    inStr = false;
    esc = false;
    scalar = false;
    depth = 0;
    if (c === QUOTE) {
      inStr = true;
      return i + 1;
    }
    if (c === OPEN_OBJ || c === OPEN_ARR) {
      stack[0] = c;
      depth = 1;
      return i + 1;
    }
    if (c === CLOSE_OBJ || c === CLOSE_ARR || c === COMMA || c === COLON_CHAR) unexpected(c, i, 'a value');
    scalar = true;
    return i;
  }

  /** A skipped value ended just before `end` (exclusive). */
  function finishValue(chunk: Buffer, start: number, end: number, out: HarEntryItem[]): void {
    if (capture) {
      pieces.push(chunk.subarray(start, end));
      const bytes = pieces.length === 1 ? pieces[0]! : Buffer.concat(pieces);
      pieces = [];
      let entry: unknown;
      try {
        entry = JSON.parse(bytes.toString('utf8'));
      } catch (err) {
        fail(`Not a HAR file: log.entries[${index}] is not valid JSON (${errorText(err)})`, end);
      }
      out.push({ index: index++, entry });
      state = AFTER_ENTRY;
    } else {
      state = AFTER_VALUE;
    }
    capture = false;
  }

  /** The hot loop: skips (or captures) one value; returns where scanning continues. */
  function skip(chunk: Buffer, i: number, n: number, start: number, out: HarEntryItem[]): number {
    while (i < n) {
      if (inStr) {
        if (esc) {
          esc = false;
          i++;
          continue;
        }
        const q = chunk.indexOf(QUOTE, i);
        if (q < 0) {
          // The string goes on in the next chunk; remember whether it ends inside an escape.
          let k = n - 1;
          while (k >= i && chunk[k] === BACKSLASH) k--;
          esc = ((n - 1 - k) & 1) === 1;
          return n;
        }
        let k = q - 1;
        while (k >= i && chunk[k] === BACKSLASH) k--;
        i = q + 1;
        // An odd run of backslashes escapes the quote.
        if (((q - 1 - k) & 1) === 1) continue;
        inStr = false;
        if (depth === 0) {
          finishValue(chunk, start, i, out);
          return i;
        }
        continue;
      }
      if (scalar) {
        while (i < n) {
          const c = chunk[i]!;
          if (c === COMMA || c === CLOSE_OBJ || c === CLOSE_ARR || isSpace(c)) {
            finishValue(chunk, start, i, out);
            return i;
          }
          if (c === QUOTE || c === OPEN_OBJ || c === OPEN_ARR || c === COLON_CHAR)
            unexpected(c, i, 'a value');
          i++;
        }
        return n;
      }
      for (; i < n; i++) {
        const c = chunk[i]!;
        if (c === QUOTE) {
          inStr = true;
          i++;
          break;
        }
        if (c === OPEN_OBJ || c === OPEN_ARR) {
          stack[depth++] = c;
        } else if (c === CLOSE_OBJ || c === CLOSE_ARR) {
          const open = stack[--depth];
          if (open !== (c === CLOSE_OBJ ? OPEN_OBJ : OPEN_ARR)) {
            unexpected(c, i, open === OPEN_OBJ ? '"}"' : '"]"');
          }
          if (depth === 0) {
            finishValue(chunk, start, i + 1, out);
            return i + 1;
          }
        }
      }
    }
    return n;
  }

  function push(chunk: Buffer, out: HarEntryItem[]): void {
    const n = chunk.length;
    let i = 0;
    // A value continuing from an earlier chunk is captured from this chunk's start.
    captureFrom = 0;
    if (first && n > 0) {
      first = false;
      // A UTF-8 byte order mark, as some Windows tools write.
      if (n >= 3 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) i = 3;
    }
    while (i < n) {
      if (state === SKIP) {
        i = skip(chunk, i, n, captureFrom, out);
        continue;
      }
      const c = chunk[i]!;
      if (state === KEY_TEXT) {
        if (keyEscape) keyEscape = false;
        else if (c === BACKSLASH) keyEscape = true;
        else if (c === QUOTE) {
          key = decodeKey(keyBytes);
          keyBytes = [];
          state = COLON;
          i++;
          continue;
        }
        keyBytes.push(c);
        i++;
        continue;
      }
      if (isSpace(c)) {
        i++;
        continue;
      }
      switch (state) {
        case TOP:
          if (c === OPEN_ARR) fail('Not a HAR file: the JSON is an array, not an object', i);
          if (c !== OPEN_OBJ) fail(`Not a HAR file: not a JSON object (starts with ${describe(c)})`, i);
          level = 1;
          state = KEY_OR_CLOSE;
          i++;
          break;
        case KEY_OR_CLOSE:
        case KEY:
          if (c === QUOTE) {
            state = KEY_TEXT;
            keyBytes = [];
            keyEscape = false;
            i++;
          } else if (c === CLOSE_OBJ && state === KEY_OR_CLOSE) {
            i = closeObject(i);
          } else {
            unexpected(c, i, 'a quoted key');
          }
          break;
        case COLON:
          if (c !== COLON_CHAR) unexpected(c, i, '":"');
          state = VALUE;
          i++;
          break;
        case VALUE:
          if (level === 1 && key === 'log' && !sawLog) {
            if (c !== OPEN_OBJ) fail('Not a HAR file: "log" is not an object', i);
            sawLog = true;
            level = 2;
            state = KEY_OR_CLOSE;
            i++;
          } else if (level === 2 && key === 'entries' && !sawEntries) {
            if (c !== OPEN_ARR) fail('Not a HAR file: "log.entries" is not an array', i);
            sawEntries = true;
            state = ENTRY_OR_CLOSE;
            i++;
          } else {
            i = startValue(chunk, i, c, false);
          }
          break;
        case AFTER_VALUE:
          if (c === COMMA) {
            state = KEY;
            i++;
          } else if (c === CLOSE_OBJ) {
            i = closeObject(i);
          } else {
            unexpected(c, i, '"," or "}"');
          }
          break;
        case ENTRY_OR_CLOSE:
        case ENTRY:
          if (c === CLOSE_ARR && state === ENTRY_OR_CLOSE) {
            state = AFTER_VALUE;
            i++;
          } else {
            i = startValue(chunk, i, c, true);
          }
          break;
        case AFTER_ENTRY:
          if (c === COMMA) state = ENTRY;
          else if (c === CLOSE_ARR) state = AFTER_VALUE;
          else unexpected(c, i, '"," or "]"');
          i++;
          break;
        case DONE:
          fail('Not a HAR file: unexpected data after the JSON value', i);
      }
    }
    // A captured value that goes on in the next chunk keeps this chunk's part.
    if (state === SKIP && capture && captureFrom < n) pieces.push(chunk.subarray(captureFrom));
    offset += n;
  }

  function closeObject(i: number): number {
    if (level === 2) {
      if (!sawEntries) fail('Not a HAR file: "log" has no "entries" array', i);
      level = 1;
      state = AFTER_VALUE;
    } else {
      if (!sawLog) fail('Not a HAR file: no "log" object', i);
      level = 0;
      state = DONE;
    }
    return i + 1;
  }

  function end(): void {
    if (state === DONE) return;
    if (state === TOP) throw new HarReadError('Not a HAR file: the file is empty');
    if (!sawEntries)
      throw new HarReadError('Not a HAR file: no "log.entries" array found (the JSON ends early)');
    throw new HarReadError(`The HAR file ends early (truncated after ${countOf(index, 'entry', 'entries')})`);
  }

  return { push, end };
}

function decodeKey(bytes: number[]): string {
  const text = Buffer.from(bytes).toString('utf8');
  if (!text.includes('\\')) return text;
  try {
    return JSON.parse(`"${text}"`) as string;
  } catch {
    return text;
  }
}

function describe(c: number): string {
  return c >= 0x21 && c < 0x7f ? `"${String.fromCharCode(c)}"` : `byte 0x${c.toString(16).padStart(2, '0')}`;
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
