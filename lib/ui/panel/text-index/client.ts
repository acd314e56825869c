/**
 * The panel's side of the text index: one worker per panel that holds the search texts of the tab's log
 * (it loads them from IndexedDB itself, and gets each newly written call's), asked for the ids matching a
 * query's text terms. A regex pass still matching after its time budget has its worker terminated (the only
 * way to stop a backtracking regex) and answers `too-slow`; a fresh worker loads the texts again.
 */
import type { IndexAnswer, IndexRequest, TextQuery } from './core';

/** Default budget of a regex pass (ms), as the regex filter's (regex-runner.ts). */
export const INDEX_REGEX_BUDGET_MS = 200;

/** What the client needs of a worker (a Web Worker, or an in-thread stand-in). */
export interface IndexWorkerLike {
  postMessage(message: IndexRequest): void;
  terminate(): void;
  onmessage: ((event: { data: IndexAnswer }) => void) | null;
  onerror: ((event: unknown) => void) | null;
}

/** How a query's pass answers: ids so far (`done` once complete), or why it stopped. */
export type IndexOutcome =
  | { kind: 'partial' | 'done'; matched: ReadonlySet<number>; searched: number; toSearch: number }
  | { kind: 'too-slow'; budgetMs: number }
  | { kind: 'failed'; message: string };

/** The text index the panel's filter asks. */
export interface TextIndex {
  /** Texts of calls just written ([id, search text]). */
  add(items: [number, string][]): void;
  /** The log was emptied. */
  clear(): void;
  /**
   * Runs a query (a newer one supersedes it); `onOutcome` gets each answer. `only`: test just these ids.
   * Returns a function that stops listening.
   */
  query(
    q: TextQuery,
    opts: { deep: boolean; only?: number[] },
    onOutcome: (o: IndexOutcome) => void,
  ): () => void;
  dispose(): void;
}

/** Options of the client. */
export interface TextIndexOptions {
  createWorker: () => IndexWorkerLike | Promise<IndexWorkerLike>;
  /** The tab whose log the worker loads (on start and after a restart). */
  tabId: number;
  budgetMs?: number;
}

/** A client over workers from `createWorker`. */
export function createTextIndex(options: TextIndexOptions): TextIndex {
  const budgetMs = options.budgetMs ?? INDEX_REGEX_BUDGET_MS;
  let worker: Promise<IndexWorkerLike> | null = null;
  let pass = 0;
  let listener: { pass: number; regex: boolean; on: (o: IndexOutcome) => void; timer: unknown } | null = null;
  let disposed = false;

  const stopTimer = () => {
    if (listener?.timer !== undefined) clearTimeout(listener.timer as ReturnType<typeof setTimeout>);
  };

  const onAnswer = (answer: IndexAnswer) => {
    const l = listener;
    if (!l || answer.pass !== l.pass) return;
    if (answer.type === 'started') {
      if (l.regex) {
        l.timer = setTimeout(() => {
          restart();
          if (listener === l) {
            listener = null;
            l.on({ kind: 'too-slow', budgetMs });
          }
        }, budgetMs);
      }
      return;
    }
    stopTimer();
    if (answer.type === 'error') {
      listener = null;
      l.on({ kind: 'failed', message: answer.message });
      return;
    }
    if (answer.done) listener = null;
    l.on({
      kind: answer.done ? 'done' : 'partial',
      matched: new Set(answer.matched),
      searched: answer.searched,
      toSearch: answer.toSearch,
    });
  };

  const start = (): Promise<IndexWorkerLike> => {
    const made = Promise.resolve(options.createWorker()).then((w) => {
      w.onmessage = (event) => {
        if (worker === made) onAnswer(event.data);
      };
      w.onerror = (event) => {
        if (worker !== made) return;
        const l = listener;
        listener = null;
        stopTimer();
        const message = (event as { message?: unknown } | null)?.message;
        l?.on({ kind: 'failed', message: typeof message === 'string' && message ? message : 'worker error' });
      };
      w.postMessage({ type: 'load', tabId: options.tabId });
      return w;
    });
    worker = made;
    return made;
  };

  const restart = () => {
    void worker?.then((w) => w.terminate());
    worker = null;
  };

  const send = (request: IndexRequest) => {
    if (disposed) return;
    void (worker ?? start()).then((w) => w.postMessage(request));
  };

  return {
    add(items) {
      if (items.length > 0) send({ type: 'add', items });
    },
    clear() {
      send({ type: 'clear' });
    },
    query(q, opts, on) {
      stopTimer();
      const id = ++pass;
      const l = { pass: id, regex: q.regex !== null, on, timer: undefined as unknown };
      listener = l;
      send({ type: 'query', pass: id, query: q, deep: opts.deep, ...(opts.only ? { only: opts.only } : {}) });
      return () => {
        if (listener === l) {
          stopTimer();
          listener = null;
        }
      };
    },
    dispose() {
      disposed = true;
      stopTimer();
      listener = null;
      restart();
    },
  };
}

/** The panel's index for tab `tabId`: a Web Worker, its script a chunk of its own. */
export function browserTextIndex(tabId: number): TextIndex {
  return createTextIndex({
    tabId,
    createWorker: async () => {
      const { default: IndexWorker } = await import('./text-index.worker?worker');
      return new IndexWorker() as unknown as IndexWorkerLike;
    },
  });
}
