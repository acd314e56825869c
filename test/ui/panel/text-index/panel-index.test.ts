// The panel over a text index (run in a thread): rows of the tab's log hold no search text; reopening
// lists the newest calls first and says how many are still to come; the filter asks the index for text
// terms (a word past the 2,048-character excerpt included) and keeps structured terms on the rows.
import { computed } from '@preact/signals';
import { describe, expect, it } from 'vitest';
import { createIndexedFilter } from '../../../../lib/ui/panel/filter-indexed';
import { createIncrementalFilter } from '../../../../lib/ui/panel/filter';
import { manualScheduler } from '../../../../lib/ui/panel/frame';
import { createInterner, createTabLog } from '../../../../lib/ui/panel/log';
import { createPanelStore } from '../../../../lib/ui/panel/store';
import { bodiesOf } from '../../../../lib/ui/panel/text-index/bodies';
import {
  createTextIndex,
  type IndexWorkerLike,
  type TextIndex,
} from '../../../../lib/ui/panel/text-index/client';
import {
  createIndexHandler,
  type IndexAnswer,
  type IndexRequest,
} from '../../../../lib/ui/panel/text-index/core';
import { answers, apiCall, SESSION_START_MS } from '../../../cme/factories';
import { decoded, freshStore } from '../fixtures';

const FAR = 'far-past-the-excerpt';

function call(action: string, i: number, items: unknown[] = ['needle']) {
  const raw = apiCall({ action, startedAt: SESSION_START_MS + i, answer: answers.paasOk({ Items: items }) });
  return { raw, decoded: decoded(raw, i) };
}

type Db = ReturnType<typeof freshStore>;

/** A worker stand-in running the index core in this thread, reading bodies and texts from `db`. */
function threadIndex(db: Db, tabId: number): TextIndex {
  return createTextIndex({
    tabId,
    createWorker: (): IndexWorkerLike => {
      const w: IndexWorkerLike = {
        onmessage: null,
        onerror: null,
        postMessage: (m: IndexRequest) => void handle(m),
        terminate: () => {},
      };
      const handle = createIndexHandler(
        (a: IndexAnswer) => queueMicrotask(() => w.onmessage?.({ data: a })),
        async (ids) =>
          Promise.all(
            ids.map(async (id) => {
              const raw = await db.getCaptureBody(id);
              return raw ? bodiesOf(raw) : null;
            }),
          ),
        async (tab, onBatch) => {
          const rows = await db.listCaptureSummaries(tab);
          onBatch(rows.reverse().map((r) => [r.id, r.text ?? '']));
        },
      );
      return w;
    },
  });
}

async function until(check: () => boolean, what: string, last?: () => unknown): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`never: ${what} (${String(last?.())})`);
}

async function filled(count: number) {
  const db = freshStore();
  const index = threadIndex(db, 7);
  const schedule = manualScheduler();
  const panel = createPanelStore({
    log: createTabLog(db, 7, index),
    textIndex: index,
    maxEntries: 10_000,
    schedule,
  });
  await panel.load();
  for (let i = 0; i < count; i++) {
    // Call 3's answer holds a word after 3,000 characters of other items.
    const items = i === 3 ? ['x'.repeat(3000), FAR] : ['needle', `item-${i}`];
    panel.add(call(i % 2 ? 'ListMedia' : 'DescribeTeams', i, items));
  }
  schedule.flush();
  await panel.flush();
  return { db, index, panel };
}

describe('panel over a text index', () => {
  it('lists rows without search text, and finds text terms through the index', async () => {
    const { panel } = await filled(6);
    expect(panel.rows.value).toHaveLength(6);
    expect(panel.rows.value.every((r) => r.text === undefined)).toBe(true);
    await panel.filterReady;
    const shown = computed(() => panel.visible.value.map((r) => r.seq));
    panel.setQuery('item-4');
    await until(() => shown.value.join() === '5', 'item-4 listed');
    panel.setQuery('needle action:ListMedia');
    await until(
      () => shown.value.join() === '2,6',
      'needle among ListMedia',
      () => JSON.stringify(panel.rows.value.map((r) => [r.action, r.actionClass])) + shown.value.join(),
    );
    panel.setQuery('needle -item-1');
    await until(() => shown.value.join() === '1,3,5,6', 'a negated word');
  });

  it('finds a word past the excerpt by reading whole bodies (the deep pass)', async () => {
    const { panel } = await filled(6);
    await panel.filterReady;
    const shown = computed(() => panel.visible.value.map((r) => r.seq));
    panel.setQuery(FAR);
    await until(() => shown.value.join() === '4', 'the deep match');
    await until(() => panel.textSearch.deep.value === null, 'the deep pass ends');
  });

  it('reopens newest first: the newest batch listed with how many are still to come, then all', async () => {
    const { db, panel } = await filled(1);
    const inputs = Array.from({ length: 2500 }, (_, i) => {
      const c = call('ListMedia', 10 + i);
      return {
        seq: 2 + i,
        kind: 'api' as const,
        ok: true,
        action: 'ListMedia',
        searchText: `n${i}`,
        raw: c.raw,
      };
    });
    await db.addCaptures(7, inputs);
    const index = threadIndex(db, 7);
    const reopened = createPanelStore({
      log: createTabLog(db, 7, index),
      textIndex: index,
      maxEntries: 10_000,
      schedule: manualScheduler(),
    });
    const seen: { rows: number; rest: unknown }[] = [];
    const dropped: number[] = [];
    reopened.rows.subscribe((r) => seen.push({ rows: r.length, rest: reopened.loadingRest.peek() }));
    reopened.dropped.subscribe((d) => dropped.push(d));
    const firstSeqs: number[][] = [];
    reopened.rows.subscribe((r) => firstSeqs.push([r[0]?.seq ?? 0, r.at(-1)?.seq ?? 0]));
    await reopened.load();
    expect(seen[1]).toEqual({ rows: 1000, rest: { loaded: 1000, total: 2501 } });
    expect(reopened.rows.value[2500]!.seq).toBe(2501);
    expect(reopened.rows.value).toHaveLength(2501);
    expect(reopened.loadingRest.value).toBeNull();
    // Calls still to come are not "dropped".
    expect(dropped.every((d) => d === 0)).toBe(true);
    // The newest thousand first (seq 1,502–2,501), then everything.
    expect(firstSeqs[1]).toEqual([1502, 2501]);
    expect(panel.rows.value).toHaveLength(1);
  });

  it('shares repeated texts of rows read back', () => {
    const intern = createInterner(2);
    const a = intern(['Material', 'ListMedia'].join('/'));
    expect(intern('Material/ListMedia')).toBe(a);
    expect(intern(null)).toBeNull();
  });

  it('hands rows that carry their text (an imported file) to the incremental filter', () => {
    const asked: string[] = [];
    const index: TextIndex = { add() {}, clear() {}, dispose() {}, query: () => (asked.push('q'), () => {}) };
    const filter = createIndexedFilter(index, createIncrementalFilter({ runner: null }));
    const rows = [{ ...call('ListMedia', 0).decoded, id: 1, seq: 1, text: 'needle' }] as never;
    expect(filter(rows, 'needle')).toHaveLength(1);
    expect(asked).toEqual([]);
  });
});

describe('the identity select’s options', () => {
  it('are bounded whatever the number of users', async () => {
    const { boundedOptions, SELECT_OPTIONS_MAX } = await import('../../../../lib/ui/panel/facets');
    const users = Array.from({ length: 5000 }, (_, i) => `p/u${i}`);
    expect(boundedOptions(users)).toHaveLength(SELECT_OPTIONS_MAX);
    expect(boundedOptions(users.slice(0, 3))).toEqual(users.slice(0, 3));
  });
});
