/** bin/cme-devtools.mjs runs the built bundle only while it is newer than every source under lib/. */
import { execFile } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'cme-bin-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function layout() {
  mkdirSync(join(dir, 'bin'));
  mkdirSync(join(dir, 'lib', 'node'), { recursive: true });
  mkdirSync(join(dir, '.output', 'cli'), { recursive: true });
  copyFileSync(join(ROOT, 'bin', 'cme-devtools.mjs'), join(dir, 'bin', 'cme-devtools.mjs'));
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }');
  const main = (said: string) =>
    `export async function main(argv, io) { io.stdout.write(${JSON.stringify(said)} + ' ' + argv.join(' ')); return 0; }\n`;
  writeFileSync(join(dir, 'lib', 'node', 'cli.ts'), main('sources'));
  writeFileSync(join(dir, '.output', 'cli', 'cli.mjs'), main('bundle'));
}

const runBin = async () =>
  (await promisify(execFile)(process.execPath, [join(dir, 'bin', 'cme-devtools.mjs'), 'inspect', 'x.har']))
    .stdout;

describe('cme-devtools bin', () => {
  it('runs the bundle when it is fresh, the sources when one of them is newer', async () => {
    layout();
    const past = new Date(Date.now() - 60_000);
    utimesSync(join(dir, 'package.json'), past, past);
    utimesSync(join(dir, 'lib', 'node', 'cli.ts'), past, past);
    expect(await runBin()).toBe('bundle inspect x.har');
    const later = new Date(Date.now() + 60_000);
    utimesSync(join(dir, 'lib', 'node', 'cli.ts'), later, later);
    expect(await runBin()).toBe('sources inspect x.har');
    utimesSync(join(dir, 'lib', 'node', 'cli.ts'), past, past);
    expect(await runBin()).toBe('bundle inspect x.har');
    // The bundle carries package.json's version: a newer package.json makes it stale.
    utimesSync(join(dir, 'package.json'), later, later);
    expect(await runBin()).toBe('sources inspect x.har');
    rmSync(join(dir, '.output', 'cli', 'cli.mjs'));
    expect(await runBin()).toBe('sources inspect x.har');
  });
});
