/**
 * capture: Chromium with DevTools docked below a sandbox page (as a developer has it), a panel shown; the
 * page makes N CME calls (50 in flight, reading each answer). For our panel and, interleaved in the same
 * browser, the floor extension's (the least any capturing panel can do): the page's own time (page cost),
 * how long after the page's last answer the panel lists them all (capture tail), calls dropped, the
 * panel's heap after GC, and the CPU time of each process over the page's run.
 *
 * Headed on an X display (the caller's, or an Xvfb started here) unless BENCH_HEADLESS=1 or --quick (which
 * BENCH_HEADED=1 overrides); the
 * sandbox runs in a process of its own. BENCH_CAPTURE_DOCK=undocked (or `bottom,undocked`) measures
 * DevTools in a window of its own too; BENCH_CAPTURE_CALLS sets N.
 */
import type { DockSide } from './browser-cdp';
import { launchBench } from './browser-cdp';
import { discard, floorDir, floorSkipped, snapshotBuild } from './browser-ext';
import { benchSandboxProcess, httpSummary } from './browser-workload';
import { FLOOR, OURS, runOnce, type Run, type Subject } from './capture-run';
import { round, spread, tailFigure, type BenchOptions, type Figure } from './figures';
import { openDisplay } from './xvfb';

const fmtSpread = (xs: number[], digits = 0, scale = 1) => {
  const s = spread(xs.map((x) => x / scale));
  return `${round(s.min, digits)}/${round(s.median, digits)}/${round(s.max, digits)}`;
};
const median = (xs: number[]) => spread(xs).median;

function pageText(runs: Run[]): string {
  return `page ${fmtSpread(
    runs.map((r) => r.page.pageMs),
    1,
    1000,
  )} s (${httpSummary(runs)})`;
}

const CPU_ORDER = ['page', 'panel+extension', 'devtools front end', 'browser', 'gpu', 'utility', 'sandbox'];

/** Median CPU seconds per process over the runs: `page 12.1 s, panel+extension 20.3 s, …`. */
function cpuText(runs: Run[]): string {
  const names = new Set(runs.flatMap((r) => Object.keys(r.cpu)));
  const ordered = [
    ...CPU_ORDER.filter((n) => names.has(n)),
    ...[...names].filter((n) => !CPU_ORDER.includes(n)),
  ];
  return ordered.map((n) => `${n} ${round(median(runs.map((r) => r.cpu[n] ?? 0)) / 1000, 1)}`).join(', ');
}

function frameText(runs: Run[]): string {
  const m = (f: (r: Run) => number) => round(median(runs.map(f)), 1);
  return `panel frame busy ${m((r) => r.frame.taskMs / 1000)} s (script ${m((r) => r.frame.scriptMs / 1000)} s, style ${m((r) => r.frame.styleMs / 1000)} s, ${m((r) => r.frame.layouts)} layouts ${m((r) => r.frame.layoutMs / 1000)} s)`;
}

/** The figures of one layout. */
function figuresOf(n: string, where: string, ours: Run[], floor: Run[], quick: boolean): Figure[] {
  const figures: Figure[] = [];
  const hasFloor = floor.length > 0;
  if (hasFloor) {
    const ratios = ours.map((r, i) => r.page.pageMs / (floor[i]?.page.pageMs ?? NaN));
    const s = spread(ratios);
    figures.push({
      name: `capture ${n} calls ${where}: page time with our panel ÷ with the floor`,
      value: round(s.median, 2),
      unit: '×',
      spread: { min: round(s.min, 2), median: round(s.median, 2), max: round(s.max, 2) },
      budget: quick ? undefined : 1.05,
      detail: `median of the interleaved pairs' ratios; ours ${pageText(ours)}; floor ${pageText(floor)}`,
    });
    figures.push({
      name: `capture ${n} calls ${where}: CPU s per process over the page's run, ours`,
      value: round(median(ours.map((r) => Object.values(r.cpu).reduce((a, b) => a + b, 0))) / 1000, 1),
      unit: 's',
      detail: `${cpuText(ours)}; floor: ${cpuText(floor)} (2 cores)`,
    });
  }
  figures.push(
    tailFigure(
      `capture ${n} calls ${where}: our panel lists all, after the last answer (worst run)`,
      ours,
      quick ? undefined : 300,
      `${hasFloor ? `floor ${fmtSpread(floor.map((r) => r.trailingMs))} ms; ` : ''}${frameText(ours)}${hasFloor ? `; floor ${frameText(floor)}` : ''}; ${ours[0]?.rowsInView ?? '?'} rows in view; panel frames/s ours ${fmtSpread(ours.map((r) => r.fps))}${hasFloor ? `, floor ${fmtSpread(floor.map((r) => r.fps))}` : ''}`,
    ),
    {
      name: `capture ${n} calls ${where}: dropped by our panel`,
      value: Math.max(...ours.map((r) => r.dropped)),
      unit: '',
      budget: 0,
      detail: `worst of ${ours.length} runs (the panel keeps up to 10,000 per tab); floor ${hasFloor ? Math.max(...floor.map((r) => r.dropped)) : '—'}`,
    },
    {
      name: `capture ${n} calls ${where}: our panel heap after GC`,
      value: round(median(ours.map((r) => r.heapMb)), 1),
      unit: 'MB',
      spread: spreadOf(
        ours.map((r) => r.heapMb),
        1,
      ),
      detail: `DOM nodes ${ours[0]?.dom ?? '?'}; floor ${hasFloor ? `${round(median(floor.map((r) => r.heapMb)), 1)} MB (keeps every parsed body), ${floor[0]?.dom} nodes` : 'skipped'}`,
    },
  );
  return figures;
}

function spreadOf(xs: number[], digits: number) {
  const s = spread(xs);
  return { min: round(s.min, digits), median: round(s.median, digits), max: round(s.max, digits) };
}

function docks(): DockSide[] {
  const asked = (process.env.BENCH_CAPTURE_DOCK ?? 'bottom').split(',').map((d) => d.trim());
  return asked.map((d) => (d === 'undocked' ? 'undocked' : 'bottom'));
}

/** Run the capture benchmark (needs `npm run build`). */
export async function benchCapture(opts: BenchOptions): Promise<Figure[]> {
  const calls = Number(process.env.BENCH_CAPTURE_CALLS) || (opts.quick ? 300 : 10_000);
  const reps = opts.quick ? 1 : 3;
  const floor = floorDir();
  const subjects: Subject[] = 'dir' in floor ? [OURS, FLOOR] : [OURS];
  const headless = process.env.BENCH_HEADLESS === '1' || (opts.quick && process.env.BENCH_HEADED !== '1');
  const display = headless ? null : await openDisplay();
  const mode = display ? `headed (${display.kind === 'xvfb' ? 'Xvfb' : 'DISPLAY'})` : 'headless';
  const sandbox = await benchSandboxProcess();
  const n = calls.toLocaleString('en');
  const figures: Figure[] = [];
  try {
    for (const dock of docks()) {
      const ours = snapshotBuild();
      const b = await launchBench('dir' in floor ? [ours, floor.dir] : [ours], {
        devtools: true,
        ...(display ? { display: display.display } : {}),
      });
      const runs: Record<Subject['name'], Run[]> = { ours: [], floor: [] };
      try {
        for (let rep = 0; rep < reps; rep++) {
          // Rotated: which panel goes first alternates, so a drift of the machine's load hits both.
          const order = rep % 2 === 0 ? subjects : [...subjects].reverse();
          for (const s of order) {
            const setup = {
              sandboxUrl: sandbox.url,
              sandboxPid: sandbox.pid,
              templates: sandbox.templates,
              dock,
            };
            runs[s.name].push(await runOnce(b, setup, s, calls, `${dock}-${rep}`));
          }
        }
      } finally {
        await b.close();
        discard(ours);
      }
      const where = `(${dock === 'bottom' ? 'docked' : 'undocked'}, ${mode})`;
      figures.push(...figuresOf(n, where, runs.ours, runs.floor, opts.quick));
    }
  } finally {
    await sandbox.close();
    display?.stop();
  }
  figures.push(...floorSkipped('capture', floor));
  return figures;
}
