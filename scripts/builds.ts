/**
 * The builds that `npm test`, `npm run bench` and `npm run screenshots` read, checked before they run: the
 * extension for Chrome (`.output/chrome-mv3`, or `$CME_OUT_DIR/chrome-mv3`) and Firefox (`firefox-mv2`), and
 * the CLI bundle (`.output/cli/cli.mjs`). A missing build is made first, and so is one older than its sources
 * (one line says which and why). For the benchmarks, a build in `CME_OUT_DIR` that is older than the sources
 * is measured as it is, with a line saying so: that variable exists to compare a build of other sources side
 * by side.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

/** A build the benchmarks read, what it is made from, and the npm script that makes it. */
export interface BuildTarget {
  /** What the message calls it. */
  label: string;
  /** The file a build writes last-ish and always (its mtime is the build's time). */
  marker: string;
  /** Files and folders the build is made from. */
  sources: string[];
  /** `npm run <script>` makes it (the environment, CME_OUT_DIR included, is passed on). */
  script: string;
  /** Built into a folder the user chose for a side-by-side comparison: never rebuilt when merely older. */
  chosenDir: boolean;
}

/**
 * Newest modification time under a file or folder (0 when absent); node_modules and dot folders skipped.
 * Walks with a stack, not recursion.
 */
export function newestMtime(path: string): number {
  let newest = 0;
  const stack = [path];
  while (stack.length > 0) {
    const next = stack.pop() as string;
    if (!existsSync(next)) continue;
    const stat = statSync(next);
    if (!stat.isDirectory()) {
      newest = Math.max(newest, stat.mtimeMs);
      continue;
    }
    for (const entry of readdirSync(next, { withFileTypes: true })) {
      if (entry.name !== 'node_modules' && !entry.name.startsWith('.')) stack.push(join(next, entry.name));
    }
  }
  return newest;
}

/** Whether a build is there and at least as new as every source. */
export function buildState(target: BuildTarget): 'missing' | 'stale' | 'fresh' {
  if (!existsSync(target.marker)) return 'missing';
  const built = statSync(target.marker).mtimeMs;
  return target.sources.some((s) => newestMtime(s) > built) ? 'stale' : 'fresh';
}

/** Who checks the builds, for its lines: `bench`, `npm test`… and what needs them. */
export interface BuildCaller {
  name: string;
  needs: string;
}
export const BENCH: BuildCaller = { name: 'bench', needs: 'the benchmarks' };

/** What to do about a build: make it (with the line that says why), only say something, or nothing. */
export function plan(
  target: BuildTarget,
  root = process.cwd(),
  caller: BuildCaller = BENCH,
): { build: boolean; line: string | null } {
  const inside = relative(root, target.marker);
  const where = inside === '' || inside.startsWith('..') ? target.marker : inside;
  const state = buildState(target);
  const how = `npm run ${target.script}`;
  if (state === 'missing') {
    return {
      build: true,
      line: `${caller.name}: no ${target.label} (${where} is missing): building it first (${how})`,
    };
  }
  if (state === 'fresh') return { build: false, line: null };
  if (target.chosenDir) {
    return {
      build: false,
      line: `${caller.name}: the ${target.label} in CME_OUT_DIR is older than the sources; benchmarking it as it is (${how} rebuilds it)`,
    };
  }
  return {
    build: true,
    line: `${caller.name}: the ${target.label} is older than the sources: rebuilding it first (${how})`,
  };
}

/** Where a browser's extension build is: `.output/chrome-mv3` or `firefox-mv2`, or under `CME_OUT_DIR`. */
export function buildDir(browser: 'chromium' | 'firefox', root = process.cwd(), env = process.env): string {
  return resolve(root, env.CME_OUT_DIR ?? '.output', browser === 'chromium' ? 'chrome-mv3' : 'firefox-mv2');
}

/** A browser's extension build (Chrome's by default, which the browser benchmarks load). */
export function extensionTarget(
  root = process.cwd(),
  env = process.env,
  browser: 'chromium' | 'firefox' = 'chromium',
): BuildTarget {
  return {
    label: `${browser === 'chromium' ? 'Chrome' : 'Firefox'} extension build`,
    marker: join(buildDir(browser, root, env), 'manifest.json'),
    sources: ['entrypoints', 'components', 'lib', 'public', 'assets', 'wxt.config.ts', 'package.json'].map(
      (p) => resolve(root, p),
    ),
    script: browser === 'chromium' ? 'build:chrome' : 'build:firefox',
    chosenDir: env.CME_OUT_DIR !== undefined,
  };
}

/** The CLI bundle the CLI benchmark runs (always in .output/cli; the bin runs the sources while it is stale). */
export function cliTarget(root = process.cwd()): BuildTarget {
  return {
    label: 'CLI bundle',
    marker: resolve(root, '.output', 'cli', 'cli.mjs'),
    sources: ['lib', 'package.json'].map((p) => resolve(root, p)),
    script: 'build:cli',
    chosenDir: false,
  };
}

/**
 * Makes the builds `targets` need, printing one line for each decision. Returns null when all is ready, or
 * one line saying which build failed (the caller exits with it, without a stack trace).
 */
export function ensureBuilds(
  targets: BuildTarget[],
  log: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
  run: (script: string) => number = quietly,
  caller: BuildCaller = BENCH,
): string | null {
  for (const target of targets) {
    const { build, line } = plan(target, process.cwd(), caller);
    if (line !== null) log(line);
    if (!build) continue;
    const code = run(target.script);
    if (code !== 0 || !existsSync(target.marker)) {
      return `${caller.name}: npm run ${target.script} failed (exit ${code}); ${caller.needs} need the ${target.label}`;
    }
  }
  return null;
}

/** Runs `npm run <script>`, showing its output only when it fails (the caller's line said what it does). */
function quietly(script: string): number {
  const done = spawnSync('npm', ['run', '--silent', script], { env: process.env, encoding: 'utf8' });
  if (done.status !== 0) process.stderr.write(`${done.stdout ?? ''}${done.stderr ?? ''}`);
  return done.status ?? 1;
}
