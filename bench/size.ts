/** size: gzipped JS each page loads (following its static imports) and the background, from the build. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { round, type BenchOptions, type Figure } from './figures';

const OUT = resolve('.output/chrome-mv3');

function scriptsOf(html: string): string[] {
  return [...html.matchAll(/<script[^>]*\ssrc="([^"]+)"/g)].map((m) => m[1]!);
}

/** Every JS file a module loads statically, itself included. */
function closure(entry: string, seen = new Set<string>()): Set<string> {
  if (seen.has(entry) || !existsSync(entry)) return seen;
  seen.add(entry);
  const code = readFileSync(entry, 'utf8');
  for (const m of code.matchAll(/(?:import|export)\s*(?:[^'"]*?from\s*)?["']([^"']+\.js)["']/g)) {
    const spec = m[1]!;
    const path = spec.startsWith('/') ? join(OUT, spec) : resolve(dirname(entry), spec);
    closure(path, seen);
  }
  return seen;
}

function gzippedKb(files: Iterable<string>): number {
  let bytes = 0;
  for (const f of files) bytes += gzipSync(readFileSync(f), { level: 9 }).length;
  return round(bytes / 1024, 1);
}

/** Run the size benchmark (needs `npm run build`). */
export function benchSize(_opts: BenchOptions): Figure[] {
  if (!existsSync(join(OUT, 'manifest.json'))) throw new Error('no build: run npm run build first');
  const pages: [string, string, number][] = [
    ['panel', 'devtools-panel.html', 40],
    ['popup', 'popup.html', 30],
    ['options', 'options.html', 30],
  ];
  const figures: Figure[] = pages.map(([name, html, budget]) => {
    const files = new Set<string>();
    for (const src of scriptsOf(readFileSync(join(OUT, html), 'utf8'))) {
      closure(src.startsWith('/') ? join(OUT, src) : resolve(OUT, src), files);
    }
    return {
      name: `size: ${name} JS (gzip)`,
      value: gzippedKb(files),
      unit: 'KB',
      budget,
      detail: `${files.size} files`,
    };
  });
  figures.push({
    name: 'size: background JS (gzip)',
    value: gzippedKb(closure(join(OUT, 'background.js'))),
    unit: 'KB',
    budget: 15,
  });
  return figures;
}
