/**
 * The release rules `npm run zip` relies on, checked without a build: the version is package.json's
 * (WXT writes it into the manifest when the config sets none), the archives are named after it, the
 * sources archive holds what the build runs, and CHANGELOG.md says what the version brought.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import config, { ZIP_SOURCES } from '../../wxt.config';

const ROOT = join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  version: string;
  scripts: Record<string, string>;
};

type ManifestFn = (env: {
  browser: string;
  manifestVersion: 2 | 3;
  mode: string;
  command: string;
}) => Record<string, unknown>;

describe('version', () => {
  it.each([
    ['chrome', 3],
    ['firefox', 2],
  ] as const)('the %s manifest sets no version of its own, so WXT takes package.json’s', (browser, mv) => {
    const manifest = (config.manifest as ManifestFn)({
      browser,
      manifestVersion: mv,
      mode: 'production',
      command: 'build',
    });
    expect(manifest.name).toBe('__MSG_extName__');
    expect(manifest).not.toHaveProperty('version');
    expect(manifest).not.toHaveProperty('version_name');
  });

  it('is one a browser takes as it is (1 to 4 numbers), so the manifest’s equals package.json’s', () => {
    expect(pkg.version).toMatch(/^(0|[1-9]\d{0,8})(\.(0|[1-9]\d{0,8})){0,3}$/);
  });

  it('has a CHANGELOG.md section, as does the work not yet released', () => {
    const changelog = readFileSync(join(ROOT, 'CHANGELOG.md'), 'utf8');
    const sections = [...changelog.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
    expect(sections).toContain(pkg.version);
    expect(sections[0]).toMatch(/^(Unreleased|\d)/);
  });
});

describe('npm run zip', () => {
  it('zips both browsers, each archive named after the version', () => {
    expect(pkg.scripts.zip).toBe('wxt zip && wxt zip -b firefox');
    expect(config.zip?.artifactTemplate).toBe('{{name}}-{{version}}-{{browser}}.zip');
    expect(config.zip?.sourcesTemplate).toBe('{{name}}-{{version}}-sources.zip');
  });

  it('puts in the sources archive what `npm ci && npm run build` reads, and no tests or benchmarks', () => {
    expect(config.zip?.excludeSources).toEqual(['**/*']);
    expect(config.zip?.includeSources).toBe(ZIP_SOURCES);
    for (const file of ['package.json', 'package-lock.json', 'tsconfig.json', 'wxt.config.ts', 'README.md'])
      expect(ZIP_SOURCES).toContain(file);
    // Every script file the build runs.
    const ran = [...pkg.scripts.build!.matchAll(/\bnode (\S+)/g)].map((m) => m[1]);
    expect(ran.length).toBeGreaterThan(0);
    for (const file of ran) expect(ZIP_SOURCES).toContain(file);
    for (const dir of ['entrypoints', 'components', 'lib', 'public', 'assets'])
      expect(ZIP_SOURCES).toContain(`${dir}/**`);
    expect(ZIP_SOURCES.filter((p) => /^(test|bench|node_modules|\.output)\b/.test(p))).toEqual([]);
  });
});
