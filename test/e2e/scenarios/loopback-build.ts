/**
 * A copy of the Chromium build whose manifest already holds the loopback host: the permission prompt's
 * "Allow", which a headless Chromium cannot press (Firefox grants the request through a harness setting).
 * The copies a test file made are removed after it.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { buildDir } from '../../../scripts/builds';

const copies: string[] = [];
afterAll(() => {
  for (const dir of copies.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** The folder of a fresh copy of the Chromium build granted `http://127.0.0.1/*`. */
export function chromiumWithLoopback(): string {
  const root = mkdtempSync(join(tmpdir(), 'cme-e2e-loopback-'));
  copies.push(root);
  const dir = join(root, 'chrome-mv3');
  cpSync(buildDir('chromium'), dir, { recursive: true });
  const path = join(dir, 'manifest.json');
  const manifest = JSON.parse(readFileSync(path, 'utf8')) as { host_permissions: string[] };
  manifest.host_permissions.push('http://127.0.0.1/*');
  writeFileSync(path, JSON.stringify(manifest));
  return dir;
}
