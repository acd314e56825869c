/**
 * A cheap first look at a filter regex before it runs: patterns whose backtracking is obviously
 * exponential are refused, with the part that makes them so. Two shapes are caught: a repeated group
 * that itself holds a repetition (star height two: `(a+)+`, `(a*)*`, `(?:\d+x)*`, `(a{2,})+`) and a
 * repeated group with two identical alternatives (`(a|a)*`). Anything else may still be slow; the
 * worker's time budget (regex-runner.ts) is what bounds it.
 */

/** Why a pattern is refused: the offending group as written, e.g. `(a+)+`. */
export interface RefusedPattern {
  kind: 'nested' | 'alternation';
  part: string;
}

interface Frame {
  start: number;
  /** Whether this group's content holds a repetition (at any depth). */
  repeats: boolean;
  /** Where the current alternative began, and the alternatives seen so far. */
  branchStart: number;
  branches: string[];
}

/** A quantifier at `i`, or null: `*`, `+`, `?`, `{n}`, `{n,}`, `{n,m}`, each maybe lazy. */
function quantifierAt(source: string, i: number): { end: number; repeats: boolean } | null {
  const c = source[i];
  let end: number;
  let repeats: boolean;
  if (c === '*' || c === '+') {
    end = i + 1;
    repeats = true;
  } else if (c === '?') {
    end = i + 1;
    repeats = false;
  } else if (c === '{') {
    // Without the u flag, `{` not followed by a full quantifier is a literal brace.
    const m = /^\{(\d+)(,(\d*))?\}/.exec(source.slice(i, i + 24));
    if (!m) return null;
    end = i + m[0].length;
    const max = m[2] === undefined ? Number(m[1]) : m[3] === '' ? Infinity : Number(m[3]);
    repeats = max > 1;
  } else {
    return null;
  }
  if (source[end] === '?') end++;
  return { end, repeats };
}

/** The end (exclusive) of the character class opening at `i`. */
function classEnd(source: string, i: number): number {
  let j = i + 1;
  if (source[j] === '^') j++;
  // A `]` first in a class is a literal only in some dialects; in JS `[]` is an empty class.
  while (j < source.length && source[j] !== ']') j += source[j] === '\\' ? 2 : 1;
  return Math.min(source.length, j + 1);
}

/**
 * Whether `source` (a pattern that compiles) is obviously catastrophic; null when it is not.
 * Linear in the pattern's length.
 */
export function refuseCatastrophic(source: string): RefusedPattern | null {
  const root: Frame = { start: -1, repeats: false, branchStart: 0, branches: [] };
  const stack: Frame[] = [root];
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    const top = stack[stack.length - 1]!;
    if (c === '(') {
      // Skip the group's prefix: (?:  (?=  (?!  (?<=  (?<!  (?<name>
      let body = i + 1;
      if (source[body] === '?') {
        const m = /^\?(?::|=|!|<=|<!|<[^>]*>)/.exec(source.slice(body, body + 64));
        body += m ? m[0].length : 1;
      }
      stack.push({ start: i, repeats: false, branchStart: body, branches: [] });
      i = body;
      continue;
    }
    if (c === '|') {
      top.branches.push(source.slice(top.branchStart, i));
      top.branchStart = i + 1;
      i++;
      continue;
    }
    if (c === ')' && stack.length > 1) {
      stack.pop();
      top.branches.push(source.slice(top.branchStart, i));
      const parent = stack[stack.length - 1]!;
      const q = quantifierAt(source, i + 1);
      if (q?.repeats) {
        const part = source.slice(top.start, q.end);
        if (top.repeats) return { kind: 'nested', part };
        if (new Set(top.branches).size < top.branches.length) return { kind: 'alternation', part };
      }
      parent.repeats ||= top.repeats || q?.repeats === true;
      i = q ? q.end : i + 1;
      continue;
    }
    // An atom: an escape, a class or one character, maybe quantified.
    const end = c === '\\' ? i + 2 : c === '[' ? classEnd(source, i) : i + 1;
    const q = quantifierAt(source, end);
    if (q?.repeats) top.repeats = true;
    i = q ? q.end : end;
  }
  return null;
}
