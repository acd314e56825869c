#!/usr/bin/env node
// `npm start`: build the extension, start the sandbox, and open Chromium with the extension loaded on the
// sandbox's demo page with DevTools open. Without a display it prints how to load the extension by hand.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { register } from 'tsx/esm/api';

register();
const root = resolve(import.meta.dirname, '..');
const port = Number(process.env.PORT ?? 8787);
const { browserPath } = await import('../test/setup/browsers.ts');
const chromiumPath = browserPath('chromium');

console.log('Building the extension (Chrome MV3 and Firefox MV2)…');
const build = spawnSync('npm', ['run', 'build', '--silent'], {
  cwd: root,
  stdio: ['ignore', 'ignore', 'inherit'],
});
if (build.status !== 0) {
  console.error('The build failed; see the errors above.');
  process.exit(1);
}

const { startSandbox } = await import('../lib/node/sandbox/main.ts');
let sandbox;
try {
  sandbox = await startSandbox({ port, host: '127.0.0.1' });
} catch (error) {
  console.error(`The sandbox could not start on port ${port}: ${error.message}. Try PORT=8788 npm start.`);
  process.exit(1);
}
const demo = `${sandbox.url}/demo`;
const extension = resolve(root, '.output/chrome-mv3');
console.log(`\nSandbox:        ${sandbox.url}  (demo page ${demo})`);
console.log(`Extension:      ${extension}  (Firefox: ${resolve(root, '.output/firefox-mv2')})`);

let browser;
if (process.env.DISPLAY && existsSync(chromiumPath)) {
  // The e2e harness's Chromium adapter, in a real window: it loads the extension and shows our panel in a
  // DevTools window wide enough for the call list (DevTools would open on Elements, with our tab behind »).
  const { launchChromium } = await import('../test/e2e/harness/chromium.ts');
  const profileDir = resolve(root, '.cme-devtools-profile');
  mkdirSync(profileDir, { recursive: true });
  const locale = /^zh/i.test(process.env.LANG ?? '') ? 'zh-CN' : 'en';
  try {
    browser = await launchChromium(extension, { headed: true, devtools: true, profileDir, locale });
    const page = await browser.openPage(demo);
    await browser.openPanel(page);
    // The demo ran on load, before DevTools was attached: run it again where the panel sees it.
    await page.reload();
    console.log('\nChromium is open on the demo page, with DevTools on the "CME" panel listing its calls.');
    console.log(`Popup login (dev server): ${sandbox.url}/dev/signature?userId={userId}`);
    browser.onClose(() => void sandbox.close().then(() => process.exit(0)));
  } catch (error) {
    console.error(
      `Chromium could not show the panel (${error.message}); open DevTools (F12) and pick "CME".`,
    );
  }
} else {
  const why = process.env.DISPLAY
    ? `No Chromium at ${chromiumPath} (apt-get install chromium, or CHROMIUM_PATH=your Chrome)`
    : 'No display here (DISPLAY is not set)';
  console.log(`
${why}, so no browser window was opened. To try it by hand:
  1. Chrome/Chromium: open chrome://extensions, turn on Developer mode, "Load unpacked" → ${extension}
     Firefox: open about:debugging#/runtime/this-firefox, "Load Temporary Add-on…" → .output/firefox-mv2/manifest.json
  2. Open ${demo}, open DevTools (F12) and select the "CME" panel; press "Run again" on the page.
  3. Toolbar popup: log in with the dev-server URL ${sandbox.url}/dev/signature?userId={userId}.`);
}
console.log('\nPress Ctrl+C to stop.');
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, async () => {
    // Closed before exiting, so the profile is not left "crashed" (Chromium offers to restore pages).
    await browser?.close().catch(() => {});
    await sandbox.close();
    process.exit(0);
  });
}
