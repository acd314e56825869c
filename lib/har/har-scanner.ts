/**
 * The byte scanner behind every HAR stream (the CLI's files, the viewer's imports): a push-style state
 * machine that finds `log.entries` in JSON bytes arriving in chunks (strings and escapes respected) and
 * slices out each entry for JSON.parse. Platform-neutral: Uint8Array, TextDecoder (a Node Buffer is one).
 *
 * What one entry may cost is bounded: a string longer than `maxStringBytes` (a huge body) is not kept — it
 * reads as "" and the item says where it was and how long — and an entry longer than `maxEntryBytes` even
 * so is not parsed at all (the item has `tooLarge` and no entry).
 */
import { countOf } from '../i18n/plural';

const decoder = new TextDecoder();
const encoder = new TextEncoder();

/** A string of an entry that was not kept: where it was (`response.content.text`) and its size in bytes. */
export interface OmittedString {
  path: string;
  bytes: number;
}

/** An entry of `log.entries` with its position. */
export interface HarEntryItem {
  index: number;
  /** The parsed entry; undefined when the entry was too large to read (see `tooLarge`). */
  entry: unknown;
  /** Strings over the per-string limit, read as "" (absent when none). */
  omitted?: OmittedString[];
  /** The entry's size in bytes when it was over the per-entry limit and was skipped (absent otherwise). */
  tooLarge?: number;
  /** Where the entry's JSON starts in the file (byte offset) and ends (exclusive): to read it again. */
  start: number;
  end: number;
}

/** The limits of what one entry may cost, in bytes of the file. */
export interface HarScanLimits {
  /** A longer string of an entry is not kept (default 16 MB). */
  maxStringBytes?: number;
  /** A longer entry is not parsed (default 64 MB). */
  maxEntryBytes?: number;
  /** Keep the bytes outside log.entries (for `outside()`), at most this many (default 0: not kept). */
  maxOutsideBytes?: number;
  /** Keep only the bytes before log.entries (the head: version, creator, pages), not those after it. */
  outsideHeadOnly?: boolean;
  /** UTF-8 bytes to text (default TextDecoder; Node's Buffer decodes faster). */
  decodeUtf8?: (bytes: Uint8Array) => string;
}

export const DEFAULT_MAX_STRING_BYTES = 16 * 1024 * 1024;
export const DEFAULT_MAX_ENTRY_BYTES = 64 * 1024 * 1024;

/** Sizes as people read them: `200.0 MB`, `16 MB`, `512 bytes`. */
export function formatBytes(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  if (mb >= 1) return Number.isInteger(mb) ? `${mb} MB` : `${mb.toFixed(1)} MB`;
  const kb = bytes / 1024;
  if (kb >= 1) return Number.isInteger(kb) ? `${kb} KB` : `${kb.toFixed(1)} KB`;
  return countOf(bytes, 'byte', 'bytes');
}

// What an omitted string reads as until the entry is parsed (then it is found, recorded and set to "").
/** The JSON text an omitted string is captured as: `"\u0000cme-devtools:omitted:<bytes>"`. */
const OMITTED_JSON = encoder.encode('\\u0000cme-devtools:omitted:');
/** That string once parsed. */
const OMITTED_TEXT = '\u0000cme-devtools:omitted:';

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

/**
 * Push-style HAR scanner: `push` appends completed entries to `out`; `end` checks the file was complete;
 * `outside` gives the bytes around the entries (`{"log":{…,"entries":[` and `]}}`) when they were kept.
 */
export function createHarScanner(limits: HarScanLimits = {}): {
  push(chunk: Uint8Array, out: HarEntryItem[]): void;
  end(): void;
  outside(): Uint8Array;
  /** Whether the scan has reached `log.entries` (the bytes before it are a HAR's head). */
  inEntries(): boolean;
} {
  const maxString = limits.maxStringBytes ?? DEFAULT_MAX_STRING_BYTES;
  const maxEntry = limits.maxEntryBytes ?? DEFAULT_MAX_ENTRY_BYTES;
  const maxOutside = limits.maxOutsideBytes ?? 0;
  const utf8 = limits.decodeUtf8 ?? ((bytes: Uint8Array) => decoder.decode(bytes));
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
  let pieces: Uint8Array[] = [];
  // Bounds of the entry being captured (absolute byte positions in the file).
  let captureStart = 0;
  let captured = 0; // bytes in `pieces`
  let strStart = 0; // the opening quote of the string being scanned
  let strCaptured = 0; // where that quote is in the capture (which is shorter than the file after a drop)
  let dropping = false; // the current string is over the limit: its bytes are not kept
  let expectKey = false; // the next string of the entry is an object key (keys are never dropped)
  let isKey = false; // the current string is a key
  let omittedCount = 0;
  let tooLarge = false; // the entry is over the limit: nothing of it is kept
  // The bytes outside log.entries.
  let recording = maxOutside > 0;
  let recordFrom = 0;
  const outsidePieces: Uint8Array[] = [];
  let outsideBytes = 0;

  const fail = (message: string, at: number): never => {
    throw new HarReadError(`${message} (at byte ${offset + at})`);
  };
  const unexpected = (c: number, at: number, what: string): never =>
    fail(`Not a HAR file: invalid JSON, expected ${what} but found ${describe(c)}`, at);

  function keep(piece: Uint8Array): void {
    if (piece.length === 0) return;
    pieces.push(piece);
    captured += piece.length;
  }

  /** Cuts the capture back to `length` bytes. */
  function truncateCapture(length: number): void {
    let left = length;
    const kept: Uint8Array[] = [];
    for (const p of pieces) {
      if (left <= 0) break;
      kept.push(p.length <= left ? p : p.subarray(0, left));
      left -= p.length;
    }
    pieces = kept;
    captured = Math.min(captured, length);
  }

  /**
   * The string that opened at `strStart` is over the limit: keeps the capture up to its opening quote
   * (taking what is needed of this chunk from `captureFrom`), then the mark, and drops the rest of it.
   */
  function startDropping(chunk: Uint8Array): void {
    const upTo = strCaptured + 1;
    if (captured >= upTo) truncateCapture(upTo);
    else keep(chunk.subarray(captureFrom, captureFrom + (upTo - captured)));
    keep(OMITTED_JSON);
    dropping = true;
  }

  /** The string being dropped ends at `q` (its closing quote, in this chunk): the capture resumes there. */
  function endDropping(q: number): void {
    keep(encoder.encode(String(offset + q - strStart - 1)));
    captureFrom = q;
    dropping = false;
    omittedCount++;
  }

  function startValue(chunk: Uint8Array, i: number, c: number, captureIt: boolean): number {
    capture = captureIt;
    captureFrom = i;
    pieces = [];
    captured = 0;
    captureStart = offset + i;
    dropping = false;
    omittedCount = 0;
    tooLarge = false;
    state = SKIP;
    inStr = false;
    esc = false;
    scalar = false;
    depth = 0;
    isKey = false;
    if (c === QUOTE) {
      inStr = true;
      strStart = offset + i;
      strCaptured = 0;
      return i + 1;
    }
    if (c === OPEN_OBJ || c === OPEN_ARR) {
      stack[0] = c;
      depth = 1;
      expectKey = c === OPEN_OBJ;
      return i + 1;
    }
    if (c === CLOSE_OBJ || c === CLOSE_ARR || c === COMMA || c === COLON_CHAR) unexpected(c, i, 'a value');
    scalar = true;
    return i;
  }

  /** A skipped value ended just before `end` (exclusive). */
  function finishValue(chunk: Uint8Array, start: number, end: number, out: HarEntryItem[]): void {
    if (capture && !tooLarge) {
      keep(chunk.subarray(start, end));
      tooLarge = captured > maxEntry;
    }
    if (capture && tooLarge) {
      pieces = [];
      captured = 0;
      out.push({
        index: index++,
        entry: undefined,
        tooLarge: offset + end - captureStart,
        start: captureStart,
        end: offset + end,
      });
      state = AFTER_ENTRY;
    } else if (capture) {
      const bytes = pieces.length === 1 ? pieces[0]! : concat(pieces, captured);
      pieces = [];
      captured = 0;
      let entry: unknown;
      try {
        entry = JSON.parse(utf8(bytes));
      } catch (err) {
        fail(`Not a HAR file: log.entries[${index}] is not valid JSON (${errorText(err)})`, end);
      }
      const item: HarEntryItem = { index: index++, entry, start: captureStart, end: offset + end };
      if (omittedCount > 0) {
        const found = takeOmitted(entry);
        item.entry = found.entry;
        item.omitted = found.omitted;
      }
      out.push(item);
      state = AFTER_ENTRY;
    } else {
      state = AFTER_VALUE;
    }
    capture = false;
  }

  /** The hot loop: skips (or captures) one value; returns where scanning continues. */
  function skip(chunk: Uint8Array, i: number, n: number, start: number, out: HarEntryItem[]): number {
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
        if (capture && !tooLarge && !isKey) {
          if (!dropping && offset + q - strStart - 1 > maxString) startDropping(chunk);
          if (dropping) {
            endDropping(q);
            start = q;
          }
        }
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
          strStart = offset + i;
          strCaptured = captured + (i - captureFrom);
          isKey = expectKey;
          expectKey = false;
          i++;
          break;
        }
        if (c === OPEN_OBJ || c === OPEN_ARR) {
          stack[depth++] = c;
          expectKey = c === OPEN_OBJ;
        } else if (c === COMMA) {
          expectKey = stack[depth - 1] === OPEN_OBJ;
        } else if (c === CLOSE_OBJ || c === CLOSE_ARR) {
          expectKey = false;
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

  function record(piece: Uint8Array): void {
    if (piece.length === 0) return;
    outsideBytes += piece.length;
    if (outsideBytes > maxOutside) {
      throw new HarReadError(
        `The HAR's fields outside log.entries take more than ${formatBytes(maxOutside)}: not read`,
      );
    }
    // A copy: a view would keep the whole chunk alive.
    outsidePieces.push(piece.slice());
  }

  function push(chunk: Uint8Array, out: HarEntryItem[]): void {
    const n = chunk.length;
    let i = 0;
    // A value continuing from an earlier chunk is captured from this chunk's start.
    captureFrom = 0;
    if (first && n > 0) {
      first = false;
      // A UTF-8 byte order mark, as some Windows tools write.
      if (n >= 3 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) i = 3;
    }
    recordFrom = i;
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
            if (recording) record(chunk.subarray(recordFrom, i));
            recording = false;
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
            closeEntries(i);
            i++;
          } else {
            i = startValue(chunk, i, c, true);
          }
          break;
        case AFTER_ENTRY:
          if (c === COMMA) state = ENTRY;
          else if (c === CLOSE_ARR) {
            state = AFTER_VALUE;
            closeEntries(i);
          } else unexpected(c, i, '"," or "]"');
          i++;
          break;
        case DONE:
          fail('Not a HAR file: unexpected data after the JSON value', i);
      }
    }
    if (state === SKIP && capture && !tooLarge) {
      // A string of the entry that goes on in the next chunk and is already over the limit stops being kept.
      if (inStr && !isKey && !dropping && offset + n - strStart > maxString + 1) startDropping(chunk);
      // A captured value that goes on in the next chunk keeps this chunk's part.
      if (!dropping && captureFrom < n) keep(chunk.subarray(captureFrom));
      if (captured > maxEntry) {
        tooLarge = true;
        pieces = [];
        captured = 0;
      }
    }
    if (recording) record(chunk.subarray(recordFrom));
    offset += n;
  }

  /** The `]` of log.entries at `i`: the bytes from it on are outside the entries again. */
  function closeEntries(i: number): void {
    if (maxOutside > 0 && limits.outsideHeadOnly !== true) {
      recording = true;
      recordFrom = i;
    }
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

  return {
    push,
    end,
    outside: () => concat(outsidePieces, outsideBytes),
    inEntries: () => sawEntries,
  };
}

/**
 * Finds the marks of omitted strings in a parsed entry (iteratively: entries may nest deeply), records
 * where each was and its size, and sets it to "".
 */
function takeOmitted(entry: unknown): { entry: unknown; omitted: OmittedString[] } {
  const omitted: OmittedString[] = [];
  const read = (s: string, path: string): string => {
    if (!s.startsWith(OMITTED_TEXT)) return s;
    omitted.push({ path: path === '' ? '(the entry)' : path, bytes: Number(s.slice(OMITTED_TEXT.length)) });
    return '';
  };
  if (typeof entry === 'string') return { entry: read(entry, ''), omitted };
  const stack: [Record<string, unknown> | unknown[], string][] = [];
  if (typeof entry === 'object' && entry !== null) stack.push([entry as Record<string, unknown>, '']);
  while (stack.length > 0) {
    const [node, path] = stack.pop()!;
    for (const k of Object.keys(node)) {
      const v = (node as Record<string, unknown>)[k];
      const p = Array.isArray(node) ? `${path}[${k}]` : path === '' ? k : `${path}.${k}`;
      if (typeof v === 'string') (node as Record<string, unknown>)[k] = read(v, p);
      else if (typeof v === 'object' && v !== null) stack.push([v as Record<string, unknown>, p]);
    }
  }
  // Keys could be omitted too (a key over the limit): they read as the mark, which is harmless.
  return { entry, omitted: omitted.reverse() };
}

/** The bytes of `pieces` (`length` in all) in one array. */
function concat(pieces: readonly Uint8Array[], length: number): Uint8Array {
  const out = new Uint8Array(length);
  let at = 0;
  for (const p of pieces) {
    out.set(p.subarray(0, length - at), at);
    at += Math.min(p.length, length - at);
  }
  return out;
}

function decodeKey(bytes: number[]): string {
  const text = decoder.decode(Uint8Array.from(bytes));
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
