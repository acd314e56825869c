/**
 * Find in bodies: every match of a needle in a request or response body as the detail shows it — the
 * masked raw text (offsets in it) or the masked JSON tree (each matching object key or scalar value, by
 * node, with offsets in its text) — in document order, capped at {@link FIND_CAP}.
 *
 * Only what the view shows is searched: the masker's text and JSON (lib/cme/secrets), so a find for a
 * ticket's clear text finds nothing and never tells where it is. A body is prepared once per masker (masked,
 * parsed, its tree flattened iteratively: any nesting depth is safe) and then searched per needle in time
 * linear in its size. The needle is plain text (no regex: a pattern run on the panel's thread per
 * keystroke could hang it, and plain text is what a body find needs).
 */
import { bodyText } from '../../cme/call-secrets';
import type { Masker } from '../../cme/secrets';
import type { RawBody } from '../../cme/types';
import { parseJson } from './replay';

/** At most this many matches are listed (the count then reads "10,000+"). */
export const FIND_CAP = 10_000;

/** Tree matches nested deeper than this are counted but not expanded to (the tree renders recursively). */
export const REVEAL_DEPTH = 100;

/** How a body is shown, and so searched. */
export type FindMode = 'raw' | 'tree';

/** A match in the raw text: `[start, end)` in the masked text. */
export interface RawMatch {
  kind: 'raw';
  start: number;
  end: number;
}

/** A match in the tree: node `node`'s key or value text, `[start, end)` in it. */
export interface TreeMatch {
  kind: 'tree';
  node: number;
  part: 'key' | 'value';
  start: number;
  end: number;
}

/** A match in one body. */
export type BodyMatch = RawMatch | TreeMatch;

/**
 * A body's JSON tree flattened in the order the tree shows it (pre-order; arrays by index, objects by
 * `Object.keys`). Node 0 is the root; every other node is an entry `key` of the composite `container`.
 */
export interface TreeIndex {
  /** The masked value the tree shows. */
  value: unknown;
  size: number;
  parent: Int32Array;
  depth: Int32Array;
  /** The entry's position among its container's entries (the tree pages by it). */
  pos: Int32Array;
  container: (object | null)[];
  key: (string | number | null)[];
  /** An object key's text (null for an array index or the root). */
  keyText: (string | null)[];
  /** A scalar's text as shown (a string without its quotes); null for a composite. */
  valueText: (string | null)[];
}

/** One body prepared for finding: what the raw view and the tree view show, each made on first use. */
export interface FindDoc {
  /** The masked text (the raw view's). */
  readonly raw: string;
  /** Whether the body parses as JSON (then the tree view shows it). */
  readonly isJson: boolean;
  /** The masked parsed value (the tree view's); undefined when the body is not JSON. */
  readonly value: unknown;
  /** The flattened tree; null when the body is not JSON. */
  tree(): TreeIndex | null;
}

const docs = new WeakMap<Masker, WeakMap<RawBody, FindDoc>>();

/**
 * A body as the detail shows it, or null when it shows no text (absent, empty, binary). Cached per masker
 * and body, so the view and the finder mask and parse it once.
 */
export function findDocOf(body: RawBody | null | undefined, masker: Masker): FindDoc | null {
  if (!body || typeof body.text !== 'string' || body.text === '') return null;
  let perMasker = docs.get(masker);
  if (perMasker === undefined) docs.set(masker, (perMasker = new WeakMap()));
  let doc = perMasker.get(body);
  if (doc === undefined) {
    const made = makeDoc(body, masker);
    if (made === null) return null;
    perMasker.set(body, (doc = made));
  }
  return doc;
}

function makeDoc(body: RawBody, masker: Masker): FindDoc | null {
  const text = bodyText(body);
  if (text === null) return null;
  const parsed = parseJson(text);
  // Each part is masked when first asked for: a view shown raw never masks the tree, and the reverse.
  let raw: string | undefined;
  let value: unknown;
  let masked = false;
  let tree: TreeIndex | null | undefined;
  const doc: FindDoc = {
    get raw() {
      return (raw ??= masker.text(text));
    },
    isJson: parsed !== undefined,
    get value() {
      if (!masked && parsed !== undefined) value = maskJson(parsed, masker);
      masked = true;
      return value;
    },
    tree: () => (tree ??= parsed === undefined ? null : flatten(doc.value)),
  };
  return doc;
}

function maskJson(value: unknown, masker: Masker): unknown {
  try {
    return masker.json(value);
  } catch {
    // As the tree does: show nothing rather than an unmasked secret.
    return '[unreadable]';
  }
}

function isComposite(value: unknown): value is Record<string, unknown> | unknown[] {
  return typeof value === 'object' && value !== null;
}

function scalarText(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (value === null) return 'null';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return null;
}

/** Flattens a JSON value in the tree's order, iteratively (any depth). */
export function flatten(value: unknown): TreeIndex {
  const parent: number[] = [];
  const depth: number[] = [];
  const pos: number[] = [];
  const container: (object | null)[] = [];
  const key: (string | number | null)[] = [];
  const keyText: (string | null)[] = [];
  const valueText: (string | null)[] = [];
  // [value, parent, depth, pos, container, key]
  const stack: [unknown, number, number, number, object | null, string | number | null][] = [
    [value, -1, 0, 0, null, null],
  ];
  while (stack.length > 0) {
    const [v, p, d, at, c, k] = stack.pop()!;
    const id = parent.length;
    parent.push(p);
    depth.push(d);
    pos.push(at);
    container.push(c);
    key.push(k);
    keyText.push(typeof k === 'string' ? k : null);
    valueText.push(isComposite(v) ? null : scalarText(v));
    if (!isComposite(v)) continue;
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], id, d + 1, i, v, i]);
    } else {
      const keys = Object.keys(v);
      for (let i = keys.length - 1; i >= 0; i--) stack.push([v[keys[i]!], id, d + 1, i, v, keys[i]!]);
    }
  }
  return {
    value,
    size: parent.length,
    parent: Int32Array.from(parent),
    depth: Int32Array.from(depth),
    pos: Int32Array.from(pos),
    container,
    key,
    keyText,
    valueText,
  };
}

/** How to match. */
export interface FindOptions {
  /** Match case exactly (default: ignore case). */
  caseSensitive?: boolean;
  /** Stop after this many matches (default {@link FIND_CAP}). */
  limit?: number;
}

/** A body's matches, and whether the limit stopped the search. */
export interface BodyFind {
  matches: BodyMatch[];
  capped: boolean;
}

/** A matcher of one needle: calls `hit(start)` for each non-overlapping match until it returns false. */
type Scan = (text: string, hit: (start: number) => boolean) => boolean;

function scannerOf(needle: string, caseSensitive: boolean): Scan {
  if (caseSensitive) {
    return (text, hit) => {
      for (let i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + needle.length)) {
        if (!hit(i)) return false;
      }
      return true;
    };
  }
  // Without the `u` flag, `i` compares code unit by code unit: a match is exactly the needle's length.
  const re = new RegExp(needle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gi');
  return (text, hit) => {
    re.lastIndex = 0;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      if (!hit(m.index)) return false;
    }
    return true;
  };
}

/** Every match of `needle` in one body shown as `mode` (tree falls back to raw for a non-JSON body). */
export function findInBody(
  doc: FindDoc,
  mode: FindMode,
  needle: string,
  options: FindOptions = {},
): BodyFind {
  const limit = Math.max(0, options.limit ?? FIND_CAP);
  const matches: BodyMatch[] = [];
  if (needle === '') return { matches, capped: false };
  const scan = scannerOf(needle, options.caseSensitive === true);
  const n = needle.length;
  let capped = false;
  const tree = mode === 'tree' ? doc.tree() : null;
  if (tree === null) {
    scan(doc.raw, (start) => {
      if (matches.length >= limit) return !(capped = true);
      matches.push({ kind: 'raw', start, end: start + n });
      return true;
    });
    return { matches, capped };
  }
  for (let node = 0; node < tree.size && !capped; node++) {
    for (const part of ['key', 'value'] as const) {
      const text = part === 'key' ? tree.keyText[node] : tree.valueText[node];
      if (text === null || text === undefined || text.length < n) continue;
      scan(text, (start) => {
        if (matches.length >= limit) return !(capped = true);
        matches.push({ kind: 'tree', node, part, start, end: start + n });
        return true;
      });
      if (capped) break;
    }
  }
  return { matches, capped };
}

/** The two bodies of a call. */
export type BodyName = 'request' | 'response';

/** A match of a call's find: which body it is in, and where. */
export interface CallMatch {
  body: BodyName;
  match: BodyMatch;
}

/** Matches over both bodies: the request's first, then the response's, capped together. */
export function findInCall(
  docs: Record<BodyName, FindDoc | null>,
  modes: Record<BodyName, FindMode>,
  needle: string,
  options: FindOptions = {},
): { matches: CallMatch[]; capped: boolean } {
  const limit = options.limit ?? FIND_CAP;
  const matches: CallMatch[] = [];
  let capped = false;
  for (const body of ['request', 'response'] as const) {
    const doc = docs[body];
    if (doc === null || capped) continue;
    const found = findInBody(doc, modes[body], needle, { ...options, limit: limit - matches.length });
    for (const match of found.matches) matches.push({ body, match });
    capped = found.capped;
  }
  return { matches, capped };
}

/** The path (keys from the root) of a tree node: for tests and labels. */
export function pathOf(tree: TreeIndex, node: number): (string | number)[] {
  const path: (string | number)[] = [];
  for (let n = node; tree.parent[n]! >= 0; n = tree.parent[n]!) path.push(tree.key[n]!);
  return path.reverse();
}
