/**
 * CLI: `inspect --json` on a generated 100 MB HAR, its throughput (MB/s) against `node -e` JSON.parse of the
 * same file in the same run; peak RSS of `inspect --json` and of `redact` on a 1 GB HAR (too big for
 * JSON.parse) and on a HAR of one 200 MB entry. Every file is written to disk entry by entry and deleted.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { writeHar, writeHugeEntryHar, writeRepeatedHar } from './cli-files';
import { round, spread, type BenchOptions, type Figure } from './figures';

const BIN = resolve('bin/cme-devtools.mjs');

/** Runs node with `args` (stdout ignored); wall time in ms and peak RSS in bytes. */
function run(args: string[], rssFile: string): Promise<{ ms: number; rss: number }> {
  writeFileSync(rssFile, '');
  return new Promise((resolvePromise, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['--import', resolve('bench/rss-preload.mjs'), ...args], {
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, BENCH_RSS_FILE: rssFile },
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`${args.join(' ')}: exit ${code}`));
      const ms = performance.now() - started;
      resolvePromise({ ms, rss: Number(readFileSync(rssFile, 'utf8').trim()) * 1024 });
    });
  });
}

const MB = 1e6;

/** Peak RSS rows (inspect and redact) of one file, each the worst of `reps` runs. */
async function rssRows(
  what: string,
  har: string,
  size: number,
  reps: number,
  dir: string,
  budget: number | undefined,
): Promise<Figure[]> {
  const rows: Figure[] = [];
  for (const [cmd, args] of [
    ['inspect --json', ['inspect', har, '--json']],
    ['redact', ['redact', har]],
  ] as const) {
    const samples: number[] = [];
    const times: number[] = [];
    for (let r = 0; r < reps; r++) {
      const got = await run([BIN, ...args], join(dir, `rss-${r}`));
      samples.push(got.rss / MB);
      times.push(got.ms);
    }
    const s = spread(samples);
    rows.push({
      name: `CLI ${cmd} ${what}: peak RSS`,
      value: round(s.max, 0),
      unit: 'MB',
      spread: { min: round(s.min, 0), median: round(s.median, 0), max: round(s.max, 0) },
      budget,
      detail: `file ${round(size / MB, 0)} MB, ${round(size / MB / (spread(times).median / 1000), 0)} MB/s`,
    });
  }
  return rows;
}

/** Run the CLI benchmark. */
export async function benchCli(opts: BenchOptions): Promise<Figure[]> {
  const dir = mkdtempSync(join(tmpdir(), 'cme-bench-'));
  const har = join(dir, 'big.har');
  try {
    const size = writeHar(har, opts.quick ? 5 : 100);
    const mb = size / MB;
    const reps = opts.quick ? 1 : 3;
    const ratios: number[] = [];
    const oursRate: number[] = [];
    const baseRate: number[] = [];
    const rssOurs: number[] = [];
    const rssBase: number[] = [];
    for (let r = 0; r < reps; r++) {
      // Interleaved: the baseline and ours share each moment's load.
      const base = await run(
        ['-e', `JSON.parse(require('fs').readFileSync(${JSON.stringify(har)}, 'utf8'))`],
        join(dir, `base-${r}`),
      );
      const ours = await run([BIN, 'inspect', har, '--json'], join(dir, `ours-${r}`));
      oursRate.push(mb / (ours.ms / 1000));
      baseRate.push(mb / (base.ms / 1000));
      ratios.push(base.ms / ours.ms);
      rssOurs.push(ours.rss);
      rssBase.push(base.rss);
    }
    const s = spread(ratios);
    const figures: Figure[] = [
      {
        name: `CLI inspect --json ${round(mb, 0)} MB HAR: MB/s vs node -e JSON.parse's`,
        value: round(s.median),
        unit: '×',
        spread: { min: round(s.min), median: round(s.median), max: round(s.max) },
        budget: 0.6,
        atLeast: true,
        detail:
          `ours ${round(spread(oursRate).median, 0)} MB/s, JSON.parse ${round(spread(baseRate).median, 0)} MB/s; ` +
          `peak RSS ours ${round(spread(rssOurs).median / MB, 0)} MB, JSON.parse ${round(spread(rssBase).median / MB, 0)} MB`,
      },
    ];
    const bigReps = opts.quick ? 1 : 2;
    const big = join(dir, 'huge.har');
    const bigSize = await writeRepeatedHar(har, big, opts.quick ? 20 * MB : 1000 * MB);
    figures.push(...(await rssRows(`${round(bigSize / MB, 0)} MB HAR`, big, bigSize, bigReps, dir, 200)));
    rmSync(big, { force: true });
    const one = join(dir, 'one-entry.har');
    const oneSize = writeHugeEntryHar(one, opts.quick ? 20 : 200);
    figures.push(
      ...(await rssRows(`one ${round(oneSize / MB, 0)} MB entry`, one, oneSize, bigReps, dir, 200)),
    );
    return figures;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
