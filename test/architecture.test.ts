/**
 * The module map holds: layers import only downwards, a page's code does not reach into another page's,
 * no import circles, thin entry points. Read from the source files' import lines; type-only imports count
 * too (erased at build time, but a circle of types is still one a reader has to untangle).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const SOURCE_DIRS = ['lib', 'components', 'entrypoints'];

/** Every .ts/.tsx file under `dirs`, relative to the root (iterative walk). */
function sourceFiles(dirs: string[]): string[] {
  const out: string[] = [];
  const stack = dirs.map((d) => join(ROOT, d));
  while (stack.length > 0) {
    const path = stack.pop() as string;
    if (statSync(path).isDirectory()) {
      for (const entry of readdirSync(path)) stack.push(join(path, entry));
    } else if (/\.tsx?$/.test(path)) {
      out.push(relative(ROOT, path));
    }
  }
  return out.sort();
}

const IMPORT = /^\s*(?:import|export)\s+(?:[^'"]*?\sfrom\s+)?['"]([^'"]+)['"]/gm;
const DYNAMIC = /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

/** What a file imports: resolved project files, and bare package names. */
function importsOf(file: string): { files: string[]; packages: string[] } {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const specs: string[] = [];
  for (const m of text.matchAll(IMPORT)) {
    specs.push(m[1] as string);
  }
  for (const m of text.matchAll(DYNAMIC)) specs.push(m[1] as string);
  const files: string[] = [];
  const packages: string[] = [];
  for (const spec of specs) {
    if (!spec.startsWith('.')) {
      packages.push(spec);
      continue;
    }
    const base = join(dirname(file), spec);
    const found = ['', '.ts', '.tsx', '/index.ts', '/index.tsx'].map((e) => base + e).find(isFile);
    if (found !== undefined && /\.tsx?$/.test(found)) files.push(found);
  }
  return { files, packages };
}

function isFile(path: string): boolean {
  try {
    return statSync(join(ROOT, path)).isFile();
  } catch {
    return false;
  }
}

const files = sourceFiles(SOURCE_DIRS);
const graph = new Map(files.map((f) => [f, importsOf(f)]));

/** The import circles of the graph, each as the files around it (Tarjan's components, iteratively). */
function circles(): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const found: string[][] = [];
  for (const start of files) {
    if (index.has(start)) continue;
    const work: { node: string; next: number }[] = [{ node: start, next: 0 }];
    index.set(start, counter);
    low.set(start, counter++);
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const top = work[work.length - 1] as { node: string; next: number };
      const deps = graph.get(top.node)?.files ?? [];
      if (top.next < deps.length) {
        const dep = deps[top.next++] as string;
        if (!graph.has(dep)) continue;
        if (!index.has(dep)) {
          index.set(dep, counter);
          low.set(dep, counter++);
          stack.push(dep);
          onStack.add(dep);
          work.push({ node: dep, next: 0 });
        } else if (onStack.has(dep)) {
          low.set(top.node, Math.min(low.get(top.node)!, index.get(dep)!));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node)!, low.get(top.node)!));
      if (low.get(top.node) === index.get(top.node)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop() as string;
          onStack.delete(member);
          component.push(member);
        } while (member !== top.node);
        const selfLoop = (graph.get(top.node)?.files ?? []).includes(top.node);
        if (component.length > 1 || selfLoop) found.push(component.sort());
      }
    }
  }
  return found;
}

/** The imports of files under `from` that reach a file under one of `to` (as `a -> b` lines). */
function reaching(from: string, to: string[]): string[] {
  const out: string[] = [];
  for (const [file, { files: deps }] of graph) {
    if (!file.startsWith(from)) continue;
    for (const dep of deps) if (to.some((t) => dep.startsWith(t))) out.push(`${file} -> ${dep}`);
  }
  return out;
}

describe('the module map', () => {
  it('reads the source tree', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(graph.get('lib/ui/panel/boot.ts')?.files.length).toBeGreaterThan(3);
  });

  it('has no import circles', () => {
    expect(circles()).toEqual([]);
  });

  it('finds a circle where there is one (the check itself)', () => {
    const saved = new Map(graph);
    // har.ts imports bytes.ts; a made-up import back closes a circle.
    expect(graph.get('lib/cme/har.ts')?.files).toContain('lib/cme/bytes.ts');
    graph.set('lib/cme/bytes.ts', { files: ['lib/cme/har.ts'], packages: [] });
    try {
      expect(circles().some((c) => c.includes('lib/cme/bytes.ts') && c.includes('lib/cme/har.ts'))).toBe(
        true,
      );
    } finally {
      graph.clear();
      for (const [k, v] of saved) graph.set(k, v);
    }
  });

  it('keeps lib/cme pure: no browser API, nothing of ours outside it', () => {
    expect(
      reaching('lib/cme/', ['lib/', 'components/', 'entrypoints/']).filter((l) => !/-> lib\/cme\//.test(l)),
    ).toEqual([]);
    const browserImports = [...graph]
      .filter(([f, { packages }]) => f.startsWith('lib/cme/') && packages.some((p) => /browser|^wxt/.test(p)))
      .map(([f]) => f);
    expect(browserImports).toEqual([]);
  });

  it('imports only downwards: lib never reaches components or entry points, components never entry points', () => {
    expect(reaching('lib/', ['components/', 'entrypoints/'])).toEqual([]);
    expect(reaching('components/', ['entrypoints/'])).toEqual([]);
    expect(reaching('lib/background/', ['lib/ui/', 'lib/capture/'])).toEqual([]);
    expect(reaching('lib/capture/', ['lib/ui/', 'lib/background/'])).toEqual([]);
    expect(reaching('lib/store/', ['lib/ui/', 'lib/capture/', 'lib/background/'])).toEqual([]);
    expect(reaching('lib/protocol/', ['lib/ui/', 'lib/capture/', 'lib/background/'])).toEqual([]);
  });

  it("keeps each page's code to itself: what two pages use lives in a shared place", () => {
    const pages = ['panel', 'popup', 'options'];
    for (const page of pages) {
      const others = pages.filter((p) => p !== page);
      expect(
        reaching(
          `lib/ui/${page}/`,
          others.map((o) => `lib/ui/${o}/`),
        ),
      ).toEqual([]);
      expect(
        reaching(
          `components/${page}/`,
          others.map((o) => `components/${o}/`),
        ),
      ).toEqual([]);
      expect(
        reaching(
          `entrypoints/${page === 'panel' ? 'devtools-panel' : page}/`,
          others.map((o) => `components/${o}/`),
        ),
      ).toEqual([]);
    }
    expect(
      reaching(
        'lib/ui/shared/',
        pages.map((p) => `lib/ui/${p}/`),
      ),
    ).toEqual([]);
  });

  it('keeps entry points to wiring: a few lines each', () => {
    const long = files
      .filter((f) => f.startsWith('entrypoints/'))
      .map((f) => [f, readFileSync(join(ROOT, f), 'utf8').split('\n').length] as const)
      .filter(([, lines]) => lines > 30);
    expect(long).toEqual([]);
  });
});
