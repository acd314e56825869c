/** Entry of the e2e harness: which browsers run, and launching one with the built extension. */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { launchChromium } from './chromium';
import { launchFirefox } from './firefox';
import type { BrowserName, LaunchOptions, TestBrowser } from './types';

export type { BrowserName, LaunchOptions, TestBrowser, TestPage, TestPanel } from './types';

const BUILDS: Record<BrowserName, string> = {
  chromium: resolve('.output/chrome-mv3'),
  firefox: resolve('.output/firefox-mv2'),
};
const BINARIES: Record<BrowserName, string> = {
  chromium: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  firefox: process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr',
};

/**
 * The browsers every scenario runs in: both, always in CI. A developer may pick one outside CI with
 * E2E_BROWSERS=chromium. A missing browser or build fails loudly; it is never skipped.
 */
export function browsersUnderTest(): BrowserName[] {
  const wanted = (process.env.CI ? 'chromium,firefox' : (process.env.E2E_BROWSERS ?? 'chromium,firefox'))
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean) as BrowserName[];
  for (const name of wanted) {
    if (!(name in BINARIES)) throw new Error(`E2E_BROWSERS: unknown browser "${name}"`);
    if (!existsSync(BINARIES[name])) {
      throw new Error(`${name} is not installed at ${BINARIES[name]} (apt-get install chromium firefox-esr)`);
    }
    if (!existsSync(resolve(BUILDS[name], 'manifest.json'))) {
      throw new Error(`no extension build at ${BUILDS[name]}: run npm run build first`);
    }
  }
  return wanted;
}

/** Launch `name` with the built extension installed. */
export function launch(name: BrowserName, opts: LaunchOptions = {}): Promise<TestBrowser> {
  return name === 'chromium' ? launchChromium(BUILDS.chromium, opts) : launchFirefox(BUILDS.firefox, opts);
}
