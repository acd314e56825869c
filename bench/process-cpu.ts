/**
 * CPU time per process of a benchmark run: Chromium's processes (from CDP `SystemInfo.getProcessInfo`),
 * each renderer named by the target it runs (found by a short busy loop evaluated in that target), and
 * other processes (the sandbox) by pid. Read from /proc/<pid>/stat (user + system time) on Linux.
 */
import { readFileSync } from 'node:fs';
import type { CDPSession } from 'playwright-core';

const TICK_MS = 10; // USER_HZ is 100 on Linux

/** A process's user + system CPU time in ms, or null when it is gone (or not on Linux). */
export function cpuMs(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may hold spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return null;
  }
}

/** Chromium's processes: pid → type (`browser`, `renderer`, `GPU`, `utility`…). */
export async function chromiumProcesses(root: CDPSession): Promise<Map<number, string>> {
  const { processInfo } = (await root.send('SystemInfo.getProcessInfo')) as {
    processInfo: { type: string; id: number }[];
  };
  return new Map(processInfo.map((p) => [p.id, p.type]));
}

/** CPU ms of each pid now. */
export function sample(pids: Iterable<number>): Map<number, number> {
  const out = new Map<number, number>();
  for (const pid of pids) {
    const ms = cpuMs(pid);
    if (ms !== null) out.set(pid, ms);
  }
  return out;
}

/**
 * The renderer that runs `spin` (an evaluation of a busy loop in one target): the renderer whose CPU time
 * grew most while it ran, by at least 50 ms and twice any other's (the machine may be shared: up to three
 * tries); null when none did.
 */
export async function rendererOf(
  root: CDPSession,
  spin: (ms: number) => Promise<unknown>,
  ms = 400,
): Promise<number | null> {
  const renderers = [...(await chromiumProcesses(root))].filter(([, t]) => t === 'renderer').map(([p]) => p);
  for (let attempt = 0; attempt < 3; attempt++) {
    const before = sample(renderers);
    await spin(ms);
    const after = sample(renderers);
    const grown = [...after]
      .map(([pid, t]) => [pid, t - (before.get(pid) ?? t)] as const)
      .sort((a, b) => b[1] - a[1]);
    if (process.env.BENCH_DEBUG_CPU) console.error('rendererOf', JSON.stringify(grown));
    const [first, second] = grown;
    if (first && first[1] >= 50 && first[1] >= 2 * (second?.[1] ?? 0)) return first[0];
  }
  return null;
}

/** A busy loop of `ms`, as an expression to evaluate in a target. */
export function spinExpression(ms: number): string {
  return `(() => { const end = performance.now() + ${ms}; let n = 0; while (performance.now() < end) n++; return n; })()`;
}

/** CPU ms spent between two samples, grouped by `nameOf(pid)`; processes that were not in both count what they have. */
export function spentBy(
  before: Map<number, number>,
  after: Map<number, number>,
  nameOf: (pid: number) => string,
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [pid, t] of after) {
    const name = nameOf(pid);
    out[name] = (out[name] ?? 0) + (t - (before.get(pid) ?? 0));
  }
  return out;
}
