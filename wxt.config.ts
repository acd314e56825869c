import { createRequire } from 'node:module';
import { defineConfig } from 'wxt';

/** WXT's own `wxt/browser` module (a file path: an alias to its own name would resolve to itself). */
const WXT_BROWSER = createRequire(import.meta.url).resolve('wxt/browser');

/** The two hosts CME's client API lives on; everything else is asked for at run time. */
const CME_HOSTS = ['https://open.cme.qcloud.com/*', 'https://web-paas-api.cme.qcloud.com/*'];

/** Any other origin (a sandbox, a company proxy, a dev server) is asked for at run time. */
const OPTIONAL_HOSTS = ['http://*/*', 'https://*/*'];

/** What the sources archive holds: every file `npm ci && npm run build` reads, and the README that says how. */
export const ZIP_SOURCES = [
  'package.json',
  'package-lock.json',
  'tsconfig.json',
  'wxt.config.ts',
  'README.md',
  'CHANGELOG.md',
  'entrypoints/**',
  'components/**',
  'lib/**',
  'public/**',
  'assets/**',
  'scripts/build-cli.mjs',
];

export const GECKO_ID = 'cme-devtools@cme-devtools.dev';

export default defineConfig({
  // Another output folder (CME_OUT_DIR) lets two builds run side by side; `.output` otherwise.
  outDir: process.env.CME_OUT_DIR ?? '.output',
  modules: ['@wxt-dev/webextension-polyfill'],
  // `npm run zip`: what the Chrome Web Store and addons.mozilla.org take, named after package.json's name and
  // version (WXT takes the manifest's version from package.json). The sources archive AMO asks for holds what
  // `npm ci && npm run build` needs and nothing else (no tests, benchmarks, node_modules or build output).
  zip: {
    artifactTemplate: '{{name}}-{{version}}-{{browser}}.zip',
    sourcesTemplate: '{{name}}-{{version}}-sources.zip',
    excludeSources: ['**/*'],
    includeSources: ZIP_SOURCES,
  },
  // CME_SOURCEMAP=1 adds source maps (to see what the bytes of a bundle are).
  vite: () => ({ build: { sourcemap: process.env.CME_SOURCEMAP === '1' } }),
  hooks: {
    // The background gets WXT's own `wxt/browser` (the browser's promise-based API: `chrome` in Chrome MV3,
    // `browser` in Firefox), not webextension-polyfill, which the module above puts behind it for the pages:
    // the worker uses nothing the polyfill adds (lib/protocol/transport.ts answers one-shot messages by
    // `sendResponse`), and the polyfill was 2.7 KB of its 22 KB gz (issue #20, bench size).
    'vite:build:extendConfig': (entrypoints, config) => {
      if (!entrypoints.some((e) => e.type === 'background')) return;
      const alias = { ...(config.resolve?.alias as Record<string, string>), 'wxt/browser': WXT_BROWSER };
      config.resolve = { ...config.resolve, alias };
    },
  },
  manifest: ({ browser }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    action: { default_title: '__MSG_extName__' },
    // scripting: the page agent is registered at run time, only for the sites the user opts in (and grants).
    permissions: ['storage', 'scripting'],
    host_permissions: CME_HOSTS,
    // MV3 (Chrome) names run-time hosts optional_host_permissions; MV2 (Firefox) optional_permissions.
    ...(browser === 'firefox'
      ? {
          optional_permissions: OPTIONAL_HOSTS,
          browser_specific_settings: {
            gecko: {
              id: GECKO_ID,
              strict_min_version: '142.0',
              data_collection_permissions: { required: ['none'] },
            },
          },
        }
      : { optional_host_permissions: OPTIONAL_HOSTS }),
  }),
});
