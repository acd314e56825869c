#!/usr/bin/env node
// Bundles the `cme-devtools` CLI (lib/node/cli.ts) into .output/cli/cli.mjs with Vite (which WXT builds
// on), so `bin/cme-devtools.mjs` starts without compiling TypeScript at every run. The bin falls back to
// the sources (through tsx) when this bundle is missing or older than any file under lib/.
import { resolve } from 'node:path';
import { build } from 'vite';

const root = resolve(import.meta.dirname, '..');
await build({
  configFile: false,
  root,
  publicDir: false,
  logLevel: 'warn',
  build: {
    ssr: resolve(root, 'lib/node/cli.ts'),
    outDir: resolve(root, '.output/cli'),
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    rollupOptions: { output: { entryFileNames: 'cli.mjs', chunkFileNames: '[name]-[hash].mjs' } },
  },
});
