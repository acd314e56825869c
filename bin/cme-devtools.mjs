#!/usr/bin/env node
// Entry point of the `cme-devtools` CLI: loads the TypeScript sources through tsx and runs main().
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../lib/node/cli.ts');
process.exitCode = await main(process.argv.slice(2), process);
