// The regex filter's bounds (issue 15 item 7): obviously catastrophic patterns are refused before they
// run, and body matching runs in a worker that is terminated after its time budget, the previous list
// kept. Time is injected (fake timers, workers that never answer); no assertion reads a clock.
import { computed, signal } from '@preact/signals';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import {
  compileFilter,
  createIncrementalFilter,
  filterRows,
  filterStatusOf,
} from '../../../lib/ui/panel/filter';
import { refuseCatastrophic } from '../../../lib/ui/panel/regex-guard';
import {
  createRegexRunner,
  type RegexRunner,
  type RunnerTimers,
  type WorkerLike,
} from '../../../lib/ui/panel/regex-runner';
import {
  createMatchHandler,
  type MatchAnswer,
  type MatchRequest,
} from '../../../lib/ui/panel/regex-worker-core';
import type { PanelRow } from '../../../lib/ui/panel/rows';
import { makeRow } from './fixtures';

/** Timers that fire only when told to. */
function manualTimers() {
  let next = 1;
  const pending = new Map<number, { fn: () => void; ms: number }>();
  const timers: RunnerTimers = {
    set(fn, ms) {
      pending.set(next, { fn, ms });
      return next++;
    },
    clear(handle) {
      pending.delete(handle as number);
    },
  };
  return {
    timers,
    /** Fires every pending timer of `ms` (the budget, or the start allowance). */
    fire(ms: number) {
      for (const [id, t] of [...pending]) {
        if (t.ms !== ms) continue;
        pending.delete(id);
        t.fn();
      }
    },
    pendingMs: () => [...pending.values()].map((t) => t.ms),
  };
}

/**
 * A worker stand-in: `answerer` makes, for each worker created, what it does with a request (posting back
 * through `post`); a worker terminated answers nothing more.
 */
function fakeWorker(answerer: (post: (a: MatchAnswer) => void) => (request: MatchRequest) => void) {
  const made: { requests: MatchRequest[]; terminated: boolean }[] = [];
  const create = (): WorkerLike => {
    const record = { requests: [] as MatchRequest[], terminated: false };
    made.push(record);
    const worker: WorkerLike = {
      onmessage: null,
      onerror: null,
      postMessage(request) {
        record.requests.push(request);
        queueMicrotask(() => {
          if (!record.terminated) answer(request);
        });
      },
      terminate() {
        record.terminated = true;
      },
    };
    const answer = answerer((data) => worker.onmessage?.({ data }));
    return worker;
  };
  return { create, made };
}

/** Receives the texts, starts matching and never finishes (a catastrophic backtrack). */
const hangs = fakeWorker((post) => (request) => post({ type: 'started', pass: request.pass }));
/** Matches in this thread, keeping each worker's texts across passes like the real worker does. */
const inProcessWorkers = () => fakeWorker((post) => createMatchHandler(post));

const settle = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
const ids = (list: readonly { id: number }[]) => list.map((r) => r.id);
const BUDGET = 200;

const rows: PanelRow[] = [
  makeRow({ id: 1, text: 'material/listmedia\nsuccess\n{"classid":0}' }),
  makeRow({
    id: 2,
    actionClass: 'Project',
    action: 'DescribeProjects',
    code: 'InvalidParameter',
    ok: false,
    text: 'project/describeprojects\ninvalidparameter\n参数错误',
  }),
  makeRow({ id: 3, kind: 'login', actionClass: null, action: 'Login', text: 'login\nsuccess' }),
  makeRow({ id: 4, text: `material/describeclass\n{"name":"${'a'.repeat(26)}"}` }),
];

/** A store-like pair of signals over an incremental filter, as lib/ui/panel/store.ts wires it. */
function storeOver(runner: (() => RegexRunner) | null, initial: readonly PanelRow[] = rows) {
  const list = signal<readonly PanelRow[]>(initial);
  const filter = signal('');
  const run = createIncrementalFilter({ runner });
  const visible = computed(() => run(list.value, filter.value));
  return {
    list,
    filter,
    visible,
    set: (query: string) => (filter.value = query),
  };
}

let disposers: (() => void)[] = [];
afterEach(() => {
  for (const d of disposers) d();
  disposers = [];
});
const track = (runner: RegexRunner) => {
  disposers.push(() => runner.dispose());
  return runner;
};

describe('refusing obviously catastrophic regexes', () => {
  it.each([
    ['(a+)+$', 'nested', '(a+)+'],
    ['(a*)*', 'nested', '(a*)*'],
    ['^(?:\\d+x)*y', 'nested', '(?:\\d+x)*'],
    ['(a{2,})+', 'nested', '(a{2,})+'],
    ['x((ab)+c)*', 'nested', '((ab)+c)*'],
    ['(a|a)*', 'alternation', '(a|a)*'],
    ['(?<n>b|c|b)+?', 'alternation', '(?<n>b|c|b)+?'],
  ])('refuses %s (%s: %s)', (source, kind, part) => {
    expect(refuseCatastrophic(source)).toEqual({ kind, part });
  });

  it.each([
    '^login',
    'list.*success',
    '#99\\d\\d#',
    '(ab)+',
    '(a|b)+',
    'a+b+',
    '(a+)?x',
    '(a+){1}',
    '\\(a+\\)+',
    '[(]a+[)]+',
    '(?=a+)b',
    'a{2,}|b*',
    '(a|aa)+$',
  ])('lets %s run (the budget bounds it)', (source) => {
    expect(refuseCatastrophic(source)).toBeNull();
  });

  it('compiles a refused pattern to no matches and no error; an invalid one keeps its message', () => {
    const refused = compileFilter('/(a+)+$/');
    expect(refused.error).toBeNull();
    expect(refused.refused).toEqual({ kind: 'nested', part: '(a+)+' });
    expect(refused.pattern).toBeNull();
    expect(filterRows(rows, refused)).toEqual([]);

    let native = '';
    const unterminated = '(';
    try {
      new RegExp(unterminated, 'is');
    } catch (e) {
      native = (e as Error).message;
    }
    const bad = compileFilter('/(/ is:failed');
    expect(bad.error).toBe(native);
    expect(bad.refused).toBeNull();
    // The bad regex filters nothing; the other term applies.
    expect(filterRows(rows, bad).map((r) => r.id)).toEqual([2]);
  });
});

describe('the regex runner', () => {
  it('stops a pass still matching after the budget: terminates the worker, answers too-slow', async () => {
    const clock = manualTimers();
    const worker = hangs;
    const runner = track(
      createRegexRunner({ createWorker: worker.create, budgetMs: BUDGET, timers: clock.timers }),
    );
    const outcome = runner.match({ source: '(a|aa)+$', flags: 'is', items: rows, live: rows });
    await settle();
    // Texts received, matching started: only the budget is pending now.
    expect(clock.pendingMs()).toEqual([BUDGET]);
    clock.fire(BUDGET);
    await expect(outcome).resolves.toEqual({ kind: 'too-slow', budgetMs: BUDGET });
    expect(worker.made.at(-1)!.terminated).toBe(true);
  });

  it('gives a worker that never starts its start allowance, then fails the pass', async () => {
    const clock = manualTimers();
    const silent = fakeWorker(() => () => {});
    const runner = track(
      createRegexRunner({
        createWorker: silent.create,
        budgetMs: BUDGET,
        startMs: 5000,
        timers: clock.timers,
      }),
    );
    const outcome = runner.match({ source: 'a', flags: 'is', items: rows, live: rows });
    await settle();
    expect(clock.pendingMs()).toEqual([5000]);
    clock.fire(5000);
    await expect(outcome).resolves.toMatchObject({ kind: 'failed' });
    expect(silent.made[0]!.terminated).toBe(true);
  });

  it('runs the latest waiting pass on a fresh worker after a stopped one; sends each text once per worker', async () => {
    const clock = manualTimers();
    let hang = true;
    const workers = fakeWorker((post) => (request) => {
      post({ type: 'started', pass: request.pass });
      if (!hang) createMatchHandler(post)(request);
    });
    const runner = track(
      createRegexRunner({ createWorker: workers.create, budgetMs: BUDGET, timers: clock.timers }),
    );
    const slow = runner.match({ source: '(a|aa)+$', flags: 'is', items: rows, live: rows });
    const skipped = runner.match({ source: 'x', flags: 'is', items: rows, live: rows });
    const latest = runner.match({ source: 'success', flags: 'is', items: rows, live: rows });
    await expect(skipped).resolves.toEqual({ kind: 'superseded' });
    await settle();
    hang = false;
    clock.fire(BUDGET);
    await expect(slow).resolves.toEqual({ kind: 'too-slow', budgetMs: BUDGET });
    const done = await latest;
    expect(done.kind).toBe('done');
    expect(done.kind === 'done' && [...done.matched].sort()).toEqual([1, 3]);
    expect(workers.made).toHaveLength(2);
    expect(workers.made[1]!.requests[0]!.add.map(([id]) => id)).toEqual([1, 2, 3, 4]);
  });

  it('sends only texts the worker does not hold, and drops rows no longer listed', async () => {
    const workers = inProcessWorkers();
    const runner = track(createRegexRunner({ createWorker: workers.create }));
    await runner.match({ source: 'success', flags: 'is', items: rows, live: rows });
    const more = [...rows, makeRow({ id: 5, text: 'x success' })];
    const second = await runner.match({ source: 'success', flags: 'is', items: more, live: more });
    expect(second.kind === 'done' && [...second.matched].sort()).toEqual([1, 3, 5]);
    const requests = workers.made[0]!.requests;
    expect(requests[1]!.add.map(([id]) => id)).toEqual([5]);
    const kept = more.slice(2);
    await runner.match({ source: 'success', flags: 'is', items: kept, live: kept });
    expect(requests[2]!.drop.sort()).toEqual([1, 2]);
    expect(requests[2]!.add).toEqual([]);
  });
});

describe('the panel filter with a regex', () => {
  it('keeps the previous list and says "too slow" when the budget runs out, within the budget', async () => {
    const clock = manualTimers();
    const store = storeOver(() =>
      createRegexRunner({ createWorker: hangs.create, budgetMs: BUDGET, timers: clock.timers }),
    );
    store.set('success');
    const before = store.visible.value;
    expect(ids(before)).toEqual([1, 3]);
    store.set('/(a|aa)+$/');
    // Waiting for the worker: the list shown stays.
    expect(ids(store.visible.value)).toEqual([1, 3]);
    expect(filterStatusOf(store.visible.value)).toBeNull();
    await settle();
    clock.fire(BUDGET);
    await settle();
    expect(ids(store.visible.value)).toEqual([1, 3]);
    expect(filterStatusOf(store.visible.value)).toEqual({ kind: 'too-slow', budgetMs: BUDGET });
    // Appended rows do not restart it; a new pattern does.
    store.list.value = [...rows, makeRow({ id: 9, text: 'success' })];
    expect(filterStatusOf(store.visible.value)).toEqual({ kind: 'too-slow', budgetMs: BUDGET });
    store.set('xyz');
    expect(filterStatusOf(store.visible.value)).toBeNull();
  });

  it('refuses (a+)+$ before running anything, keeping the previous list', () => {
    const made: unknown[] = [];
    const store = storeOver(() => {
      made.push(1);
      return createRegexRunner({ createWorker: hangs.create });
    });
    store.set('is:ok');
    expect(ids(store.visible.value)).toEqual([1, 3, 4]);
    store.set('is:ok /(a+)+$/');
    expect(ids(store.visible.value)).toEqual([1, 3, 4]);
    expect(filterStatusOf(store.visible.value)).toEqual({ kind: 'refused', part: '(a+)+', reason: 'nested' });
    expect(made).toEqual([]);
    // A row gone from the log leaves the kept list too.
    store.list.value = rows.slice(1);
    expect(ids(store.visible.value)).toEqual([3, 4]);
  });

  it.each<[string]>([
    ['/^login/'],
    ['/list.*success/'],
    ['/SUCCESS$/'],
    ['/参数/'],
    ['/a{26}/'],
    ['-/a{26}/'],
    ['/success/ is:ok action:ListMedia'],
    ['/(/'],
  ])('matches %j in the worker exactly as compileFilter does on the thread', async (filter) => {
    const workers = inProcessWorkers();
    const store = storeOver(() => track(createRegexRunner({ createWorker: workers.create })));
    const expected = ids(filterRows(rows, compileFilter(filter)));
    store.set(filter);
    void store.visible.value;
    await settle();
    expect(ids(store.visible.value)).toEqual(expected);
    expect(filterStatusOf(store.visible.value)).toBeNull();
    // Appended rows: only they go to the worker.
    const extra = makeRow({ id: 20, text: 'login success 参数 ' + 'a'.repeat(26) });
    store.list.value = [...rows, extra];
    void store.visible.value;
    await settle();
    expect(ids(store.visible.value)).toEqual(ids(filterRows([...rows, extra], compileFilter(filter))));
    const sent = workers.made.flatMap((w) => w.requests.flatMap((r) => r.add.map(([id]) => id)));
    expect(sent.filter((id) => id === 1).length).toBeLessThanOrEqual(1);
  });

  it('matches on this thread when there is no worker (runner: null), as before', () => {
    const store = storeOver(null);
    store.set('/list.*success/');
    expect(ids(store.visible.value)).toEqual([1]);
  });
});

// The worker's real handler in a real thread (node:worker_threads through tsx): a catastrophic pattern
// is really stopped by terminating the thread, and a normal one answers.
describe('in a real thread', () => {
  const core = pathToFileURL(
    fileURLToPath(new URL('../../../lib/ui/panel/regex-worker-core.ts', import.meta.url)),
  ).href;
  const source = `
    const { parentPort, workerData } = require('node:worker_threads');
    import('tsx/esm/api').then(({ register }) => {
      register();
      return import(workerData.core);
    }).then(({ createMatchHandler }) => {
      const handle = createMatchHandler((m) => parentPort.postMessage(m));
      parentPort.on('message', handle);
      parentPort.postMessage({ type: 'ready' });
    });`;
  const threadWorker = () =>
    new Promise<WorkerLike>((resolve, reject) => {
      const thread = new Worker(source, { eval: true, workerData: { core } });
      const like: WorkerLike = {
        onmessage: null,
        onerror: null,
        postMessage: (m) => thread.postMessage(m),
        terminate: () => void thread.terminate(),
      };
      thread.on('message', (data: MatchAnswer | { type: 'ready' }) => {
        if (data.type === 'ready') resolve(like);
        else like.onmessage?.({ data });
      });
      thread.on('error', (e) => (like.onerror ? like.onerror(e) : reject(e)));
    });

  it('stops (a|aa)+$ over 80 a’s after its budget and still matches normal patterns after', async () => {
    const runner = track(createRegexRunner({ createWorker: threadWorker, budgetMs: 300, startMs: 60_000 }));
    const body = [makeRow({ id: 1, text: `{"name":"${'a'.repeat(80)}"}` }), ...rows.slice(1)];
    const slow = await runner.match({ source: '(a|aa)+$', flags: 'is', items: body, live: body });
    expect(slow).toEqual({ kind: 'too-slow', budgetMs: 300 });
    const fine = await runner.match({ source: '^login', flags: 'is', items: body, live: body });
    expect(fine.kind === 'done' && [...fine.matched]).toEqual([3]);
  }, 60_000);
});
