/**
 * No two modules of the pages' UI (components/, lib/ui/) import each other, directly or round a longer
 * circle: static imports and `import()` alike, as a reader follows them.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../..');
const FOLDERS = ['components', 'lib/ui'];
const IMPORT = /(?:\bfrom\s*|\bimport\s*\(?\s*)['"](\.{1,2}\/[^'"]+)['"]/g;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}

function resolveSpec(from: string, spec: string): string | null {
  const base = resolve(dirname(from), spec);
  for (const path of [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts')]) {
    if (existsSync(path) && statSync(path).isFile() && /\.tsx?$/.test(path)) return path;
  }
  return null;
}

/** Each module's imports of modules in the same folders. */
function graph(): Map<string, string[]> {
  const files = FOLDERS.flatMap((f) => sources(join(ROOT, f)));
  const known = new Set(files);
  return new Map(
    files.map((file) => {
      const code = readFileSync(file, 'utf8');
      const targets = [...code.matchAll(IMPORT)]
        .map((m) => resolveSpec(file, m[1]!))
        .filter((p): p is string => p !== null && known.has(p));
      return [file, [...new Set(targets)]];
    }),
  );
}

/** Every circle found by a depth-first walk, each from its first module back to it. */
function circles(edges: Map<string, string[]>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string): void => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of edges.get(node) ?? []) {
      if (state.get(next) === 'open') found.push(stack.slice(stack.indexOf(next)).concat(next));
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of edges.keys()) if (!state.has(node)) visit(node);
  return found;
}

describe('import circles in the pages', () => {
  it('finds a circle when there is one (the walk itself)', () => {
    const edges = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
      ['d', ['a']],
    ]);
    expect(circles(edges)).toEqual([['a', 'b', 'c', 'a']]);
  });

  it('reads static and dynamic imports', () => {
    const edges = graph();
    const of = (path: string) => (edges.get(join(ROOT, path)) ?? []).map((p) => relative(ROOT, p));
    expect(of('components/popup/call-result.tsx')).toContain('components/popup/call-answer.tsx');
    expect(of('components/popup/call-answer.tsx')).toContain('components/popup/lazy-views.tsx');
  });

  it('has none in components/ and lib/ui/', () => {
    expect(circles(graph()).map((c) => c.map((p) => relative(ROOT, p)))).toEqual([]);
  });
});
