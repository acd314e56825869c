/** sandbox: N calls with 50 in flight from a separate process; 0 failures and 0 5xx required. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { startSandbox } from '../lib/node/sandbox/main';
import { round, type BenchOptions, type Figure } from './figures';

/** Run the sandbox load benchmark. */
export async function benchSandbox(opts: BenchOptions): Promise<Figure[]> {
  const total = opts.quick ? 200 : 2000;
  const sandbox = await startSandbox({ port: 0, quiet: true });
  try {
    // Async: the sandbox answers from this process's event loop while the client runs in its own.
    const { stdout: out } = await promisify(execFile)(process.execPath, [
      'bench/load-client.mjs',
      sandbox.url,
      String(total),
      '50',
    ]);
    const r = JSON.parse(out.trim().split('\n').pop()!) as {
      failures: number;
      http5xx: number;
      callsPerSecond: number;
      codes: Record<string, number>;
    };
    const codes = Object.entries(r.codes)
      .map(([c, n]) => `${c} ${n}`)
      .join(', ');
    return [
      { name: `sandbox ${total} calls, 50 in flight: failures`, value: r.failures, unit: '', budget: 0 },
      { name: `sandbox ${total} calls: HTTP 5xx`, value: r.http5xx, unit: '', budget: 0 },
      { name: 'sandbox throughput', value: round(r.callsPerSecond, 0), unit: 'calls/s', detail: codes },
    ];
  } finally {
    await sandbox.close();
  }
}
