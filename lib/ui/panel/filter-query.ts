/**
 * The panel's filter language, parsed (pure; never throws). A query is terms separated by spaces, all
 * ANDed; a leading `-` negates any term. Terms:
 *
 * - `action:ListMedia` (or `action:Material/ListMedia`), `class:Material`, `platform:p1`, `method:GET`:
 *   exact; `user:alice` is the user id, `user:p1/alice` the `platform/user` identity, also exact.
 *   `code:InvalidParameter` matches that Code and its dotted sub-Codes (`InvalidParameter.Action`).
 *   A trailing `*` makes any of these a prefix (`action:Describe*`). A value may be negated itself
 *   (`code:-Success` is `-code:Success`), and quoted (`user:"a b"`, `code:"-x"` for a literal dash).
 * - `status:502` (HTTP; 0 is no answer), `status:5xx`, `status:>=400`, `status:500-599`.
 * - `duration:>500`, `<N`, `>=N`, `<=N`, `N-M`, and `duration:N` meaning at least N (ms; `1.5s` too).
 * - `larger-than:N` (answer bytes; `10k` = 10,240, `1M` = 1,048,576): the answer body is larger than N.
 * - `is:failed|ok|replayed|injected|recorded|login`.
 * - a free word: a substring of the row's search text (fields and body excerpts); `"two words"` as one.
 * - `/regex/`: over the same text, in the regex worker (one per query; no spaces in it: `\s`). A `/`
 *   word without its closing `/` is a free word (`/PaaS`).
 *
 * Values compare case-insensitively. Every term that does not parse becomes an error with its range in
 * the query and a reason; it filters nothing and the other terms still apply.
 */

/** The keys of `key:value` terms. */
export const FILTER_KEYS = [
  'action',
  'class',
  'code',
  'user',
  'platform',
  'method',
  'status',
  'duration',
  'larger-than',
  'is',
] as const;
/** A key of a `key:value` term. */
export type FilterKey = (typeof FILTER_KEYS)[number];
/** Keys whose value is text. */
export type TextKey = 'action' | 'class' | 'code' | 'user' | 'platform' | 'method';
/** Keys whose value is a number test. */
export type NumberKey = 'status' | 'duration' | 'larger-than';
/** What `is:` accepts. */
export const IS_VALUES = ['failed', 'ok', 'replayed', 'injected', 'recorded', 'login'] as const;
export type IsValue = (typeof IS_VALUES)[number];

/** A number comparison: between `min` and `max`, each bound excluded when its `open` flag says so. */
export interface NumberTest {
  min: number;
  max: number;
  openMin?: boolean;
  openMax?: boolean;
}

/** Whether `n` passes `test`. */
export function inRange(test: NumberTest, n: number): boolean {
  return (test.openMin ? n > test.min : n >= test.min) && (test.openMax ? n < test.max : n <= test.max);
}

interface TermBase {
  from: number;
  to: number;
  negate: boolean;
}
/** One valid term of a query, with its range in the query. */
export type Term = TermBase &
  (
    | { kind: 'text'; text: string }
    | { kind: 'regex'; source: string }
    | { kind: 'field'; key: TextKey; value: string; prefix: boolean }
    | { kind: 'number'; key: NumberKey; test: NumberTest }
    | { kind: 'is'; key: 'is'; value: IsValue }
  );

/** Why a term is invalid. */
export type FilterErrorReason =
  | { kind: 'unknown-key'; key: string; suggestion: string | null }
  | { kind: 'empty-value'; key: string }
  | { kind: 'bad-number'; key: NumberKey; value: string; example: string }
  | { kind: 'unknown-is'; value: string; suggestion: string | null }
  | { kind: 'bad-regex'; message: string }
  | { kind: 'unclosed-quote' }
  | { kind: 'one-regex' };

/** An invalid term: its range, the key it was written with (lowercased; null for a free word), why. */
export interface TermError {
  from: number;
  to: number;
  key: string | null;
  reason: FilterErrorReason;
}

/** A parsed query. */
export interface ParsedQuery {
  source: string;
  terms: Term[];
  errors: TermError[];
}

/** A query's token as written: range, negation, and its key/value (unquoted) or regex source. */
export interface RawToken {
  from: number;
  to: number;
  negate: boolean;
  /** Key as written (when the token is `key:value`) and the value, unquoted. */
  key: string | null;
  value: string;
  /** Whether the value began with a quote (so a leading `-` is literal). */
  valueQuoted: boolean;
  unclosed: boolean;
  regex: string | null;
}

const isSpace = (c: string | undefined): boolean => c !== undefined && /\s/.test(c);
const KEY_SHAPE = /^[a-z][a-z-]*$/i;
const EXAMPLES: Record<NumberKey, string> = {
  status: '502, 5xx, >=400, 500-599',
  duration: '>500, <100, 200-800, 1.5s',
  'larger-than': '500, 10k, 1M',
};

/**
 * Where a `/regex/` starting at `i` ends (after its closing `/`, which a space or the end follows); -1
 * if none. A regex holds no whitespace (write `\s`), so `/` before other terms never swallows them.
 */
function regexEnd(q: string, i: number): number {
  let inClass = false;
  for (let j = i + 1; j < q.length; j++) {
    const c = q[j];
    if (isSpace(c)) return -1;
    if (c === '\\') j++;
    else if (c === '[') inClass = true;
    else if (c === ']') inClass = false;
    else if (c === '/' && !inClass && j > i + 1 && (j + 1 === q.length || isSpace(q[j + 1]))) return j + 1;
  }
  return -1;
}

/** Splits a query into tokens (quotes keep spaces; a backslash in quotes escapes the next character). */
export function tokenize(q: string): RawToken[] {
  const out: RawToken[] = [];
  let i = 0;
  while (i < q.length) {
    while (i < q.length && isSpace(q[i])) i++;
    if (i >= q.length) break;
    const from = i;
    const negate = q[i] === '-' && i + 1 < q.length && !isSpace(q[i + 1]);
    if (negate) i++;
    if (q[i] === '/') {
      const end = regexEnd(q, i);
      if (end > 0) {
        out.push({
          from,
          to: end,
          negate,
          key: null,
          value: '',
          valueQuoted: false,
          unclosed: false,
          regex: q.slice(i + 1, end - 1),
        });
        i = end;
        continue;
      }
    }
    let text = '';
    let colon = -1;
    let colonAt = -1;
    let quotedBefore = false;
    let valueQuoted = false;
    let unclosed = false;
    while (i < q.length && !isSpace(q[i])) {
      const c = q[i]!;
      if (c === '"') {
        if (colon >= 0 && text.length === colon + 1) valueQuoted = true;
        quotedBefore = true;
        i++;
        while (i < q.length && q[i] !== '"') {
          if (q[i] === '\\' && i + 1 < q.length) i++;
          text += q[i];
          i++;
        }
        if (i >= q.length) unclosed = true;
        else i++;
        continue;
      }
      if (c === ':' && colon < 0 && !quotedBefore) [colon, colonAt] = [text.length, i];
      text += c;
      i++;
    }
    const key = colon > 0 ? text.slice(0, colon) : null;
    // `http://…` and `12:30` are words, not terms.
    const isTerm = key !== null && KEY_SHAPE.test(key) && !q.startsWith('//', colonAt + 1);
    out.push({
      from,
      to: i,
      negate,
      key: isTerm ? key : null,
      value: isTerm ? text.slice(colon + 1) : text,
      valueQuoted: isTerm ? valueQuoted : false,
      unclosed,
      regex: null,
    });
  }
  return out;
}

/** Edit distance (small strings only: keys and `is:` values). */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}

const ALIASES: Record<string, string> = {
  size: 'larger-than',
  larger: 'larger-than',
  time: 'duration',
  ms: 'duration',
  http: 'status',
  userid: 'user',
  identity: 'user',
  classname: 'class',
  errorcode: 'code',
};

/** The closest of `options` to `word` (a prefix, an alias, or at most 2 edits away), else null. */
export function didYouMean(word: string, options: readonly string[]): string | null {
  const w = word.toLowerCase().slice(0, 40);
  if (ALIASES[w] && options.includes(ALIASES[w])) return ALIASES[w];
  const prefixed = options.find((o) => o.startsWith(w) || w.startsWith(o));
  if (prefixed && w.length >= 2) return prefixed;
  let best: string | null = null;
  let bestD = 3;
  for (const o of options) {
    const d = distance(w, o);
    if (d < bestD) [best, bestD] = [o, d];
  }
  return best;
}

const NUM = '(\\d+(?:\\.\\d+)?)';
const DURATION = new RegExp(`^${NUM}(ms|s)?$`, 'i');
const SIZE = new RegExp(`^${NUM}(k|m)?b?$`, 'i');

/** One number of a key: ms for duration, bytes for larger-than, an HTTP status; null when not one. */
function numberOf(key: NumberKey, s: string): number | null {
  if (key === 'status') return /^\d{1,3}$/.test(s) ? Number(s) : null;
  const m = (key === 'duration' ? DURATION : SIZE).exec(s);
  if (!m) return null;
  const n = Number(m[1]);
  const unit = (m[2] ?? '').toLowerCase();
  const scale = unit === 's' ? 1000 : unit === 'k' ? 1024 : unit === 'm' ? 1024 * 1024 : 1;
  return n * scale;
}

/** A number term's test, or null when the value does not parse. */
export function numberTest(key: NumberKey, value: string): NumberTest | null {
  const v = value.trim();
  if (key === 'status' && /^[1-5]xx$/i.test(v)) {
    const h = Number(v[0]) * 100;
    return { min: h, max: h + 99 };
  }
  if (key === 'larger-than') {
    const n = numberOf(key, v);
    return n === null ? null : { min: n, max: Infinity, openMin: true };
  }
  const cmp = /^(>=|<=|>|<|=)(.*)$/.exec(v);
  if (cmp) {
    const n = numberOf(key, cmp[2]!);
    if (n === null) return null;
    switch (cmp[1]) {
      case '>':
        return { min: n, max: Infinity, openMin: true };
      case '<':
        return { min: -Infinity, max: n, openMax: true };
      case '>=':
        return { min: n, max: Infinity };
      case '<=':
        return { min: -Infinity, max: n };
      default:
        return { min: n, max: n };
    }
  }
  const range = /^([^-]+)-([^-]+)$/.exec(v);
  if (range) {
    const a = numberOf(key, range[1]!);
    const b = numberOf(key, range[2]!);
    return a === null || b === null || a > b ? null : { min: a, max: b };
  }
  const n = numberOf(key, v);
  if (n === null) return null;
  return key === 'duration' ? { min: n, max: Infinity } : { min: n, max: n };
}

const TEXT_KEYS: readonly string[] = ['action', 'class', 'code', 'user', 'platform', 'method'];

/** The term (or the error) of one token; `regexes` counts the regex terms before it. */
function termOf(t: RawToken, regexes: number): Term | TermError {
  const { from, to, negate } = t;
  const key = t.key?.toLowerCase() ?? null;
  const fail = (reason: FilterErrorReason): TermError => ({ from, to, key, reason });
  if (t.unclosed) return fail({ kind: 'unclosed-quote' });
  if (t.regex !== null) {
    if (regexes > 0) return fail({ kind: 'one-regex' });
    try {
      new RegExp(t.regex, 'is');
    } catch (e) {
      return fail({ kind: 'bad-regex', message: e instanceof Error ? e.message : String(e) });
    }
    return { from, to, negate, kind: 'regex', source: t.regex };
  }
  if (key === null) return { from, to, negate, kind: 'text', text: t.value.toLowerCase() };
  if (!(FILTER_KEYS as readonly string[]).includes(key)) {
    return fail({ kind: 'unknown-key', key: t.key!, suggestion: didYouMean(key, FILTER_KEYS) });
  }
  let value = t.value;
  let neg = negate;
  if (TEXT_KEYS.includes(key) && !t.valueQuoted && value.length > 1 && value.startsWith('-')) {
    neg = !neg;
    value = value.slice(1);
  }
  if (value.trim() === '') return fail({ kind: 'empty-value', key });
  if (key === 'is') {
    const v = value.toLowerCase();
    if (!(IS_VALUES as readonly string[]).includes(v)) {
      return fail({ kind: 'unknown-is', value, suggestion: didYouMean(v, IS_VALUES) });
    }
    return { from, to, negate: neg, kind: 'is', key: 'is', value: v as IsValue };
  }
  if (key === 'status' || key === 'duration' || key === 'larger-than') {
    const test = numberTest(key, value);
    if (test === null) return fail({ kind: 'bad-number', key, value, example: EXAMPLES[key] });
    return { from, to, negate: neg, kind: 'number', key, test };
  }
  const prefix = value.length > 1 && value.endsWith('*');
  return {
    from,
    to,
    negate: neg,
    kind: 'field',
    key: key as TextKey,
    value: (prefix ? value.slice(0, -1) : value).toLowerCase(),
    prefix,
  };
}

/** Parses a query into its valid terms and the errors of the others. */
export function parseQuery(source: string): ParsedQuery {
  const terms: Term[] = [];
  const errors: TermError[] = [];
  let regexes = 0;
  for (const token of tokenize(source)) {
    const r = termOf(token, regexes);
    if ('reason' in r) errors.push(r);
    else {
      if (r.kind === 'regex') regexes++;
      terms.push(r);
    }
  }
  return { source, terms, errors };
}

/** A value as written in a term: quoted when it holds a space, a quote or a backslash, or starts with `-` or `//`. */
export function quoteValue(value: string): string {
  if (value !== '' && !/[\s"\\]/.test(value) && !value.startsWith('-') && !value.startsWith('//'))
    return value;
  return `"${value.replace(/["\\]/g, (c) => `\\${c}`)}"`;
}

/** The query without the terms (valid or not) written with `key`, tidy around the cuts. */
export function withoutKey(query: string, key: string, among?: readonly string[]): string {
  const cut = tokenize(query).filter((t) => isTermOf(t, key, among));
  if (cut.length === 0) return query;
  let out = '';
  let at = 0;
  for (const t of cut) {
    out += query.slice(at, t.from);
    at = t.to;
    while (at < query.length && isSpace(query[at])) at++;
  }
  out += query.slice(at);
  return out.replace(/\s+$/, '');
}

/**
 * Whether token `t` is a term of `key` (any case) and, when `among` is given, has one of its values (any
 * case): a shortcut that owns some values of a key (the status select's `is:ok` … `is:recorded`) leaves the
 * key's other terms (`is:replayed`) alone.
 */
function isTermOf(t: RawToken, key: string, among?: readonly string[]): boolean {
  if (t.key?.toLowerCase() !== key.toLowerCase()) return false;
  return among === undefined || among.some((v) => v.toLowerCase() === t.value.toLowerCase());
}

/**
 * The query with one term of `key`: the terms already written with that key (only those with a value in
 * `among`, when given) are replaced by `key:value` (`-key:value` when negated), added at the end; an empty
 * value only removes them.
 */
export function withTerm(
  query: string,
  key: string,
  value: string,
  negate = false,
  among?: readonly string[],
): string {
  let rest = withoutKey(query, key, among);
  if (value === '') return rest;
  // An unclosed quote would take the new term in: it is closed first.
  // (after a backslash, a space first: the backslash escapes it, not the quote).
  if (tokenize(rest).at(-1)?.unclosed) rest += rest.endsWith('\\') ? ' "' : '"';
  const term = `${negate ? '-' : ''}${key.toLowerCase()}:${quoteValue(value)}`;
  return rest.trim() === '' ? term : `${rest.replace(/\s+$/, '')} ${term}`;
}

/**
 * The value of the one valid positive term of `key` (as written, unquoted; among the terms with a value in
 * `among`, when given); '' when none, several or invalid.
 */
export function termValue(query: string, key: string, among?: readonly string[]): string {
  const found = tokenize(query).filter((t) => isTermOf(t, key, among));
  if (found.length !== 1 || found[0]!.negate) return '';
  const t = found[0]!;
  // Only a valid, positive term has a value to show.
  const term = termOf(t, 0);
  return 'reason' in term || term.negate ? '' : t.value;
}
