/**
 * The capture benchmark's sandbox in a process of its own, as a real dev server runs: it starts
 * `benchSandbox()`, prints one JSON line `{ url, templates, pid }`, and serves until its stdin closes.
 */
import { benchSandbox } from './browser-workload';

const { sandbox, templates } = await benchSandbox();
process.stdout.write(`${JSON.stringify({ url: sandbox.url, templates, pid: process.pid })}\n`);
process.stdin.resume();
process.stdin.on('end', () => {
  void sandbox.close().finally(() => process.exit(0));
});
