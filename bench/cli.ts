/** CLI: `inspect --json` on a generated HAR vs `node -e` JSON.parse of the file; time ratio and peak RSS. */
import { spawn } from 'node:child_process';
import {
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
  openSync,
  writeSync,
  closeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { rawCallsToHar } from '../lib/cme/har';
import { round, spread, type BenchOptions, type Figure } from './figures';
import { syntheticCalls } from './synthetic';

/** Write a HAR of about `targetMb` MB, entry by entry (the generator must not need the whole file either). */
function writeHar(path: string, targetMb: number): number {
  const fd = openSync(path, 'w');
  writeSync(
    fd,
    '{"log":{"version":"1.2","creator":{"name":"WebInspector","version":"537.36"},"pages":[],"entries":[',
  );
  let bytes = 0;
  let first = true;
  for (let batch = 0; bytes < targetMb * 1e6; batch++) {
    const har = rawCallsToHar(syntheticCalls(500, batch + 1), { reveal: true }) as {
      log: { entries: unknown[] };
    };
    for (const e of har.log.entries) {
      const text = (first ? '' : ',') + JSON.stringify(e);
      first = false;
      writeSync(fd, text);
      bytes += Buffer.byteLength(text);
      if (bytes >= targetMb * 1e6) break;
    }
  }
  writeSync(fd, ']}}');
  closeSync(fd);
  return statSync(path).size;
}

function run(args: string[], rssFile: string): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['--import', resolve('bench/rss-preload.mjs'), ...args], {
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, BENCH_RSS_FILE: rssFile },
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolvePromise(performance.now() - started) : reject(new Error(`exit ${code}`)),
    );
  });
}

/** Run the CLI benchmark. */
export async function benchCli(opts: BenchOptions): Promise<Figure[]> {
  const dir = mkdtempSync(join(tmpdir(), 'cme-bench-'));
  const har = join(dir, 'big.har');
  try {
    const size = writeHar(har, opts.quick ? 5 : 100);
    const reps = opts.quick ? 1 : 3;
    const ratios: number[] = [];
    const rssOurs: number[] = [];
    const rssBase: number[] = [];
    const oursMs: number[] = [];
    for (let r = 0; r < reps; r++) {
      const baseFile = join(dir, `base-${r}`);
      const oursFile = join(dir, `ours-${r}`);
      writeFileSync(baseFile, '');
      writeFileSync(oursFile, '');
      const base = await run(
        ['-e', `JSON.parse(require('fs').readFileSync(${JSON.stringify(har)}, 'utf8'))`],
        baseFile,
      );
      const ours = await run([resolve('bin/cme-devtools.mjs'), 'inspect', har, '--json'], oursFile);
      ratios.push(ours / base);
      oursMs.push(ours);
      rssBase.push(Number(readFileSync(baseFile, 'utf8').trim()) * 1024);
      rssOurs.push(Number(readFileSync(oursFile, 'utf8').trim()) * 1024);
    }
    const s = spread(ratios);
    const mb = size / 1e6;
    const rss = spread(rssOurs.map((b) => b / size));
    return [
      {
        name: `CLI inspect --json ${round(mb, 0)} MB HAR vs node -e JSON.parse`,
        value: round(s.median),
        unit: '×',
        spread: { min: round(s.min), median: round(s.median), max: round(s.max) },
        budget: opts.quick ? undefined : 2,
        detail: `ours ${round(spread(oursMs).median / 1000, 1)} s`,
      },
      {
        name: 'CLI peak RSS / file size',
        value: round(rss.median),
        unit: '×',
        spread: { min: round(rss.min), median: round(rss.median), max: round(rss.max) },
        budget: opts.quick ? undefined : 3,
        detail: `ours ${round(spread(rssOurs).median / 1e6, 0)} MB, JSON.parse ${round(spread(rssBase).median / 1e6, 0)} MB`,
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
