/** scripts/builds.ts: `npm run bench` (and npm test, npm run screenshots) makes a missing or stale build first, and says so in one line. */
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  buildDir,
  buildState,
  cliTarget,
  ensureBuilds,
  extensionTarget,
  plan,
  type BuildTarget,
} from '../../scripts/builds';

const root = mkdtempSync(join(tmpdir(), 'cme-bench-build-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const at = (path: string, seconds: number) => utimesSync(path, seconds, seconds);

/** A tree with one source file (time 1000) and, optionally, a build marker at `builtAt`. */
function tree(name: string, builtAt: number | null, chosenDir = false): BuildTarget {
  const dir = join(root, name);
  mkdirSync(join(dir, 'lib', 'deep'), { recursive: true });
  writeFileSync(join(dir, 'lib', 'deep', 'a.ts'), '');
  at(join(dir, 'lib', 'deep', 'a.ts'), 1000);
  const marker = join(dir, 'out', 'manifest.json');
  if (builtAt !== null) {
    mkdirSync(join(dir, 'out'), { recursive: true });
    writeFileSync(marker, '{}');
    at(marker, builtAt);
  }
  return { label: 'test build', marker, sources: [join(dir, 'lib')], script: 'build:test', chosenDir };
}

describe('buildState and plan', () => {
  it('builds a missing build first, saying so', () => {
    const t = tree('missing', null);
    expect(buildState(t)).toBe('missing');
    const p = plan(t, join(root, 'missing'));
    expect(p.build).toBe(true);
    expect(p.line).toBe(
      'bench: no test build (out/manifest.json is missing): building it first (npm run build:test)',
    );
  });

  it('names a build outside the tree by its full path', () => {
    const t = tree('outside', null);
    expect(plan(t, join(root, 'elsewhere')).line).toContain(`(${t.marker} is missing)`);
  });

  it('rebuilds a build older than a source (found deep in a folder)', () => {
    const t = tree('stale', 999);
    expect(buildState(t)).toBe('stale');
    expect(plan(t)).toEqual({
      build: true,
      line: 'bench: the test build is older than the sources: rebuilding it first (npm run build:test)',
    });
  });

  it('leaves a fresh build alone, silently', () => {
    expect(plan(tree('fresh', 1000))).toEqual({ build: false, line: null });
  });

  it('benchmarks an older build in CME_OUT_DIR as it is, saying so', () => {
    const p = plan(tree('chosen', 999, true));
    expect(p.build).toBe(false);
    expect(p.line).toMatch(
      /^bench: the test build in CME_OUT_DIR is older than the sources; benchmarking it as it is/,
    );
  });

  it("reads each browser's build, and CME_OUT_DIR for it (npm test and the harness read the same)", () => {
    expect(extensionTarget('/r', {}, 'firefox')).toMatchObject({
      marker: '/r/.output/firefox-mv2/manifest.json',
      script: 'build:firefox',
      label: 'Firefox extension build',
    });
    expect(buildDir('firefox', '/r', { CME_OUT_DIR: 'side' })).toBe('/r/side/firefox-mv2');
    expect(buildDir('chromium', '/r', {})).toBe('/r/.output/chrome-mv3');
  });

  it('speaks for its caller', () => {
    const tests = { name: 'npm test', needs: 'the e2e scenarios' };
    expect(plan(tree('caller', null), join(root, 'caller'), tests).line).toMatch(/^npm test: no test build/);
    expect(
      ensureBuilds(
        [tree('caller-fails', null)],
        () => {},
        () => 1,
        tests,
      ),
    ).toBe('npm test: npm run build:test failed (exit 1); the e2e scenarios need the test build');
  });

  it('reads CME_OUT_DIR for the extension build, .output otherwise; the CLI bundle is always in .output', () => {
    expect(extensionTarget('/r', {}).marker).toBe('/r/.output/chrome-mv3/manifest.json');
    expect(extensionTarget('/r', {}).chosenDir).toBe(false);
    const chosen = extensionTarget('/r', { CME_OUT_DIR: '/tmp/side' });
    expect(chosen).toMatchObject({ marker: '/tmp/side/chrome-mv3/manifest.json', chosenDir: true });
    expect(cliTarget('/r').marker).toBe('/r/.output/cli/cli.mjs');
    expect(extensionTarget('/r', {}).sources).toContain('/r/wxt.config.ts');
  });
});

describe('ensureBuilds', () => {
  it('runs the build script of a missing build and goes on when it made the build', () => {
    const t = tree('made', null);
    const lines: string[] = [];
    const ran: string[] = [];
    const problem = ensureBuilds(
      [t],
      (l) => lines.push(l),
      (script) => {
        ran.push(script);
        mkdirSync(join(root, 'made', 'out'), { recursive: true });
        writeFileSync(t.marker, '{}');
        return 0;
      },
    );
    expect(problem).toBeNull();
    expect(ran).toEqual(['build:test']);
    expect(lines).toHaveLength(1);
  });

  it('returns one line when the build fails or makes nothing', () => {
    const failing = ensureBuilds(
      [tree('fails', null)],
      () => {},
      () => 2,
    );
    expect(failing).toBe('bench: npm run build:test failed (exit 2); the benchmarks need the test build');
    expect(
      ensureBuilds(
        [tree('nothing', null)],
        () => {},
        () => 0,
      ),
    ).toMatch(/failed \(exit 0\)/);
  });

  it('runs nothing for a fresh build', () => {
    const ran: string[] = [];
    expect(
      ensureBuilds(
        [tree('fresh2', 2000)],
        () => {},
        (s) => (ran.push(s), 0),
      ),
    ).toBeNull();
    expect(ran).toEqual([]);
  });
});
