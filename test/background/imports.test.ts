/**
 * The background's modules import one another without a circle, type imports included (the architecture
 * test reads run-time imports only; deps.ts → write-behind.ts → record.ts → deps.ts was one through types).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const DIR = resolve(import.meta.dirname, '../../lib/background');
const IMPORT = /^\s*(?:import|export)\s[^'"]*?from\s+['"]\.\/([^'"]+)['"]/gm;

/** Each module's sibling imports, type-only ones too. */
function siblingImports(): Map<string, string[]> {
  const files = readdirSync(DIR).filter((f) => f.endsWith('.ts'));
  return new Map(
    files.map((f) => [
      f.replace(/\.ts$/, ''),
      [...readFileSync(join(DIR, f), 'utf8').matchAll(IMPORT)].map((m) => m[1]!),
    ]),
  );
}

/** A circle through `graph` as the modules around it, or null. */
function findCircle(graph: Map<string, string[]>): string[] | null {
  const done = new Set<string>();
  const path: string[] = [];
  const visit = (node: string): string[] | null => {
    const at = path.indexOf(node);
    if (at >= 0) return [...path.slice(at), node];
    if (done.has(node)) return null;
    path.push(node);
    for (const next of graph.get(node) ?? []) {
      const circle = visit(next);
      if (circle) return circle;
    }
    path.pop();
    done.add(node);
    return null;
  };
  for (const node of graph.keys()) {
    const circle = visit(node);
    if (circle) return circle;
  }
  return null;
}

describe('lib/background imports', () => {
  it('read the modules and their sibling imports', () => {
    const graph = siblingImports();
    expect(graph.get('deps')).toContain('write-behind');
    expect(graph.get('record')).toEqual(expect.arrayContaining(['deps', 'timers']));
  });

  it('form no circle, type imports included', () => {
    expect(findCircle(siblingImports())).toBeNull();
  });

  it('would name a circle (the check itself)', () => {
    const graph = siblingImports();
    graph.set('timers', ['deps']);
    expect(findCircle(graph)).toEqual(expect.arrayContaining(['deps', 'timers']));
  });
});
