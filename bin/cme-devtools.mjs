#!/usr/bin/env node
// Entry point of the `cme-devtools` CLI. Runs the bundle `npm run build` writes (.output/cli/cli.mjs)
// when it is newer than every source under lib/ and package.json; otherwise loads the TypeScript sources through tsx,
// so a fresh clone or an edited source never runs stale code.
import { readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const bundle = new URL('../.output/cli/cli.mjs', import.meta.url);

function newestUnder(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = `${dir}/${entry.name}`;
    newest = Math.max(newest, entry.isDirectory() ? newestUnder(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function bundleIsFresh() {
  try {
    // The bundle carries package.json's version (`--version`), so a newer package.json makes it stale too.
    const sources = Math.max(
      newestUnder(fileURLToPath(new URL('../lib', import.meta.url))),
      statSync(new URL('../package.json', import.meta.url)).mtimeMs,
    );
    return statSync(bundle).mtimeMs >= sources;
  } catch {
    return false;
  }
}

let main;
if (bundleIsFresh()) {
  ({ main } = await import(bundle.href));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../lib/node/cli.ts'));
}
process.exitCode = await main(process.argv.slice(2), process);
