/**
 * size: gzipped JS each page loads at first paint (its script and static imports, transitively) and the
 * background, from the build; each page's detail adds what it loads once fully used (dynamic imports too).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { round, type BenchOptions, type Figure } from './figures';

const OUT = resolve(process.env.CME_OUT_DIR ?? '.output', 'chrome-mv3');

function scriptsOf(html: string): string[] {
  return [...html.matchAll(/<script[^>]*\ssrc="([^"]+)"/g)].map((m) => m[1]!);
}

const STATIC_IMPORT = /(?:import|export)\s*(?:[^'"]*?from\s*)?["']([^"']+\.js)["']/g;
// `import("./x.js")` as the bundler writes it (any quotes); the preload helper's list adds nothing new.
const DYNAMIC_IMPORT = /\bimport\(\s*["'`]([^"'`]+\.js)["'`]\s*\)/g;

/** Every JS file a module loads statically, itself included; with `dynamic`, also what it may import later. */
function closure(entry: string, seen = new Set<string>(), dynamic = false): Set<string> {
  if (seen.has(entry) || !existsSync(entry)) return seen;
  seen.add(entry);
  const code = readFileSync(entry, 'utf8');
  const specs = [...code.matchAll(STATIC_IMPORT)];
  if (dynamic) specs.push(...code.matchAll(DYNAMIC_IMPORT));
  for (const m of specs) {
    const spec = m[1]!;
    const path = spec.startsWith('/') ? join(OUT, spec) : resolve(dirname(entry), spec);
    closure(path, seen, dynamic);
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
    const entries = scriptsOf(readFileSync(join(OUT, html), 'utf8')).map((src) =>
      src.startsWith('/') ? join(OUT, src) : resolve(OUT, src),
    );
    const files = new Set<string>();
    const all = new Set<string>();
    for (const entry of entries) {
      closure(entry, files);
      closure(entry, all, true);
    }
    return {
      name: `size: ${name} JS (gzip)`,
      value: gzippedKb(files),
      unit: 'KB',
      budget,
      // The budget is the first paint's; everything the page may load once fully used, for honesty.
      detail: `${files.size} files; fully used ${gzippedKb(all)} KB in ${all.size} files`,
    };
  });
  figures.push({
    name: 'size: background JS (gzip)',
    value: gzippedKb(closure(join(OUT, 'background.js'))),
    unit: 'KB',
    // Issue #20's budget, 15 KB: a miss today, reported as one. It was raised to 24 for a while when the worker took on the page agent (its sites'
    // registrations, the wire checks of every agent message, the recorder's store and the fault rules) and
    // the replay of rule-captured calls (22.2 KB). Since then the worker runs without webextension-polyfill
    // (-2.7 KB), the pages check their own params and compile capture rules (lib/protocol/page-side.ts,
    // -2.6 KB) and agent messages are checked once, with the wire's checks (-0.4 KB): 16.6 KB. Then idb's
    // runtime gave way to the part the store uses (lib/store/idb-wrap.ts, -0.6 KB with the shortcuts gone),
    // the worker reads an answer's fields only (lib/cme/answer.ts, -0.3 KB), and one replay path, agent calls
    // converted once and a short base64Decode took 0.5 KB more: 15.3 KB. Local signing stays (its SecretKey
    // stays in the worker); the store (4 KB) stays.
    budget: 15,
  });
  figures.push({
    name: 'size: page agent JS (gzip)',
    value: gzippedKb([join(OUT, 'page-agent.js')]),
    unit: 'KB',
    budget: 4,
    detail: 'page-agent.js, the MAIN-world script of opted-in sites',
  });
  return figures;
}
