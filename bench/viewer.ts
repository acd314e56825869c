/**
 * viewer: the HAR viewer (the panel page as a tab, `?mode=viewer`) importing a generated HAR of ~100 MB
 * (5 MB with --quick) from disk, as a user picks it. Measured: time to all calls listed, calls/s and MB/s,
 * and the page's JS heap sampled through the import (peak) and after GC; beside it, in the same page, the
 * whole-file way the viewer imported before (`file.text()` + `JSON.parse`, before any decoding).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CDPSession, Page } from 'playwright-core';
import { launchBench, waitFor } from './browser-cdp';
import { discard, snapshotBuild } from './browser-ext';
import { writeHar } from './cli-files';
import { round, type BenchOptions, type Figure } from './figures';

const MB = 1024 * 1024;

async function heapNow(cdp: CDPSession): Promise<number> {
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  return usedSize / MB;
}

async function heapAfterGc(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  return heapNow(cdp);
}

/** Runs `work` to its end while sampling the heap every 25 ms; the work's time and the peak heap. */
async function sampled(cdp: CDPSession, work: () => Promise<unknown>): Promise<{ ms: number; peak: number }> {
  let peak = await heapNow(cdp);
  let running = true;
  const sampler = (async () => {
    while (running) {
      peak = Math.max(peak, await heapNow(cdp).catch(() => 0));
      await new Promise((r) => setTimeout(r, 25));
    }
  })();
  const t0 = performance.now();
  try {
    await work();
  } finally {
    running = false;
    await sampler;
  }
  return { ms: performance.now() - t0, peak };
}

/** Imports `path` through the Import input; resolves with the number of calls listed once it is done. */
async function importFile(page: Page, path: string): Promise<number> {
  await page.setInputFiles('input[name="import"]', path);
  const done = await waitFor(
    () =>
      page.evaluate(() => {
        const phase = document.querySelector('[data-import]')?.getAttribute('data-import');
        if (phase === 'failed' || phase === 'cancelled') throw new Error(`the import ${phase}`);
        return phase === 'done'
          ? (window as unknown as { __cmePanel: { count(): number } }).__cmePanel.count()
          : null;
      }),
    600_000,
    20,
  );
  if (done === null) throw new Error('the import never finished');
  return done;
}

/** Run the viewer benchmark (needs `npm run build`). */
export async function benchViewer(opts: BenchOptions): Promise<Figure[]> {
  const ours = snapshotBuild();
  const dir = mkdtempSync(join(tmpdir(), 'cme-bench-viewer-'));
  const path = join(dir, 'big.har');
  const size = writeHar(path, opts.quick ? 5 : 100);
  const b = await launchBench([ours]);
  try {
    const page = await b.open(`chrome-extension://${b.ourId}/devtools-panel.html?mode=viewer`);
    await page.waitForFunction(() => '__cmePanel' in window);
    const cdp = await b.context.newCDPSession(page);
    await cdp.send('HeapProfiler.enable');
    const before = await heapAfterGc(cdp);
    // Main-thread tasks over 50 ms during the import: how responsive the viewer stays.
    await page.evaluate(() => {
      const w = window as unknown as { __longTasks: number[] };
      w.__longTasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.__longTasks.push(e.duration);
      }).observe({ type: 'longtask' });
    });
    let calls = 0;
    const ours1 = await sampled(cdp, async () => (calls = await importFile(page, path)));
    const after = await heapAfterGc(cdp);
    const longTasks = await page.evaluate(() => (window as unknown as { __longTasks: number[] }).__longTasks);
    // The way the viewer read a file before: the whole text, then JSON.parse (its decoding came on top).
    await page.evaluate(() => {
      const input = document.createElement('input');
      input.type = 'file';
      input.id = 'bench-whole';
      document.body.append(input);
    });
    await page.setInputFiles('#bench-whole', path);
    const baseline = await sampled(cdp, () =>
      page.evaluate(async () => {
        const input = document.getElementById('bench-whole') as HTMLInputElement;
        const har = JSON.parse(await input.files![0]!.text()) as { log: { entries: unknown[] } };
        return har.log.entries.length;
      }),
    );
    const mb = size / MB;
    const s = ours1.ms / 1000;
    return [
      {
        name: `viewer: import a ${round(mb, 0)} MB HAR (${calls.toLocaleString('en')} calls)`,
        value: round(ours1.ms, 0),
        unit: 'ms',
        detail: `${round(calls / s, 0).toLocaleString('en')} calls/s, ${round(mb / s, 1)} MB/s; the whole-file text + JSON.parse alone (the old import's first step): ${round(baseline.ms, 0)} ms`,
      },
      {
        name: `viewer: import throughput`,
        value: round(calls / s, 0),
        unit: 'calls/s',
        detail: `${round(mb / s, 1)} MB/s`,
      },
      {
        name: `viewer: longest main-thread task while importing`,
        value: round(Math.max(0, ...longTasks), 0),
        unit: 'ms',
        detail: `${longTasks.length} tasks over 50 ms during the import (${round(
          longTasks.reduce((a, d) => a + d, 0),
          0,
        )} ms in all)`,
      },
      {
        name: `viewer: peak JS heap importing ${round(mb, 0)} MB`,
        value: round(ours1.peak, 1),
        unit: 'MB',
        detail: `before ${round(before, 1)} MB, after GC with the calls listed ${round(after, 1)} MB; text + JSON.parse of the whole file peaks at ${round(baseline.peak, 1)} MB`,
      },
    ];
  } finally {
    await b.close();
    discard(ours);
    rmSync(dir, { recursive: true, force: true });
  }
}
