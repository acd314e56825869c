import { describe, expect, it } from 'vitest';
import { browserPath, missingPackages, wantedBrowsers, type MachineProbe } from '../setup/browsers';

/** A machine with these files and these Debian packages installed (null: not Debian). */
function machine(files: string[], packages: string[] | null): MachineProbe {
  return {
    exists: (path) => files.includes(path),
    debianPackage: (name) => (packages === null ? null : packages.includes(name)),
  };
}

const names = (r: ReturnType<typeof missingPackages>) => r.packages.map((p) => p.name);

describe('which browsers the tests run in', () => {
  it('runs both by default and always both in CI', () => {
    expect(wantedBrowsers({})).toEqual(['chromium', 'firefox']);
    expect(wantedBrowsers({ E2E_BROWSERS: 'chromium' })).toEqual(['chromium']);
    expect(wantedBrowsers({ CI: 'true', E2E_BROWSERS: 'chromium' })).toEqual(['chromium', 'firefox']);
    expect(wantedBrowsers({ E2E_BROWSERS: ' firefox , ' })).toEqual(['firefox']);
  });

  it('names an unknown browser', () => {
    expect(() => wantedBrowsers({ E2E_BROWSERS: 'chromium,safari' })).toThrow(/unknown browser "safari"/);
  });

  it("uses CHROMIUM_PATH / FIREFOX_PATH, else Debian's binaries", () => {
    expect(browserPath('chromium', {})).toBe('/usr/bin/chromium');
    expect(browserPath('firefox', {})).toBe('/usr/bin/firefox-esr');
    expect(browserPath('chromium', { CHROMIUM_PATH: '/opt/google/chrome/chrome' })).toBe(
      '/opt/google/chrome/chrome',
    );
    expect(browserPath('firefox', { FIREFOX_PATH: '' })).toBe('/usr/bin/firefox-esr');
  });
});

describe('what a machine is missing', () => {
  it('asks a fresh Debian machine for both browsers, the Chinese language pack and CJK fonts', () => {
    const r = missingPackages(['chromium', 'firefox'], {}, machine([], []));
    expect(names(r)).toEqual(['chromium', 'firefox-esr', 'firefox-esr-l10n-zh-cn', 'fonts-noto-cjk']);
    expect(r.problems).toEqual([]);
    for (const p of r.packages) expect(p.why).not.toBe('');
  });

  it('asks nothing of a machine that has everything', () => {
    const all = machine(
      ['/usr/bin/chromium', '/usr/bin/firefox-esr'],
      ['chromium', 'firefox-esr', 'firefox-esr-l10n-zh-cn', 'fonts-noto-cjk'],
    );
    expect(missingPackages(['chromium', 'firefox'], {}, all)).toEqual({ packages: [], problems: [] });
  });

  it('asks only for what the chosen browsers need', () => {
    expect(names(missingPackages(['chromium'], {}, machine([], [])))).toEqual(['chromium', 'fonts-noto-cjk']);
    const noLangpack = machine(['/usr/bin/chromium', '/usr/bin/firefox-esr'], ['fonts-noto-cjk']);
    expect(names(missingPackages(['firefox'], {}, noLangpack))).toEqual(['firefox-esr-l10n-zh-cn']);
  });

  it('takes a named binary as it is, and says when it points nowhere', () => {
    const env = { CHROMIUM_PATH: '/opt/chrome', FIREFOX_PATH: '/opt/firefox' };
    const r = missingPackages(['chromium', 'firefox'], env, machine(['/opt/chrome'], ['fonts-noto-cjk']));
    expect(names(r)).toEqual([]);
    expect(r.problems).toEqual(['FIREFOX_PATH=/opt/firefox: no such file']);
  });

  it('asks no packages of a machine without dpkg, only for the binaries', () => {
    const r = missingPackages(['chromium', 'firefox'], {}, machine(['/usr/bin/chromium'], null));
    expect(names(r)).toEqual(['firefox-esr']);
  });
});
