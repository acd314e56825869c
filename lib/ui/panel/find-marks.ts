/**
 * What the views show of a find: the raw text's marks, and the tree's — every match marked by its entry
 * (container and key), the path to the current match opened once per move, down to REVEAL_DEPTH.
 */
import { REVEAL_DEPTH, type BodyMatch, type TreeIndex } from './find';

/** A highlighted span of a text; `current` for the match the find is at. */
export interface MarkRange {
  start: number;
  end: number;
  current: boolean;
}

/** Highlights of one tree entry: in its key and in its (scalar) value. */
export interface EntryMarks {
  key: MarkRange[];
  value: MarkRange[];
}

/** What the tree shows of a find (see components/json-tree.tsx, which reads it structurally). */
export interface TreeHighlights {
  /** Marks of entry `key` of `container` (null, null: the root). */
  marks(container: object | null, key: string | number | null): EntryMarks | undefined;
  /**
   * The current match to show: the composite values to open, each with the entry position its page must
   * reach, and the entry itself (`container`, `key`, `part`: a long string is shown in full for it);
   * `id` changes with each move of the find.
   */
  reveal: {
    id: number;
    open: ReadonlyMap<object, number>;
    container: object | null;
    key: string | number | null;
    part: 'key' | 'value';
  } | null;
}

/**
 * The tree's highlights for a body's matches (`current`: the index in `matches` of the current one, or
 * -1): every match marked, the path to the current one opened (unless deeper than {@link REVEAL_DEPTH}:
 * then `tooDeep`).
 */
export function treeHighlights(
  tree: TreeIndex,
  matches: readonly BodyMatch[],
  current: number,
  revealId: number,
): TreeHighlights & { tooDeep: boolean } {
  const byContainer = new Map<object | null, Map<string | number | null, EntryMarks>>();
  matches.forEach((m, i) => {
    if (m.kind !== 'tree') return;
    const c = tree.container[m.node] ?? null;
    let entries = byContainer.get(c);
    if (entries === undefined) byContainer.set(c, (entries = new Map()));
    const k = tree.key[m.node] ?? null;
    let marks = entries.get(k);
    if (marks === undefined) entries.set(k, (marks = { key: [], value: [] }));
    marks[m.part].push({ start: m.start, end: m.end, current: i === current });
  });
  let reveal: TreeHighlights['reveal'] = null;
  let tooDeep = false;
  const at = matches[current];
  if (at !== undefined && at.kind === 'tree') {
    if (tree.depth[at.node]! > REVEAL_DEPTH) tooDeep = true;
    else {
      const open = new Map<object, number>();
      for (let n = at.node; tree.parent[n]! >= 0; n = tree.parent[n]!)
        open.set(tree.container[n]!, tree.pos[n]!);
      reveal = {
        id: revealId,
        open,
        container: tree.container[at.node] ?? null,
        key: tree.key[at.node] ?? null,
        part: at.part,
      };
    }
  }
  return {
    marks: (container, key) => byContainer.get(container)?.get(key),
    reveal,
    tooDeep,
  };
}

/** The raw view's highlights: every raw match, the current one flagged. */
export function rawHighlights(matches: readonly BodyMatch[], current: number): MarkRange[] {
  const out: MarkRange[] = [];
  matches.forEach((m, i) => {
    if (m.kind === 'raw') out.push({ start: m.start, end: m.end, current: i === current });
  });
  return out;
}
