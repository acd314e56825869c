/**
 * capture: headless Chromium, DevTools open on a sandbox page, a panel shown; the page makes N CME calls
 * (50 in flight, reading each answer). Measured: how long after the page read its last answer the
 * panel lists them all, calls dropped, and the panel's heap after GC — for our panel and, in the same
 * browser, for the floor extension's (the least any capturing panel can do).
 */
import type { RunningSandbox } from '../lib/node/sandbox/main';
import {
  callExpression,
  domNodes,
  heapMb,
  launchBench,
  showPanel,
  waitFor,
  type BenchBrowser,
} from './browser-cdp';
import { discard, floorDir, snapshotBuild } from './browser-ext';
import {
  benchSandbox,
  benchSignature,
  pageWorkload,
  type CallTemplate,
  type PageRun,
} from './browser-workload';
import { round, spread, type BenchOptions, type Figure } from './figures';

const IN_FLIGHT = 50;
// A panel whose count stands still this long has listed all it ever will.
const QUIET_MS = 3000;
const START_MS = 1500;

/** A panel under test and how to read its count of listed calls. */
interface Subject {
  name: 'ours' | 'floor';
  title: string;
  page: string;
  count: string;
}

const OURS: Subject = {
  name: 'ours',
  title: 'CME',
  page: '/devtools-panel.html',
  count: 'window.__cmePanel.count()',
};
const FLOOR: Subject = {
  name: 'floor',
  title: 'Floor',
  page: '/panel.html',
  count: 'window.__floor.received',
};

interface Run {
  /** ms from the page's last answer to the panel listing all calls (or its last change, if it never did). */
  trailingMs: number;
  complete: boolean;
  dropped: number;
  heapMb: number;
  dom: number;
  page: PageRun;
}

/** In the panel, every 5 ms: the instant the count last changed, and when it reached `base + calls`. */
function watcher(count: string, calls: number): string {
  return `(() => {
    const base = ${count};
    const w = (window.__benchWatch = { base, last: base, changedAt: 0, doneAt: 0 });
    const id = setInterval(() => {
      const n = ${count};
      if (n !== w.last) { w.last = n; w.changedAt = Date.now(); }
      if (n >= base + ${calls}) { w.doneAt = w.changedAt; clearInterval(id); }
    }, 5);
    return base;
  })()`;
}

interface Watch {
  changedAt: number;
  doneAt: number;
}

/** Waits until the panel listed every call, or its count stood still for `quietMs`. */
async function settled(read: () => Promise<Watch>, quietMs: number, timeoutMs: number): Promise<Watch> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const w = await read();
    if (w.doneAt || Date.now() - w.changedAt > quietMs || Date.now() > deadline) return w;
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function runOnce(
  b: BenchBrowser,
  sandbox: RunningSandbox,
  templates: CallTemplate[],
  s: Subject,
  calls: number,
  rep: number,
): Promise<Run> {
  const page = await b.open(`${sandbox.url}/?capture=${s.name}-${rep}`);
  const shown = await showPanel(b, page, s.title, s.page);
  try {
    const ready = await waitFor(() => shown.panel.evaluate<boolean>(`(${s.count}) >= 0`), 20_000);
    if (!ready) throw new Error(`the ${s.name} panel never exposed its count (${s.count})`);
    // Our panel starts capturing a moment after its hook appears (it reads its log first); calls made
    // meanwhile would come from the HAR backlog, but start-up is kept out of the page's run.
    await new Promise((r) => setTimeout(r, START_MS));
    const base = await shown.panel.evaluate<number>(watcher(s.count, calls));
    const signature = await benchSignature(sandbox.url);
    const run = (await page.evaluate(
      callExpression(pageWorkload, { calls, inFlight: IN_FLIGHT, signature, templates }),
    )) as PageRun;
    const watch = await settled(() => shown.panel.evaluate<Watch>('window.__benchWatch'), QUIET_MS, 60_000);
    const listed = (await shown.panel.evaluate<number>(s.count)) - base;
    return {
      trailingMs: Math.max(0, (watch.doneAt || watch.changedAt) - run.lastAnswerAt),
      complete: watch.doneAt > 0,
      dropped: Math.max(0, calls - listed),
      heapMb: await heapMb(shown.panel),
      dom: await domNodes(shown.panel),
      page: run,
    };
  } finally {
    await shown.panel.detach();
    await shown.frontEnd.detach();
    await page.close();
  }
}

function trailingFigure(name: string, runs: Run[], budget: number | undefined, detail: string): Figure {
  const s = spread(runs.map((r) => r.trailingMs));
  const short = runs.filter((r) => !r.complete).length;
  return {
    name,
    value: round(s.median, 0),
    unit: 'ms',
    spread: { min: round(s.min, 0), median: round(s.median, 0), max: round(s.max, 0) },
    budget,
    detail: short
      ? `${short} of ${runs.length} runs never listed every call (time to the last one); ${detail}`
      : detail,
  };
}

function heapFigure(name: string, runs: Run[], detail: string): Figure {
  const s = spread(runs.map((r) => r.heapMb));
  return {
    name,
    value: round(s.median, 1),
    unit: 'MB',
    spread: { min: round(s.min, 1), median: round(s.median, 1), max: round(s.max, 1) },
    detail,
  };
}

function describe(runs: Run[]): string {
  const pageS = spread(runs.map((r) => r.page.pageMs / 1000));
  const statuses: Record<string, number> = {};
  for (const r of runs)
    for (const [k, n] of Object.entries(r.page.statuses)) statuses[k] = (statuses[k] ?? 0) + n;
  const http = Object.entries(statuses)
    .map(([k, n]) => `${k}×${n}`)
    .join(' ');
  const failures = runs.reduce((n, r) => n + r.page.failures, 0);
  return `page read all answers in ${round(pageS.min, 1)}/${round(pageS.median, 1)}/${round(pageS.max, 1)} s (HTTP ${http}, ${failures} fetch failures)`;
}

/** Run the capture benchmark (needs `npm run build`). */
export async function benchCapture(opts: BenchOptions): Promise<Figure[]> {
  const ours = snapshotBuild();
  const floor = floorDir();
  const calls = opts.quick ? 300 : 10_000;
  const reps = opts.quick ? 1 : 3;
  const subjects = 'dir' in floor ? [OURS, FLOOR] : [OURS];
  const { sandbox, templates } = await benchSandbox();
  const b = await launchBench('dir' in floor ? [ours, floor.dir] : [ours], { devtools: true });
  const runs: Record<Subject['name'], Run[]> = { ours: [], floor: [] };
  try {
    for (let rep = 0; rep < reps; rep++) {
      for (const s of subjects) runs[s.name].push(await runOnce(b, sandbox, templates, s, calls, rep));
    }
  } finally {
    await b.close();
    await sandbox.close();
    discard(ours);
  }
  const n = calls.toLocaleString('en');
  const floorRuns = runs.floor;
  const floorTrail = floorRuns.length ? spread(floorRuns.map((r) => r.trailingMs)).median : NaN;
  const floorNote = floorRuns.length ? `floor ${round(floorTrail, 0)} ms` : 'floor skipped';
  const figures: Figure[] = [
    trailingFigure(
      `capture ${n} calls: our panel lists all, after the last answer`,
      runs.ours,
      opts.quick ? undefined : 2000,
      `${floorNote}; ${describe(runs.ours)}`,
    ),
    {
      name: `capture ${n} calls: dropped by our panel`,
      value: Math.max(...runs.ours.map((r) => r.dropped)),
      unit: '',
      budget: 0,
      detail: `worst of ${reps} runs (the panel keeps up to 10,000 per tab); floor ${floorRuns.length ? Math.max(...floorRuns.map((r) => r.dropped)) : '—'}`,
    },
    heapFigure(
      `capture ${n} calls: our panel heap after GC`,
      runs.ours,
      `DOM nodes ${runs.ours[0]?.dom ?? '?'}; floor ${floorRuns.length ? `${round(spread(floorRuns.map((r) => r.heapMb)).median, 1)} MB, ${floorRuns[0]?.dom} nodes` : 'skipped'}`,
    ),
  ];
  if (floorRuns.length) {
    figures.push(
      trailingFigure(
        `capture ${n} calls: floor panel lists all, after the last answer`,
        floorRuns,
        undefined,
        describe(floorRuns),
      ),
      heapFigure(`capture ${n} calls: floor panel heap after GC`, floorRuns, 'keeps every parsed body'),
    );
  } else if ('missing' in floor) {
    figures.push({
      name: 'capture: floor extension',
      value: NaN,
      unit: '',
      detail: `skipped: ${floor.missing}`,
    });
  }
  return figures;
}
