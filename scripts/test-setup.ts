// Runs before `npm test`: makes sure the real browsers the tests drive are on the machine and that the
// extension build the e2e scenarios load is current. On Debian as root it installs what is missing with
// apt-get, saying what and why; otherwise it stops before any test with one line naming the packages and
// the command.
//
//   tsx scripts/test-setup.ts          for `npm test`: the e2e browsers and a current build
//   tsx scripts/test-setup.ts --unit   for `npm run test:unit`: Chromium only (the sandbox demo test)
//
// CHROMIUM_PATH / FIREFOX_PATH name other binaries; E2E_BROWSERS=chromium runs one browser outside CI;
// CME_NO_INSTALL=1 never installs, only says what is missing.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { missingPackages, wantedBrowsers, type BrowserName } from '../test/setup/browsers';
import { ensureBuilds, extensionTarget, type BuildCaller } from './builds';

const TESTS: BuildCaller = { name: 'npm test', needs: 'the e2e scenarios' };

const root = resolve(import.meta.dirname, '..');
const unitOnly = process.argv.includes('--unit');

function stop(line: string): never {
  console.error(`npm test: ${line}`);
  process.exit(1);
}

let browsers: BrowserName[];
try {
  browsers = unitOnly ? ['chromium'] : wantedBrowsers();
} catch (error) {
  stop((error as Error).message);
}

const { packages, problems } = missingPackages(browsers);
if (problems.length > 0) stop(problems.join('; '));

if (packages.length > 0) {
  const names = packages.map((p) => p.name);
  const why = packages.map((p) => `${p.name} (${p.why})`).join(', ');
  const hasApt = existsSync('/usr/bin/apt-get');
  if (process.getuid?.() !== 0 || !hasApt || process.env.CME_NO_INSTALL === '1') {
    const command = hasApt ? `sudo apt-get install -y ${names.join(' ')}` : `install ${names.join(', ')}`;
    stop(
      `missing ${why}. Run: ${command} — or set CHROMIUM_PATH / FIREFOX_PATH to browsers you have` +
        ' (E2E_BROWSERS=chromium runs one).',
    );
  }
  console.log(`npm test: installing ${why} with apt-get (about a minute)…`);
  const aptEnv = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const update = spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env: aptEnv });
  if (update.status !== 0) stop('apt-get update failed (above); install the packages by hand and run again.');
  const install = spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...names], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: aptEnv,
  });
  if (install.status !== 0) stop(`apt-get install ${names.join(' ')} failed (above).`);
  const left = missingPackages(browsers).packages.map((p) => p.name);
  if (left.length > 0) stop(`still missing after apt-get: ${left.join(' ')}`);
  console.log(`npm test: installed ${names.join(' ')}.`);
}

if (!unitOnly) {
  // The e2e scenarios load each browser's build: a stale one is rebuilt, in CME_OUT_DIR too.
  const targets = browsers.map((b) => ({ ...extensionTarget(root, process.env, b), chosenDir: false }));
  const problem = ensureBuilds(targets, (line) => console.log(line), undefined, TESTS);
  if (problem !== null) stop(problem.replace(/^npm test: /, ''));
}
