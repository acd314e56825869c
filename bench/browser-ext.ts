/**
 * What the browser benchmarks load: our build, the floor extension (read from /work/shared at bench
 * time), a generated baseline extension whose DevTools panel is an empty Preact page, and bundles of
 * bench code to evaluate inside extension pages.
 */
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'vite';
import type { Figure } from './figures';

/** Our Chrome build. */
export const OURS = resolve(process.env.CME_OUT_DIR ?? '.output', 'chrome-mv3');
/** The floor extension's folder (BENCH_FLOOR_DIR overrides). */
export const FLOOR = process.env.BENCH_FLOOR_DIR ?? '/work/shared/bench-floor';
/** Title of the baseline extension's panel. */
export const BASE_TITLE = 'Base';

/**
 * A private copy of our build (throws when there is none): Chromium reads an unpacked extension's files
 * as pages open, so a rebuild during a run would otherwise mix two builds. Remove it with `discard`.
 */
export function snapshotBuild(): string {
  if (!existsSync(join(OURS, 'manifest.json'))) throw new Error('no build: run npm run build first');
  const dir = mkdtempSync(join(tmpdir(), 'cme-bench-build-'));
  cpSync(OURS, dir, { recursive: true });
  return dir;
}

/** Removes a temporary extension folder. */
export function discard(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** The floor's folder, or why it cannot be used. */
export function floorDir(): { dir: string } | { missing: string } {
  return existsSync(join(FLOOR, 'manifest.json'))
    ? { dir: FLOOR }
    : { missing: `the floor extension is missing (${FLOOR}/manifest.json)` };
}

/** The row saying the floor was skipped, when it is missing; none when it is there. */
export function floorSkipped(bench: string, floor: ReturnType<typeof floorDir>): Figure[] {
  return 'missing' in floor
    ? [{ name: `${bench}: floor extension`, value: NaN, unit: '', detail: `skipped: ${floor.missing}` }]
    : [];
}

/** Bundles `entry` (a bench/ file) to one IIFE script that assigns its exports to `globalName`. */
export async function bundle(entry: string, globalName: string): Promise<string> {
  const out = await build({
    configFile: false,
    logLevel: 'silent',
    root: process.cwd(),
    define: { 'process.env.NODE_ENV': '"production"' },
    build: {
      write: false,
      minify: true,
      lib: { entry: resolve(entry), formats: ['iife'], name: globalName },
    },
  });
  const first = (Array.isArray(out) ? out[0] : out) as { output?: { type: string; code?: string }[] };
  const chunk = first.output?.find((o) => o.type === 'chunk');
  if (!chunk?.code) throw new Error(`bundling ${entry} gave no code`);
  return chunk.code;
}

/** Writes the baseline extension (panel `Base`: an empty Preact page) to a temporary folder. */
export async function baselineExtension(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'cme-bench-base-'));
  const manifest = {
    name: 'Bench Baseline',
    version: '1.0.0',
    manifest_version: 3,
    devtools_page: 'devtools.html',
  };
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
  writeFileSync(
    join(dir, 'devtools.html'),
    '<!doctype html><meta charset="utf-8"><script src="devtools.js"></script>',
  );
  writeFileSync(
    join(dir, 'devtools.js'),
    `chrome.devtools.panels.create(${JSON.stringify(BASE_TITLE)}, '', 'panel.html');`,
  );
  writeFileSync(
    join(dir, 'panel.html'),
    '<!doctype html><html><head><meta charset="utf-8"><title>Base</title></head>' +
      '<body><div id="app"></div><script src="panel.js"></script></body></html>',
  );
  writeFileSync(join(dir, 'panel.js'), await bundle('bench/browser-empty-page.ts', 'benchEmpty'));
  return dir;
}
