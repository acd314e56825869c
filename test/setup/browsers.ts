/**
 * The real browsers the tests drive, and what a machine needs before `npm test` can run them: which
 * browsers are wanted (E2E_BROWSERS, CI), where their binaries are (CHROMIUM_PATH / FIREFOX_PATH, else
 * Debian's) and which Debian packages are missing (the builds they load: scripts/builds.ts). Pure over an
 * injected probe of the machine, so the decisions are unit-tested; used by
 * scripts/test-setup.ts, the e2e harness, the benchmarks and `npm start`.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export type BrowserName = 'chromium' | 'firefox';

const DEFAULT_PATHS: Record<BrowserName, string> = {
  chromium: '/usr/bin/chromium',
  firefox: '/usr/bin/firefox-esr',
};
const ENV_NAMES: Record<BrowserName, string> = { chromium: 'CHROMIUM_PATH', firefox: 'FIREFOX_PATH' };

type Env = Record<string, string | undefined>;

/** The binary of `name`: `CHROMIUM_PATH` / `FIREFOX_PATH`, else Debian's. */
export function browserPath(name: BrowserName, env: Env = process.env): string {
  const own = env[ENV_NAMES[name]];
  return own !== undefined && own !== '' ? own : DEFAULT_PATHS[name];
}

/**
 * The browsers every e2e scenario runs in: both, always in CI; outside CI, E2E_BROWSERS may pick one
 * (`E2E_BROWSERS=chromium`). Throws on a name it does not know.
 */
export function wantedBrowsers(env: Env = process.env): BrowserName[] {
  const list = env.CI ? 'chromium,firefox' : (env.E2E_BROWSERS ?? 'chromium,firefox');
  const names = list
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const name of names) {
    if (!(name in DEFAULT_PATHS))
      throw new Error(`E2E_BROWSERS: unknown browser "${name}" (chromium, firefox)`);
  }
  return names as BrowserName[];
}

/** What the set-up asks of the machine (the real one by default, a fake in tests). */
export interface MachineProbe {
  exists(path: string): boolean;
  /** Whether Debian's package is installed; null where there is no dpkg (not Debian). */
  debianPackage(name: string): boolean | null;
}

/** A Debian package to install, and why the tests need it. */
export interface NeededPackage {
  name: string;
  why: string;
}

/**
 * The Debian packages `browsers` need that are missing, and the problems no package can fix (a
 * CHROMIUM_PATH that points nowhere). Debian's browsers are only asked for where no other binary was named;
 * the Chinese language pack only for Debian's Firefox (Firefox's UI language follows its language packs);
 * CJK fonts whenever Chromium runs, so Chinese screenshots show glyphs instead of boxes. Packages are
 * only asked for on Debian (where dpkg answers).
 */
export function missingPackages(
  browsers: readonly BrowserName[],
  env: Env = process.env,
  probe: MachineProbe = realMachine,
): { packages: NeededPackage[]; problems: string[] } {
  const packages: NeededPackage[] = [];
  const problems: string[] = [];
  for (const name of browsers) {
    const path = browserPath(name, env);
    const own = path !== DEFAULT_PATHS[name];
    if (own) {
      if (!probe.exists(path)) problems.push(`${ENV_NAMES[name]}=${path}: no such file`);
      continue;
    }
    const pkg = name === 'chromium' ? 'chromium' : 'firefox-esr';
    if (!probe.exists(path)) {
      packages.push({
        name: pkg,
        why: `the ${name === 'chromium' ? 'Chromium' : 'Firefox'} the e2e tests drive`,
      });
    }
    if (name === 'firefox' && probe.debianPackage('firefox-esr-l10n-zh-cn') === false) {
      packages.push({ name: 'firefox-esr-l10n-zh-cn', why: "Firefox's Chinese UI, for the zh_CN scenarios" });
    }
  }
  if (browsers.includes('chromium') && probe.debianPackage('fonts-noto-cjk') === false) {
    packages.push({ name: 'fonts-noto-cjk', why: 'Chinese glyphs in the screenshots' });
  }
  return { packages, problems };
}

/** The machine this runs on. */
export const realMachine: MachineProbe = {
  exists: (path) => existsSync(path),
  debianPackage(name) {
    if (!existsSync('/usr/bin/dpkg-query')) return null;
    try {
      const status = execFileSync('dpkg-query', ['-W', '-f=${Status}', name], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      return status.includes('install ok installed');
    } catch {
      return false;
    }
  },
};
