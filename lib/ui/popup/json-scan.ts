/**
 * A JSON scanner for the popup's body editor: where the text stops being JSON (as data the views
 * translate), and where every value and member key sits, by path (`Owner.Id`, `Tags[0]`), so the
 * catalogue's findings can be put on their lines. Pure; never throws.
 */

/** What the JSON scanner expected where it stopped. */
export type SyntaxExpectation = 'value' | 'key' | 'colon' | 'comma-or-brace' | 'comma-or-bracket' | 'end';

/** Why the text is not JSON. */
export type SyntaxReason =
  | 'empty'
  | 'unexpected'
  | 'unexpected-end'
  | 'unterminated-string'
  | 'bad-escape'
  | 'control-char'
  | 'bad-number'
  | 'too-deep';

/** A syntax error, as data the views translate. */
export interface SyntaxDetail {
  reason: SyntaxReason;
  expected?: SyntaxExpectation;
  /** The character found instead (only for `unexpected`). */
  found?: string;
}

/** Where a value (and, for an object member, its key) starts in the text. */
export interface Spot {
  /** Offset of the member's key (object members only). */
  key?: number;
  value: number;
}

/** Every value's spot by path, and the keys given twice. */
export interface Scan {
  spots: Map<string, Spot>;
  duplicates: { path: string; offset: number }[];
}

/** Where and why the text is not JSON. */
export interface ScanError {
  offset: number;
  detail: SyntaxDetail;
}

const MAX_DEPTH = 256;
const WS = new Set([' ', '\t', '\n', '\r']);
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const LITERALS = ['true', 'false', 'null'];

/** Whether a scan failed. */
export function isScanError(value: unknown): value is ScanError {
  return typeof value === 'object' && value !== null && 'detail' in value && 'offset' in value;
}

/** Scan JSON text, recording where every value sits; a ScanError when it is not JSON. */
export function scanJson(text: string): Scan | ScanError {
  const spots = new Map<string, Spot>();
  const duplicates: Scan['duplicates'] = [];
  let i = 0;
  const fail = (detail: SyntaxDetail, offset = i): never => {
    throw { offset, detail } satisfies ScanError;
  };
  const skipWs = (): void => {
    while (i < text.length && WS.has(text[i]!)) i++;
  };
  const unexpected = (expected: SyntaxExpectation): never =>
    i >= text.length
      ? fail({ reason: 'unexpected-end', expected })
      : fail({ reason: 'unexpected', expected, found: text[i] });

  function scanString(): string {
    const start = i;
    i++; // opening quote
    let out = '';
    while (i < text.length) {
      const c = text[i]!;
      if (c === '"') {
        i++;
        return out;
      }
      if (c === '\\') {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) fail({ reason: 'bad-escape' });
          out += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
          i += 6;
          continue;
        }
        const simple: Record<string, string> = {
          '"': '"',
          '\\': '\\',
          '/': '/',
          b: '\b',
          f: '\f',
          n: '\n',
          r: '\r',
          t: '\t',
        };
        if (e === undefined || !(e in simple)) fail({ reason: 'bad-escape' });
        out += simple[e!];
        i += 2;
        continue;
      }
      if (c < ' ') fail({ reason: 'control-char' });
      out += c;
      i++;
    }
    return fail({ reason: 'unterminated-string' }, start);
  }

  function scanValue(path: string, depth: number, spot: Partial<Spot>): void {
    skipWs();
    if (depth > MAX_DEPTH) fail({ reason: 'too-deep' });
    spots.set(path, { ...spot, value: i });
    const c = text[i];
    if (c === '{') return scanObject(path, depth);
    if (c === '[') return scanArray(path, depth);
    if (c === '"') {
      scanString();
      return;
    }
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) {
      NUMBER.lastIndex = i;
      const m = NUMBER.exec(text);
      if (!m || m[0] === '-') fail({ reason: 'bad-number' });
      i += m![0].length;
      // "01" or "1." scan as a number followed by junk: call the whole token a bad number.
      if (i < text.length && /[0-9.eE+-]/.test(text[i]!)) fail({ reason: 'bad-number' }, i - m![0].length);
      return;
    }
    for (const word of LITERALS) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return;
      }
    }
    unexpected('value');
  }

  function scanObject(path: string, depth: number): void {
    i++;
    skipWs();
    if (text[i] === '}') {
      i++;
      return;
    }
    const seen = new Set<string>();
    for (;;) {
      skipWs();
      if (text[i] !== '"') unexpected('key');
      const keyAt = i;
      const key = scanString();
      const child = path === '' ? key : `${path}.${key}`;
      if (seen.has(key)) duplicates.push({ path: child, offset: keyAt });
      seen.add(key);
      skipWs();
      if (text[i] !== ':') unexpected('colon');
      i++;
      scanValue(child, depth + 1, { key: keyAt });
      skipWs();
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === '}') {
        i++;
        return;
      }
      unexpected('comma-or-brace');
    }
  }

  function scanArray(path: string, depth: number): void {
    i++;
    skipWs();
    if (text[i] === ']') {
      i++;
      return;
    }
    for (let n = 0; ; n++) {
      scanValue(`${path}[${n}]`, depth + 1, {});
      skipWs();
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === ']') {
        i++;
        return;
      }
      unexpected('comma-or-bracket');
    }
  }

  try {
    skipWs();
    if (i >= text.length) fail({ reason: 'empty' });
    scanValue('', 0, {});
    skipWs();
    if (i < text.length) unexpected('end');
    return { spots, duplicates };
  } catch (error) {
    if (isScanError(error)) return error;
    // A RangeError (stack) on absurd nesting: report it as too deep rather than throw.
    return { offset: 0, detail: { reason: 'too-deep' } };
  }
}

/** 1-based line and column of a UTF-16 offset in `text`. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let k = 0; k < end; k++) {
    if (text.charCodeAt(k) === 10) {
      line++;
      lineStart = k + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}
