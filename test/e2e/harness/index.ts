/** Entry of the e2e harness: which browsers run, and launching one with the built extension. */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildDir } from '../../../scripts/builds';
import { browserPath, wantedBrowsers } from '../../setup/browsers';
import { launchChromium } from './chromium';
import { launchFirefox } from './firefox';
import type { BrowserName, LaunchOptions, TestBrowser } from './types';

export type {
  BrowserName,
  LaunchOptions,
  PageScreenshotOptions,
  ScreenshotOptions,
  TestBrowser,
  TestPage,
  TestPanel,
} from './types';

const BUILDS: Record<BrowserName, string> = {
  chromium: buildDir('chromium'),
  firefox: buildDir('firefox'),
};

/**
 * The browsers every scenario runs in: both, always in CI. A developer may pick one outside CI with
 * E2E_BROWSERS=chromium. A missing browser or build fails loudly; it is never skipped (`npm test` installs
 * the browsers and builds first: scripts/test-setup.ts).
 */
export function browsersUnderTest(): BrowserName[] {
  const wanted = wantedBrowsers();
  for (const name of wanted) {
    if (!existsSync(browserPath(name))) {
      throw new Error(
        `${name} is not installed at ${browserPath(name)}: run the tests with npm test, which installs it`,
      );
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
