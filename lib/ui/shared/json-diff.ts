/**
 * Structural diff of two JSON values (a captured answer vs. its replay, a body before vs. after an edit).
 * Pure: no DOM. Objects are compared key by key, arrays index by index (a replay answer keeps its order).
 */

/** How a path differs: only in `after`, only in `before`, or in both with another value or type. */
export type DiffKind = 'added' | 'removed' | 'changed';

/** One difference at one path. `before` is absent for `added`, `after` for `removed`. */
export interface DiffEntry {
  /** Display path: `Data.Items[2].Name`; `''` for the root; odd keys quoted: `Data["a b"]`. */
  path: string;
  /** The same path as object keys and array indices. */
  segments: (string | number)[];
  kind: DiffKind;
  before?: unknown;
  after?: unknown;
}

/** The JSON type name of a value: object, array, string, number, boolean, null (or the JS typeof otherwise). */
export function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** The display form of a path: `a.b[0]["odd key"]`. */
export function formatPath(segments: readonly (string | number)[]): string {
  let out = '';
  for (const s of segments) {
    if (typeof s === 'number') out += `[${s}]`;
    else if (IDENT.test(s)) out += out === '' ? s : `.${s}`;
    else out += `[${JSON.stringify(s)}]`;
  }
  return out;
}

// Past this depth values are compared by identity only: a guard against pathological (or cyclic) input.
const MAX_DEPTH = 200;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function samePrimitive(a: unknown, b: unknown): boolean {
  return a === b || (typeof a === 'number' && typeof b === 'number' && Number.isNaN(a) && Number.isNaN(b));
}

/**
 * Every difference between `a` (before) and `b` (after), in document order (before's keys first, then keys
 * only `after` has). A type change (object → array, number → string, ...) is one `changed` entry for the
 * whole value. Object keys whose value is `undefined` count as absent, as in JSON.
 */
export function diffJson(a: unknown, b: unknown): DiffEntry[] {
  const out: DiffEntry[] = [];
  walk(a, b, [], out, 0);
  return out;
}

function walk(a: unknown, b: unknown, segs: (string | number)[], out: DiffEntry[], depth: number): void {
  if (samePrimitive(a, b)) return;
  const push = (entry: Omit<DiffEntry, 'path' | 'segments'>, at = segs) =>
    out.push({ path: formatPath(at), segments: at, ...entry });
  if (depth >= MAX_DEPTH) {
    push({ kind: 'changed', before: a, after: b });
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    const common = Math.min(a.length, b.length);
    for (let i = 0; i < common; i++) walk(a[i], b[i], [...segs, i], out, depth + 1);
    for (let i = common; i < a.length; i++) push({ kind: 'removed', before: a[i] }, [...segs, i]);
    for (let i = common; i < b.length; i++) push({ kind: 'added', after: b[i] }, [...segs, i]);
    return;
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    for (const key of Object.keys(a)) {
      const av = a[key];
      if (av === undefined) continue;
      const bv = Object.prototype.hasOwnProperty.call(b, key) ? b[key] : undefined;
      if (bv === undefined) push({ kind: 'removed', before: av }, [...segs, key]);
      else walk(av, bv, [...segs, key], out, depth + 1);
    }
    for (const key of Object.keys(b)) {
      const bv = b[key];
      if (bv === undefined) continue;
      const av = Object.prototype.hasOwnProperty.call(a, key) ? a[key] : undefined;
      if (av === undefined) push({ kind: 'added', after: bv }, [...segs, key]);
    }
    return;
  }
  if (a === undefined) push({ kind: 'added', after: b });
  else if (b === undefined) push({ kind: 'removed', before: a });
  else push({ kind: 'changed', before: a, after: b });
}

/** How many entries of each kind a diff has. */
export function countDiff(entries: readonly DiffEntry[]): Record<DiffKind, number> {
  const counts: Record<DiffKind, number> = { added: 0, removed: 0, changed: 0 };
  for (const e of entries) counts[e.kind]++;
  return counts;
}
