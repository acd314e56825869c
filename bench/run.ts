/** `npm run bench`: every benchmark, one table (figure, budget, pass/miss), and JSON in bench-results/. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { benchAgent } from './agent';
import { benchCapture } from './capture';
import { benchCaptureFirefox } from './capture-firefox';
import { benchCli } from './cli';
import { benchDecode } from './decode';
import { cliTarget, ensureBuilds, extensionTarget } from '../scripts/builds';
import { meets, type BenchOptions, type Figure } from './figures';
import { benchPanel } from './panel';
import { benchReplay } from './replay';
import { benchSandbox } from './sandbox';
import { benchSize } from './size';
import { benchViewer } from './viewer';

type Bench = (opts: BenchOptions) => Promise<Figure[]> | Figure[];
const BENCHES: Record<string, Bench> = {
  decode: benchDecode,
  cli: benchCli,
  sandbox: benchSandbox,
  size: benchSize,
  capture: benchCapture,
  'capture-firefox': benchCaptureFirefox,
  panel: benchPanel,
  replay: benchReplay,
  agent: benchAgent,
  viewer: benchViewer,
};

/** The builds each benchmark reads (made first when missing or older than the sources). */
const NEEDS: Record<string, 'extension' | 'firefox-extension' | 'cli'> = {
  cli: 'cli',
  size: 'extension',
  capture: 'extension',
  'capture-firefox': 'firefox-extension',
  panel: 'extension',
  replay: 'extension',
  agent: 'extension',
  viewer: 'extension',
};

/** Stops with one line on stderr (no stack trace), like every other entry point. */
function stop(line: string): never {
  process.stderr.write(`${line}\n`);
  process.exit(1);
}

const args = process.argv.slice(2);
const opts: BenchOptions = { quick: args.includes('--quick') };
const only = args.filter((a) => !a.startsWith('--'));
const unknown = only.filter((name) => !(name in BENCHES));
if (unknown.length > 0) {
  stop(`bench: no benchmark named ${unknown.join(', ')} (there are: ${Object.keys(BENCHES).join(', ')})`);
}
const selected = Object.keys(BENCHES).filter((name) => only.length === 0 || only.includes(name));
const needed = new Set(selected.map((name) => NEEDS[name]));
const buildProblem = ensureBuilds([
  ...(needed.has('extension') ? [extensionTarget()] : []),
  ...(needed.has('firefox-extension') ? [extensionTarget(undefined, undefined, 'firefox')] : []),
  ...(needed.has('cli') ? [cliTarget()] : []),
]);
if (buildProblem !== null) stop(buildProblem);

const rows: (Figure & { bench: string; pass: boolean })[] = [];
for (const name of selected) {
  process.stderr.write(`bench ${name}…\n`);
  let figures: Figure[];
  try {
    figures = await BENCHES[name]!(opts);
  } catch (err) {
    stop(`bench ${name} failed: ${(err instanceof Error ? err.message : String(err)).split('\n')[0]}`);
  }
  for (const figure of figures) {
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
