/**
 * The capture benchmark's traffic: a sandbox seeded so answers run 0.2–10 KB, a fixed mix of a login and
 * 11 client API actions (5% error Codes, 1% HTTP 500), and the function the inspected page runs to make
 * the calls with a number in flight, reading every answer.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { startSandbox, type RunningSandbox } from '../lib/node/sandbox/main';
import { findPlatform, type Owner } from '../lib/node/sandbox/model';
import { DEFAULT_PLATFORM } from '../lib/node/sandbox/options';
import { makeMaterial } from '../lib/node/sandbox/seed';

const USER = 'bench_user';
const OWNER: Owner = { Type: 'PERSON', Id: USER };
const MEDIA = 12;

/** A client API call the page makes: path after the base (`PaaS/…` or `proxy/PaaS/…`) and its body. */
export type CallTemplate = [path: string, body: Record<string, unknown>];

/** Starts the sandbox for the browser benchmarks: DeleteTask fails with HTTP 500, the user has media. */
export async function benchSandbox(): Promise<{ sandbox: RunningSandbox; templates: CallTemplate[] }> {
  const sandbox = await startSandbox({
    port: 0,
    quiet: true,
    // The benchmarks load snapshots of the build from temporary folders, whose Chrome ids the sandbox cannot
    // derive from this checkout: it serves any Chrome extension (only ours, the floor and a baseline run).
    allowOrigins: ['chrome-extension://*'],
    logError: () => {},
    handlers: {
      DeleteTask: () => {
        throw new Error('bench: a failing upstream');
      },
    },
  });
  const p = findPlatform(sandbox.state, DEFAULT_PLATFORM);
  if (!p) throw new Error(`the sandbox has no ${DEFAULT_PLATFORM}`);
  for (let i = 0; i < MEDIA; i++) {
    p.materials.push(
      makeMaterial({
        Name: i % 2 ? `clip-${i}.mp4` : `发布会素材-${i}.mp4`,
        MaterialType: 'VIDEO',
        ClassId: 0,
        Owner: OWNER,
        nowMs: Date.now(),
        Tags: ['bench', '发布会'],
        Duration: 12.5,
        Width: 1920,
        Height: 1080,
        Size: 1_048_576 + i,
      }),
    );
  }
  const ids = p.materials.filter((m) => m.Owner.Id === USER).map((m) => m.MaterialId);
  return { sandbox, templates: templates(ids) };
}

/** The bench sandbox served by a child process (bench/sandbox-process.ts). */
export interface SandboxProcess {
  url: string;
  templates: CallTemplate[];
  /** The child's process id (its CPU time is read from /proc). */
  pid: number;
  close(): Promise<void>;
}

/**
 * Starts `benchSandbox()` in a Node process of its own, as a developer's dev server runs: the sandbox's
 * answers then cost the bench process (which drives the browser over CDP) nothing, and its CPU is its own.
 */
export async function benchSandboxProcess(): Promise<SandboxProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/sandbox-process.ts'], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout });
  const first = await new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`the bench sandbox process exited (${code})`)));
  });
  lines.close();
  const { url, templates } = JSON.parse(first) as { url: string; templates: CallTemplate[] };
  return {
    url,
    templates,
    pid: child.pid ?? 0,
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.stdin.end();
        setTimeout(() => child.kill(), 5000).unref();
      }),
  };
}

/** 100 call templates; call i of a run uses template i % 100. */
function templates(ids: string[]): CallTemplate[] {
  const P = DEFAULT_PLATFORM;
  const out: CallTemplate[] = [];
  const add = (n: number, make: (k: number) => CallTemplate) => {
    for (let k = 0; k < n; k++) out.push(make(k));
  };
  add(37, (k) => ['PaaS/Material/ListMedia', { Platform: P, Owner: OWNER, ClassId: 0, Limit: (k % 10) + 1 }]);
  add(8, (k) => ['proxy/PaaS/Material/ListMedia', { Platform: P, Owner: OWNER, ClassId: 0, Limit: k + 1 }]);
  add(10, (k) => [
    'PaaS/Material/DescribeMaterials',
    { Platform: P, MaterialIds: ids.slice(0, (k % 5) + 1) },
  ]);
  add(8, (k) => [
    'PaaS/Material/SearchMaterial',
    { Platform: P, SearchScopes: [{ Owner: OWNER }], Limit: k + 1 },
  ]);
  add(6, () => ['PaaS/Material/DescribeClass', { Platform: P, Owner: OWNER }]);
  add(6, () => ['PaaS/Team/DescribeTeams', { Platform: P }]);
  add(6, () => ['PaaS/Team/DescribeJoinTeams', { Platform: P, MemberId: USER }]);
  add(6, () => ['PaaS/Project/DescribeProjects', { Platform: P }]);
  add(4, () => ['PaaS/Task/DescribeTasks', { Platform: P }]);
  add(3, () => ['PaaS/Project/SearchProject', { Platform: P, Name: 'demo' }]);
  add(5, () => ['PaaS/Material/DeleteMaterial', { Platform: P, MaterialId: 'no_such_material' }]);
  add(1, () => ['PaaS/Task/DeleteTask', { Platform: P, TaskId: 'task_bench' }]);
  // Spread the failures over the cycle rather than bunching them at its end.
  return out.map((_, i) => out[(i * 37) % out.length]!);
}

/** A Login signature for the bench user, from the sandbox's stand-in developer backend. */
export async function benchSignature(sandboxUrl: string): Promise<string> {
  const res = await fetch(`${sandboxUrl}/dev/signature`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ userId: USER }),
  });
  return ((await res.json()) as { signature: string }).signature;
}

/** Calls the page keeps in flight in the capture benchmarks (issue #20's workload). */
export const IN_FLIGHT = 50;
/**
 * How long the capture benchmarks wait once a panel shows its count, before the page's calls: our panel
 * starts capturing a moment after its hook appears (it reads its log first), and start-up stays out of the
 * page's run.
 */
export const PANEL_START_MS = 1500;

/** What the page reports after its calls. */
export interface PageRun {
  /** Date.now() when the last answer had been read. */
  lastAnswerAt: number;
  pageMs: number;
  failures: number;
  statuses: Record<string, number>;
}

/** Arguments of `pageWorkload`. */
export interface PageWorkloadArgs {
  calls: number;
  inFlight: number;
  signature: string;
  templates: CallTemplate[];
}

/** Runs in the inspected page (same origin as the sandbox): a login, then `calls - 1` API calls. */
export async function pageWorkload(args: PageWorkloadArgs): Promise<PageRun> {
  const started = performance.now();
  const statuses: Record<string, number> = {};
  let failures = 0;
  let lastAnswerAt = 0;
  const login = (await (await fetch(`/?signature=${encodeURIComponent(args.signature)}`)).json()) as {
    Response?: { Authorization?: string };
    Data?: { Authorization?: string };
  };
  const auth = login.Response?.Authorization ?? login.Data?.Authorization ?? '';
  let next = 1;
  const worker = async () => {
    while (next < args.calls) {
      const i = next++;
      const [path, body] = args.templates[i % args.templates.length]!;
      try {
        const res = await fetch(`/${path}?auth=${encodeURIComponent(auth)}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        await res.json();
        statuses[res.status] = (statuses[res.status] ?? 0) + 1;
      } catch {
        failures++;
      }
      lastAnswerAt = Date.now();
    }
  };
  await Promise.all(Array.from({ length: args.inFlight }, worker));
  return { lastAnswerAt, pageMs: performance.now() - started, failures, statuses };
}

/** The HTTP statuses and fetch failures of runs' pages, e.g. `HTTP 200×29697 500×300, 0 fetch failures`. */
export function httpSummary(runs: { page: PageRun }[]): string {
  const statuses: Record<string, number> = {};
  for (const r of runs)
    for (const [k, n] of Object.entries(r.page.statuses)) statuses[k] = (statuses[k] ?? 0) + n;
  const http = Object.entries(statuses)
    .map(([k, n]) => `${k}×${n}`)
    .join(' ');
  const failures = runs.reduce((n, r) => n + r.page.failures, 0);
  return `HTTP ${http}, ${failures} fetch failures`;
}
