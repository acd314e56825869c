/**
 * `tsx bench/capture-profile.ts [calls] [ours|floor] [bottom|undocked]`: one capture run (headed on Xvfb
 * unless BENCH_HEADLESS=1) with a Chromium trace (devtools.timeline, v8, blink, IndexedDB) over the page's
 * run and the tail, summarised for the panel's renderer main thread: self time by event, the top-level
 * tasks, layouts and IndexedDB transactions. The trace is kept at /tmp/cme-capture-trace.json, the panel's CPU profile at
 * /tmp/cme-capture-cpuprofile.cpuprofile.
 */
import { writeFileSync } from 'node:fs';
import { launchBench, type DockSide } from './browser-cdp';
import { discard, floorDir, snapshotBuild } from './browser-ext';
import { benchSandboxProcess } from './browser-workload';
import { FLOOR, OURS, runOnce } from './capture-run';
import { openDisplay } from './xvfb';

interface CpuProfile {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
    children?: number[];
  }[];
  samples: number[];
  timeDeltas: number[];
}

/** Self and total ms by function (url:line), from a sampling profile. */
function profileTable(p: CpuProfile): string[] {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  const label = (id: number) => {
    const f = byId.get(id)!.callFrame;
    return `${f.functionName || '(anon)'} ${f.url.split('/').pop()}:${f.lineNumber + 1}:${f.columnNumber + 1}`;
  };
  p.samples.forEach((id, i) => {
    const ms = (p.timeDeltas[i + 1] ?? 0) / 1000;
    self.set(label(id), (self.get(label(id)) ?? 0) + ms);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const l = label(at);
      if (seen.has(l)) continue;
      seen.add(l);
      total.set(l, (total.get(l) ?? 0) + ms);
    }
  });
  const top = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 40)
      .map(([k, v]) => `${v.toFixed(0).padStart(7)}  ${k}`);
  return ['-- self ms by function', ...top(self), '-- total ms by function', ...top(total)];
}

interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: { name?: string; data?: Record<string, unknown> };
}

const CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'disabled-by-default-devtools.timeline.frame',
  'v8',
  'v8.execute',
  'blink',
  'blink.user_timing',
  'IndexedDB',
  'toplevel',
  'disabled-by-default-v8.gc',
];

/** Self time (ms) of each event name on one thread, from its complete ('X') events. */
function selfTimes(events: TraceEvent[]): Map<string, { self: number; total: number; n: number }> {
  const out = new Map<string, { self: number; total: number; n: number }>();
  const xs = events
    .filter((e) => e.ph === 'X' && e.dur !== undefined)
    .sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
  const stack: { e: TraceEvent; end: number; child: number }[] = [];
  const close = (upTo: number) => {
    while (stack.length && stack[stack.length - 1]!.end <= upTo) {
      const top = stack.pop()!;
      const key = labelOf(top.e);
      const o = out.get(key) ?? { self: 0, total: 0, n: 0 };
      o.self += (top.e.dur! - top.child) / 1000;
      o.total += top.e.dur! / 1000;
      o.n++;
      out.set(key, o);
      if (stack.length) stack[stack.length - 1]!.child += top.e.dur!;
    }
  };
  for (const e of xs) {
    close(e.ts);
    stack.push({ e, end: e.ts + e.dur!, child: 0 });
  }
  close(Infinity);
  return out;
}

function labelOf(e: TraceEvent): string {
  const data = e.args?.data;
  if (e.name === 'FunctionCall' && data)
    return `FunctionCall ${String(data.functionName || '?')} ${String(data.url ?? '')
      .split('/')
      .pop()}:${String(data.lineNumber ?? '')}`;
  if (e.name === 'EventDispatch' && data) return `EventDispatch ${String(data.type)}`;
  return e.name;
}

const [callsArg, who = 'ours', dockArg = 'bottom'] = process.argv.slice(2);
const calls = Number(callsArg) || 1000;
const dock: DockSide = dockArg === 'undocked' ? 'undocked' : 'bottom';
const subject = who === 'floor' ? FLOOR : OURS;
const floor = floorDir();
const display = process.env.BENCH_HEADLESS === '1' ? null : await openDisplay();
const sandbox = await benchSandboxProcess();
const ours = snapshotBuild();
const b = await launchBench('dir' in floor ? [ours, floor.dir] : [ours], {
  devtools: true,
  ...(display ? { display: display.display } : {}),
});
const collected: TraceEvent[] = [];
let panelPid = 0;
let profile: CpuProfile | null = null;
try {
  b.root.on('Tracing.dataCollected', (e) => void collected.push(...(e.value as unknown as TraceEvent[])));
  const run = await runOnce(
    b,
    { sandboxUrl: sandbox.url, sandboxPid: sandbox.pid, templates: sandbox.templates, dock },
    subject,
    calls,
    'profile',
    {
      async beforePage(names, panel) {
        panelPid = [...names].find(([, n]) => n === 'panel+extension')?.[0] ?? 0;
        await panel.send('Profiler.enable');
        await panel.send('Profiler.setSamplingInterval', { interval: 500 });
        await panel.send('Profiler.start');
        await b.root.send('Tracing.start', {
          traceConfig: { includedCategories: CATEGORIES, recordMode: 'recordContinuously' },
          transferMode: 'ReportEvents',
        });
      },
      async afterTail(_names, panel) {
        profile = (await panel.send<{ profile: CpuProfile }>('Profiler.stop')).profile;
        const done = new Promise<void>((r) => b.root.once('Tracing.tracingComplete', () => r()));
        await b.root.send('Tracing.end');
        await done;
      },
    },
  );
  writeFileSync('/tmp/cme-capture-trace.json', JSON.stringify({ traceEvents: collected }));
  const threadName = new Map<string, string>();
  for (const e of collected)
    if (e.ph === 'M' && e.name === 'thread_name') threadName.set(`${e.pid}:${e.tid}`, e.args?.name ?? '');
  const main = collected.filter(
    (e) => e.pid === panelPid && threadName.get(`${e.pid}:${e.tid}`) === 'CrRendererMain',
  );
  const times = [...selfTimes(main)].sort((a, b) => b[1].self - a[1].self);
  const tasks = main.filter(
    (e) => e.ph === 'X' && (e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask'),
  );
  const busy = tasks.reduce((a, e) => a + e.dur! / 1000, 0);
  console.log(
    `${subject.name} ${calls} calls ${dock} ${display ? 'headed' : 'headless'}: page ${Math.round(run.page.pageMs)} ms, tail ${run.trailingMs} ms, panel pid ${panelPid}; main-thread tasks ${tasks.length}, ${Math.round(busy)} ms`,
  );
  console.log(`cpu ${JSON.stringify(run.cpu)}`);
  console.log('self ms  total ms  count  event');
  for (const [name, t] of times.slice(0, 45))
    console.log(
      `${t.self.toFixed(0).padStart(7)}  ${t.total.toFixed(0).padStart(8)}  ${String(t.n).padStart(5)}  ${name}`,
    );
  // RASTER: the rendering steps of the panel's process (all threads).
  const steps = new Map<string, { ms: number; n: number }>();
  for (const e of collected)
    if (
      e.pid === panelPid &&
      e.ph === 'X' &&
      e.dur &&
      [
        'RasterTask',
        'Paint',
        'Commit',
        'LocalFrameView::performLayout',
        'Document::rebuildLayoutTree',
        'Layerize',
        'PaintArtifactCompositor::Update',
      ].includes(e.name)
    ) {
      const o = steps.get(e.name) ?? { ms: 0, n: 0 };
      o.ms += e.dur / 1000;
      o.n++;
      steps.set(e.name, o);
    }
  console.log(`rendering: ${[...steps].map(([k, v]) => `${k} ${Math.round(v.ms)} ms/${v.n}`).join(', ')}`);
  const cpuProfile = profile as CpuProfile | null;
  if (cpuProfile) {
    writeFileSync('/tmp/cme-capture-cpuprofile.cpuprofile', JSON.stringify(cpuProfile));
    for (const line of profileTable(cpuProfile)) console.log(line);
  }
  // Other threads of the panel's process (compositor, IndexedDB, workers).
  const threads = new Map<string, number>();
  for (const e of collected)
    if (e.pid === panelPid && e.ph === 'X' && e.dur)
      threads.set(
        threadName.get(`${e.pid}:${e.tid}`) ?? String(e.tid),
        (threads.get(threadName.get(`${e.pid}:${e.tid}`) ?? String(e.tid)) ?? 0) + e.dur / 1000,
      );
  console.log(
    `threads (sum of X durations, nested counted twice): ${JSON.stringify(Object.fromEntries([...threads].map(([k, v]) => [k, Math.round(v)])))}`,
  );
} finally {
  await b.close();
  discard(ours);
  await sandbox.close();
  display?.stop();
}
