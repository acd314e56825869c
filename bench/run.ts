/** `npm run bench`: every benchmark, one table (figure, budget, pass/miss), and JSON in bench-results/. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { benchCapture } from './capture';
import { benchCli } from './cli';
import { benchDecode } from './decode';
import { meets, type BenchOptions, type Figure } from './figures';
import { benchPanel } from './panel';
import { benchReplay } from './replay';
import { benchSandbox } from './sandbox';
import { benchSize } from './size';

type Bench = (opts: BenchOptions) => Promise<Figure[]> | Figure[];
const BENCHES: Record<string, Bench> = {
  decode: benchDecode,
  cli: benchCli,
  sandbox: benchSandbox,
  size: benchSize,
  capture: benchCapture,
  panel: benchPanel,
  replay: benchReplay,
};

const args = process.argv.slice(2);
const opts: BenchOptions = { quick: args.includes('--quick') };
const only = args.filter((a) => !a.startsWith('--'));
const rows: (Figure & { bench: string; pass: boolean })[] = [];
for (const [name, bench] of Object.entries(BENCHES)) {
  if (only.length && !only.includes(name)) continue;
  process.stderr.write(`bench ${name}…\n`);
  for (const figure of await bench(opts)) {
    // --quick runs small sizes: its figures say nothing about the budgets, so none are applied.
    const f = opts.quick ? { ...figure, budget: undefined } : figure;
    rows.push({ ...f, bench: name, pass: meets(f) });
  }
}

const fmt = (f: Figure) =>
  f.spread ? `${f.spread.min} / ${f.spread.median} / ${f.spread.max} ${f.unit}` : `${f.value} ${f.unit}`;
const table = [
  ['figure', 'min / median / max', 'budget', 'result', 'detail'],
  ...rows.map((r) => [
    r.name,
    fmt(r),
    r.budget === undefined ? '—' : `${r.atLeast ? '≥' : '≤'} ${r.budget} ${r.unit}`,
    r.budget === undefined ? 'n/a' : r.pass ? 'pass' : 'MISS',
    r.detail ?? '',
  ]),
];
const widths = table[0]!.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
for (const row of table)
  console.log(
    row
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd(),
  );
mkdirSync('bench-results', { recursive: true });
writeFileSync(
  'bench-results/latest.json',
  JSON.stringify({ at: new Date().toISOString(), quick: opts.quick, rows }, null, 2) + '\n',
);
console.log(
  `\n${rows.filter((r) => r.pass).length} of ${rows.length} figures within budget (bench-results/latest.json)`,
);
