/**
 * capture-firefox: the capture benchmark in real firefox-esr. Our Firefox build and the floor extension
 * (MV3; Firefox loads it as it is) are installed in a fresh browser for each run; it opens a sandbox tab,
 * opens DevTools on it, shows one panel (ours or the floor's, interleaved), and the page makes N CME calls (50 in
 * flight, reading each answer). Measured: how long after the page read its last answer the panel lists them
 * all (its count posted from the panel's frame as it changes), calls dropped, and the page's own time.
 */
import { cpSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunningSandbox } from '../lib/node/sandbox/main';
import { buildDir } from '../scripts/builds';
import { callExpression } from './browser-cdp';
import { discard, floorDir, floorSkipped } from './browser-ext';
import { GECKO_ID, launchFirefoxBench, type CountWatch, type FirefoxBench } from './browser-firefox';
import {
  benchSandbox,
  benchSignature,
  httpSummary,
  IN_FLIGHT,
  PANEL_START_MS,
  pageWorkload,
  type CallTemplate,
  type PageRun,
} from './browser-workload';
import { round, spread, tailFigure, type BenchOptions, type Figure } from './figures';

// A panel whose count stands still this long has listed all it ever will (Firefox pauses longer than Chromium).
const QUIET_MS = 5000;
const BUDGET_MS = 1000;

/** A panel under test and how to read its count of listed calls. */
interface Subject {
  name: 'ours' | 'floor';
  /** Index of its extension in the launch. */
  ext: number;
  count: string;
  ready: string;
}

const OURS: Subject = {
  name: 'ours',
  ext: 0,
  count: 'window.__cmePanel.count()',
  ready: `document.readyState === 'complete' && !!window.__cmePanel && window.__cmePanel.capturing() === true`,
};
const FLOOR: Subject = {
  name: 'floor',
  ext: 1,
  count: 'window.__floor.received',
  ready: `document.readyState === 'complete' && !!window.__floor`,
};

export interface FirefoxRun {
  /** ms from the page's last answer to the panel listing all calls (or its last change, if it never did). */
  trailingMs: number;
  complete: boolean;
  dropped: number;
  page: PageRun;
  /** The panel process's main thread: time it ran late on a 5 ms timer (stalls over 50 ms), and the longest. */
  stalledMs: number;
  maxStallMs: number;
}

/** Our Firefox build, copied (a rebuild during a run would mix two builds). */
function snapshotFirefoxBuild(): string {
  const out = buildDir('firefox');
  if (!existsSync(join(out, 'manifest.json'))) throw new Error('no Firefox build: run npm run build first');
  const dir = mkdtempSync(join(tmpdir(), 'cme-bench-firefox-build-'));
  cpSync(out, dir, { recursive: true });
  return dir;
}

/** Waits until the watch reached `target`, or the count stood still for `quietMs`. */
async function settled(
  read: () => Promise<CountWatch>,
  target: number,
  startedAt: number,
  quietMs: number,
  timeoutMs: number,
): Promise<CountWatch> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const w = await read();
    const since = Math.max(w.changedAt, startedAt);
    if (w.n >= target || Date.now() - since > quietMs || Date.now() > deadline) return w;
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function runOnce(
  b: FirefoxBench,
  sandbox: RunningSandbox,
  templates: CallTemplate[],
  s: Subject,
  calls: number,
  tag: string,
): Promise<FirefoxRun> {
  const url = `${sandbox.url}/?capture=${s.name}-${tag}`;
  const page = await b.open(url);
  try {
    const panel = await b.showPanel(url, b.ids[s.ext]!, s.ready);
    try {
      // CAPTURE_FIREFOX_HIDDEN=1: our panel runs hidden behind the console (it gets no animation frames).
      if (s.name === 'ours' && process.env.CAPTURE_FIREFOX_HIDDEN === '1') {
        await panel.hide();
        const state = await panel.evaluate<string>('document.visibilityState');
        if (state !== 'hidden') throw new Error(`our panel is ${state} behind the console, not hidden`);
      }
      await new Promise((r) => setTimeout(r, PANEL_START_MS));
      const base = await panel.watch(s.count, (n) => n + Number.MAX_SAFE_INTEGER);
      const target = base + calls;
      const signature = await benchSignature(sandbox.url);
      // CAPTURE_FIREFOX_PROFILE=file: Firefox's own profile of our run (every process), for where the time goes.
      const profileFile = s.name === 'ours' ? process.env.CAPTURE_FIREFOX_PROFILE : undefined;
      if (profileFile) await b.profile(true);
      const run = (await page.evaluate(
        callExpression(pageWorkload, { calls, inFlight: IN_FLIGHT, signature, templates }),
      )) as PageRun;
      const w = await settled(() => panel.watched(), target, run.lastAnswerAt, QUIET_MS, 600_000);
      if (profileFile) writeFileSync(`${profileFile}-${tag}.json`, (await b.profile(false)) ?? '');
      // CAPTURE_FIREFOX_TRACE=file: our capture's latest steps (body reads, hand-overs) for diagnosis.
      const traceFile = process.env.CAPTURE_FIREFOX_TRACE;
      if (traceFile && s.name === 'ours') {
        const steps = await panel.evaluate<unknown>('window.__cmePanel.trace()');
        writeFileSync(`${traceFile}-${tag}.json`, JSON.stringify({ lastAnswerAt: run.lastAnswerAt, steps }));
      }
      return {
        stalledMs: w.stalledMs,
        maxStallMs: w.maxStallMs,
        trailingMs: Math.max(0, w.changedAt - run.lastAnswerAt),
        complete: w.n >= target,
        dropped: Math.max(0, target - w.n),
        page: run,
      };
    } finally {
      await panel.close();
    }
  } finally {
    await page.close();
  }
}

function pageSeconds(runs: FirefoxRun[]): string {
  const p = spread(runs.map((r) => r.page.pageMs / 1000));
  return `${round(p.min, 1)}/${round(p.median, 1)}/${round(p.max, 1)} s`;
}

function describe(runs: FirefoxRun[]): string {
  return `page read all answers in ${pageSeconds(runs)} (${httpSummary(runs)})`;
}

/** Sizes of a full run (CAPTURE_FIREFOX_CALLS="1000,10000" overrides). */
function sizes(opts: BenchOptions): number[] {
  if (opts.quick) return [300];
  const own = process.env.CAPTURE_FIREFOX_CALLS;
  const list = own ? own.split(',').map((s) => Number(s.trim())) : [1000, 10_000];
  if (list.some((n) => !Number.isInteger(n) || n < 2))
    throw new Error(`CAPTURE_FIREFOX_CALLS: "${own}" is not a list of call counts (e.g. 1000,10000)`);
  return list;
}

/** Run the Firefox capture benchmark (needs `npm run build`). */
export async function benchCaptureFirefox(opts: BenchOptions): Promise<Figure[]> {
  const floor = floorDir();
  const ours = snapshotFirefoxBuild();
  const reps = opts.quick ? 1 : Number(process.env.CAPTURE_FIREFOX_REPS ?? 3);
  const subjects = 'dir' in floor ? [OURS, FLOOR] : [OURS];
  const { sandbox, templates } = await benchSandbox();
  const figures: Figure[] = [];
  let b: FirefoxBench | null = null;
  try {
    for (const calls of sizes(opts)) {
      const runs: Record<Subject['name'], FirefoxRun[]> = { ours: [], floor: [] };
      for (let rep = 0; rep < reps; rep++) {
        // Interleaved, the first subject alternating.
        const order = rep % 2 ? [...subjects].reverse() : subjects;
        for (const s of order) {
          // A fresh browser per run: in one Firefox session the page's own time grew run after run (105 →
          // 255 s at 10,000 calls, with either panel), so a later run measured the browser's age.
          b = await launchFirefoxBench('dir' in floor ? [ours, floor.dir] : [ours]);
          if (b.ids[0] !== GECKO_ID) throw new Error(`our build installed as ${b.ids[0]}, not ${GECKO_ID}`);
          const r = await runOnce(b, sandbox, templates, s, calls, `${calls}-${rep}`);
          await b.close();
          b = null;
          process.stderr.write(
            `  firefox ${s.name} ${calls}: tail ${r.trailingMs} ms${r.complete ? '' : ` (${r.dropped} missing)`}, page ${round(r.page.pageMs / 1000, 1)} s, panel process stalled ${round(r.stalledMs / 1000, 1)} s (longest ${r.maxStallMs} ms)\n`,
          );
          runs[s.name].push(r);
        }
      }
      const n = calls.toLocaleString('en');
      const floorRuns = runs.floor;
      const floorNote = floorRuns.length
        ? `floor ${spread(floorRuns.map((r) => r.trailingMs)).max.toFixed(
            0,
          )} ms worst, page ${pageSeconds(floorRuns)}`
        : 'floor skipped';
      figures.push(
        tailFigure(
          `capture in Firefox ${n} calls: our panel lists all, after the last answer (worst run)`,
          runs.ours,
          opts.quick || calls < 10_000 ? undefined : BUDGET_MS,
          `${floorNote}; ${describe(runs.ours)}`,
        ),
        {
          name: `capture in Firefox ${n} calls: dropped by our panel`,
          value: Math.max(...runs.ours.map((r) => r.dropped)),
          unit: '',
          budget: 0,
          detail: `worst of ${reps} runs; floor ${floorRuns.length ? Math.max(...floorRuns.map((r) => r.dropped)) : '—'}`,
        },
      );
      if (floorRuns.length) {
        const ratio =
          spread(runs.ours.map((r) => r.page.pageMs)).median /
          spread(floorRuns.map((r) => r.page.pageMs)).median;
        figures.push(
          tailFigure(
            `capture in Firefox ${n} calls: floor panel lists all, after the last answer (worst run)`,
            floorRuns,
            undefined,
            describe(floorRuns),
          ),
          {
            name: `capture in Firefox ${n} calls: page time, our panel vs the floor's`,
            value: round(ratio, 2),
            unit: '×',
            detail: `medians; ours ${pageSeconds(runs.ours)}, floor ${pageSeconds(floorRuns)}`,
          },
        );
      }
    }
    figures.push(...floorSkipped('capture in Firefox', floor));
  } finally {
    await b?.close();
    await sandbox.close();
    discard(ours);
  }
  return figures;
}
