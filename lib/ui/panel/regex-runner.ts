/**
 * Runs the regex filter's body matching in a worker with a time budget. One pass runs at a time; a
 * pass asked for while one runs waits, and only the latest waiting one is kept. A pass that is still
 * matching after the budget has its worker terminated (the only way to stop a backtracking regex)
 * and answers `too-slow`; the next pass starts a fresh worker. The worker keeps the rows' search
 * texts, so typing sends only the texts it does not hold yet.
 */
import type { MatchAnswer, MatchRequest } from './regex-worker-core';

/** Default budget of one filter pass's matching (ms). */
export const REGEX_BUDGET_MS = 200;
/** How long a worker may take to load and receive its texts before a pass counts as failed (ms). */
export const REGEX_START_MS = 10_000;

/** What the runner needs of a worker (a Web Worker, or a test's stand-in). */
export interface WorkerLike {
  postMessage(message: MatchRequest): void;
  terminate(): void;
  onmessage: ((event: { data: MatchAnswer }) => void) | null;
  onerror: ((event: unknown) => void) | null;
}

/** Timers (injected by tests). */
export interface RunnerTimers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

/** How a pass ended. */
export type RegexOutcome =
  | { kind: 'done'; matched: ReadonlySet<number> }
  | { kind: 'too-slow'; budgetMs: number }
  | { kind: 'failed'; message: string }
  /** A newer pass was asked for before this one started, or the runner was disposed. */
  | { kind: 'superseded' };

/** One pass: which rows (`items`) to test, and all rows still listed (`live`, to forget the others). */
export interface RegexPass {
  source: string;
  flags: string;
  items: readonly { id: number; text?: string }[];
  live: readonly { id: number; text?: string }[];
}

export interface RegexRunner {
  /** The pass's outcome; never rejects. */
  match(pass: RegexPass): Promise<RegexOutcome>;
  /** Terminates the worker; waiting passes answer `superseded`. */
  dispose(): void;
  readonly budgetMs: number;
}

export interface RegexRunnerOptions {
  createWorker: () => WorkerLike | Promise<WorkerLike>;
  budgetMs?: number;
  startMs?: number;
  timers?: RunnerTimers;
}

const realTimers: RunnerTimers = {
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

interface Running {
  pass: number;
  resolve: (outcome: RegexOutcome) => void;
  timer: unknown;
}

/** A runner over workers from `createWorker`. */
export function createRegexRunner(options: RegexRunnerOptions): RegexRunner {
  const budgetMs = options.budgetMs ?? REGEX_BUDGET_MS;
  const startMs = options.startMs ?? REGEX_START_MS;
  const timers = options.timers ?? realTimers;
  let worker: WorkerLike | null = null;
  // Texts the current worker holds, by row id.
  const known = new Map<number, string>();
  let passes = 0;
  let running: Running | null = null;
  let waiting: { pass: RegexPass; resolve: (outcome: RegexOutcome) => void } | null = null;
  let disposed = false;

  const kill = () => {
    worker?.terminate();
    worker = null;
    known.clear();
  };

  const finish = (outcome: RegexOutcome) => {
    const done = running;
    if (!done) return;
    timers.clear(done.timer);
    running = null;
    done.resolve(outcome);
    const next = waiting;
    waiting = null;
    if (next) void start(next.pass, next.resolve);
  };

  const onAnswer = (answer: MatchAnswer) => {
    if (!running || answer.pass !== running.pass) return;
    if (answer.type === 'started') {
      // The texts arrived: from now on the budget counts the matching itself.
      timers.clear(running.timer);
      running.timer = timers.set(() => {
        kill();
        finish({ kind: 'too-slow', budgetMs });
      }, budgetMs);
    } else if (answer.type === 'done') {
      finish({ kind: 'done', matched: new Set(answer.matched) });
    } else {
      finish({ kind: 'failed', message: answer.message });
    }
  };

  const ensureWorker = async (): Promise<WorkerLike> => {
    if (worker) return worker;
    const created = await options.createWorker();
    created.onmessage = (event) => {
      if (worker === created) onAnswer(event.data);
    };
    created.onerror = (event) => {
      if (worker !== created) return;
      kill();
      const message = (event as { message?: unknown } | null)?.message;
      finish({ kind: 'failed', message: typeof message === 'string' && message ? message : 'worker error' });
    };
    worker = created;
    return created;
  };

  async function start(pass: RegexPass, resolve: (outcome: RegexOutcome) => void): Promise<void> {
    const id = ++passes;
    running = {
      pass: id,
      resolve,
      timer: timers.set(() => {
        kill();
        finish({ kind: 'failed', message: `the filter worker did not start within ${startMs} ms` });
      }, startMs),
    };
    let target: WorkerLike;
    try {
      target = await ensureWorker();
    } catch (e) {
      if (running?.pass === id)
        finish({ kind: 'failed', message: e instanceof Error ? e.message : String(e) });
      return;
    }
    if (running?.pass !== id) return;
    const drop: number[] = [];
    if (known.size > pass.live.length) {
      const live = new Set(pass.live.map((r) => r.id));
      for (const key of known.keys()) {
        if (!live.has(key)) {
          drop.push(key);
          known.delete(key);
        }
      }
    }
    const add: [number, string][] = [];
    const ids: number[] = [];
    for (const item of pass.items) {
      ids.push(item.id);
      const text = item.text ?? '';
      if (known.get(item.id) !== text) {
        add.push([item.id, text]);
        known.set(item.id, text);
      }
    }
    target.postMessage({ type: 'match', pass: id, source: pass.source, flags: pass.flags, add, drop, ids });
  }

  return {
    budgetMs,
    match(pass) {
      return new Promise<RegexOutcome>((resolve) => {
        if (disposed) return resolve({ kind: 'superseded' });
        if (running) {
          waiting?.resolve({ kind: 'superseded' });
          waiting = { pass, resolve };
          return;
        }
        void start(pass, resolve);
      });
    },
    dispose() {
      disposed = true;
      waiting?.resolve({ kind: 'superseded' });
      waiting = null;
      if (running) {
        timers.clear(running.timer);
        running.resolve({ kind: 'superseded' });
        running = null;
      }
      kill();
    },
  };
}

/** The panel's runner: a Web Worker, its script a chunk of its own fetched on first use. */
export function browserRegexRunner(): RegexRunner {
  return createRegexRunner({
    createWorker: async () => {
      const { default: RegexWorker } = await import('./regex-filter.worker?worker');
      return new RegexWorker() as unknown as WorkerLike;
    },
  });
}
