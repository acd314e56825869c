/**
 * One run of the capture benchmark: a tab on the sandbox with DevTools open on a panel (ours or the floor),
 * the page's N calls, the panel's tail behind the page, and what each process spent meanwhile.
 */
import type { Page } from 'playwright-core';
import {
  callExpression,
  domNodes,
  heapMb,
  showPanel,
  waitFor,
  type BenchBrowser,
  type ChildSession,
  type DockSide,
} from './browser-cdp';
import {
  benchSignature,
  IN_FLIGHT,
  PANEL_START_MS,
  pageWorkload,
  type CallTemplate,
  type PageRun,
} from './browser-workload';
import { chromiumProcesses, rendererOf, sample, spentBy, spinExpression } from './process-cpu';

// A panel whose count stands still this long has listed all it ever will.
const QUIET_MS = 3000;

/** A panel under test and how to read its count of listed calls. */
export interface Subject {
  name: 'ours' | 'floor';
  title: string;
  page: string;
  count: string;
}

/** Our panel. */
export const OURS: Subject = {
  name: 'ours',
  title: 'CME',
  page: '/devtools-panel.html',
  count: 'window.__cmePanel.count()',
};
/** The floor extension's panel (/work/shared/bench-floor). */
export const FLOOR: Subject = {
  name: 'floor',
  title: 'Floor',
  page: '/panel.html',
  count: 'window.__floor.received',
};

/** The panel frame's main thread, from CDP `Performance.getMetrics` (differences over the page's run). */
export interface FrameWork {
  taskMs: number;
  scriptMs: number;
  layoutMs: number;
  styleMs: number;
  layouts: number;
}

/** What one run measured. */
export interface Run {
  /** ms from the page's last answer to the panel listing all calls (or its last change, if it never did). */
  trailingMs: number;
  complete: boolean;
  dropped: number;
  heapMb: number;
  dom: number;
  page: PageRun;
  /** CPU ms per process over the page's run (page, panel, DevTools, browser, GPU, utility, sandbox…). */
  cpu: Record<string, number>;
  /** The panel frame's main thread over the page's run. */
  frame: FrameWork;
  /** The panel's list height in rows (how many rows a frame may lay out). */
  rowsInView: number;
  /** Animation frames the panel got per second of the page's run (0: it gets none, as when hidden). */
  fps: number;
}

/** What a run needs besides the browser. */
export interface RunSetup {
  sandboxUrl: string;
  sandboxPid: number;
  templates: CallTemplate[];
  dock: DockSide;
}

/** In the panel, every 5 ms: the instant the count last changed, and when it reached `base + calls`. */
function watcher(count: string, calls: number): string {
  return `(() => {
    const base = ${count};
    const w = (window.__benchWatch = { base, last: base, changedAt: 0, doneAt: 0, frames: 0 });
    const frame = () => { w.frames++; if (!w.doneAt) requestAnimationFrame(frame); };
    requestAnimationFrame(frame);
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
  frames: number;
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

type Metrics = Record<string, number>;

async function frameMetrics(send: (m: string) => Promise<unknown>): Promise<Metrics> {
  const { metrics } = (await send('Performance.getMetrics')) as {
    metrics: { name: string; value: number }[];
  };
  return Object.fromEntries(metrics.map((m) => [m.name, m.value]));
}

function frameWork(a: Metrics, b: Metrics): FrameWork {
  const d = (k: string) => (b[k] ?? 0) - (a[k] ?? 0);
  return {
    taskMs: d('TaskDuration') * 1000,
    scriptMs: d('ScriptDuration') * 1000,
    layoutMs: d('LayoutDuration') * 1000,
    styleMs: d('RecalcStyleDuration') * 1000,
    layouts: d('LayoutCount'),
  };
}

/** Names Chromium's processes for the CPU split: the three renderers the run is about, else by type. */
async function processNames(
  b: BenchBrowser,
  page: Page,
  spinIn: { panel: (e: string) => Promise<unknown>; frontEnd: (e: string) => Promise<unknown> },
): Promise<Map<number, string>> {
  const names = new Map<number, string>();
  for (const [pid, type] of await chromiumProcesses(b.root))
    names.set(pid, type === 'renderer' ? 'other renderers' : type === 'GPU' ? 'gpu' : type.toLowerCase());
  const pageRenderer = await rendererOf(b.root, (ms) => page.evaluate(spinExpression(ms)));
  const panelRenderer = await rendererOf(b.root, (ms) => spinIn.panel(spinExpression(ms)));
  const frontRenderer = await rendererOf(b.root, (ms) => spinIn.frontEnd(spinExpression(ms)));
  if (pageRenderer !== null) names.set(pageRenderer, 'page');
  if (panelRenderer !== null) names.set(panelRenderer, 'panel+extension');
  if (frontRenderer !== null) names.set(frontRenderer, 'devtools front end');
  return names;
}

/** Work around the page's run (a trace, a profile): given the processes' names by pid. */
export interface RunHooks {
  beforePage?(names: ReadonlyMap<number, string>, panel: ChildSession): Promise<void>;
  /** After the panel listed every call (or stood still). */
  afterTail?(names: ReadonlyMap<number, string>, panel: ChildSession): Promise<void>;
}

/** One run: `s`'s panel shown in `dock`ed DevTools while the page makes `calls` calls. */
export async function runOnce(
  b: BenchBrowser,
  setup: RunSetup,
  s: Subject,
  calls: number,
  tag: string,
  hooks: RunHooks = {},
): Promise<Run> {
  const page = await b.open(`${setup.sandboxUrl}/?capture=${s.name}-${tag}`);
  const shown = await showPanel(b, page, s.title, s.page, setup.dock);
  try {
    const ready = await waitFor(() => shown.panel.evaluate<boolean>(`(${s.count}) >= 0`), 20_000);
    if (!ready) throw new Error(`the ${s.name} panel never exposed its count (${s.count})`);
    // Calls made meanwhile would come from the HAR backlog, but start-up is kept out of the page's run.
    await new Promise((r) => setTimeout(r, PANEL_START_MS));
    const names = await processNames(b, page, {
      panel: (e) => shown.panel.evaluate(e),
      frontEnd: (e) => shown.frontEnd.evaluate(e),
    });
    names.set(setup.sandboxPid, 'sandbox');
    const nameOf = (pid: number) => names.get(pid) ?? 'other renderers';
    const rowsInView = await shown.panel.evaluate<number>(
      `Math.floor((document.querySelector('.cme-list-scroller')?.clientHeight ?? innerHeight) / 22)`,
    );
    await shown.panel.send('Performance.enable');
    const base = await shown.panel.evaluate<number>(watcher(s.count, calls));
    const signature = await benchSignature(setup.sandboxUrl);
    const pids = [...names.keys()];
    await hooks.beforePage?.(names, shown.panel);
    const m0 = await frameMetrics((m) => shown.panel.send(m));
    const cpu0 = sample(pids);
    const run = (await page.evaluate(
      callExpression(pageWorkload, { calls, inFlight: IN_FLIGHT, signature, templates: setup.templates }),
    )) as PageRun;
    const cpu1 = sample(pids);
    const frames = (await shown.panel.evaluate<Watch>('window.__benchWatch')).frames;
    const m1 = await frameMetrics((m) => shown.panel.send(m));
    const watch = await settled(() => shown.panel.evaluate<Watch>('window.__benchWatch'), QUIET_MS, 60_000);
    const listed = (await shown.panel.evaluate<number>(s.count)) - base;
    await hooks.afterTail?.(names, shown.panel);
    return {
      trailingMs: Math.max(0, (watch.doneAt || watch.changedAt) - run.lastAnswerAt),
      complete: watch.doneAt > 0,
      dropped: Math.max(0, calls - listed),
      heapMb: await heapMb(shown.panel),
      dom: await domNodes(shown.panel),
      page: run,
      cpu: spentBy(cpu0, cpu1, nameOf),
      frame: frameWork(m0, m1),
      rowsInView,
      fps: frames / (run.pageMs / 1000),
    };
  } finally {
    await shown.panel.detach();
    await shown.frontEnd.detach();
    await page.close();
  }
}
