/** The filter query kept per inspected tab (storage.session), and the store's applyTerm / is:replayed. */
import { describe, expect, it } from 'vitest';
import {
  keepQuery,
  keptQueryKey,
  readKeptQuery,
  type KeepTimers,
  type SessionAreaLike,
} from '../../../lib/ui/panel/filter-keep';
import { manualScheduler } from '../../../lib/ui/panel/frame';
import { createMemoryLog } from '../../../lib/ui/panel/log';
import { watchReplayed } from '../../../lib/ui/panel/replayed';
import { createPanelStore } from '../../../lib/ui/panel/store';
import { makeRow } from './fixtures';

function fakeArea(initial: Record<string, unknown> = {}) {
  const data: Record<string, unknown> = { ...initial };
  const writes: Record<string, unknown>[] = [];
  const area: SessionAreaLike = {
    get: async (key) => (key in data ? { [key]: data[key] } : {}),
    set: async (items) => {
      writes.push(items);
      Object.assign(data, items);
    },
    remove: async (key) => {
      writes.push({ [key]: undefined });
      delete data[key];
    },
  };
  return { area, data, writes };
}

function manualTimers() {
  let pending: (() => void) | null = null;
  const timers: KeepTimers = {
    set: (fn) => ((pending = fn), 1),
    clear: () => void (pending = null),
  };
  return { timers, fire: () => pending?.(), pending: () => pending !== null };
}

async function panelOn(rows = [makeRow({ id: 1 }), makeRow({ id: 2, action: 'DeleteMaterial', ok: false })]) {
  const panel = createPanelStore({
    log: createMemoryLog(rows, new Map()),
    maxEntries: 100,
    schedule: manualScheduler(),
  });
  await panel.load();
  return panel;
}

describe('the filter kept per tab', () => {
  it('comes back in a new panel document for the same tab, not for another tab', async () => {
    const { area, data, writes } = fakeArea();
    const clock = manualTimers();
    const first = await panelOn();
    first.setQuery(await readKeptQuery(area, 7));
    const keeper = keepQuery(first.filter, area, 7, clock.timers);
    expect(clock.pending()).toBe(false); // the restored value is not written back
    first.setQuery('-code:Suc');
    first.setQuery('-code:Success');
    expect(writes).toEqual([]); // typing: one write once it pauses
    clock.fire();
    expect(writes).toEqual([{ [keptQueryKey(7)]: '-code:Success' }]);
    first.applyTerm('action', 'ListMedia');
    keeper.stop(); // the page hides: a pending write goes at once
    expect(data[keptQueryKey(7)]).toBe('-code:Success action:ListMedia');

    const second = await panelOn();
    second.setQuery(await readKeptQuery(area, 7));
    expect(second.filter.value).toBe('-code:Success action:ListMedia');
    expect(second.visible.value.map((r) => r.id)).toEqual([]);
    expect(await readKeptQuery(area, 8)).toBe('');

    // Cleared: the key goes.
    const again = keepQuery(second.filter, area, 7, clock.timers);
    second.setQuery('');
    clock.fire();
    again.stop();
    expect(keptQueryKey(7) in data).toBe(false);
  });

  it('keeps nothing without storage.session, when it fails, or in the viewer (no tab)', async () => {
    const panel = await panelOn();
    expect(await readKeptQuery(undefined, 7)).toBe('');
    const failing: SessionAreaLike = {
      get: () => Promise.reject(new Error('storage.session is not available')),
      set: () => Promise.reject(new Error('quota')),
    };
    expect(await readKeptQuery(failing, 7)).toBe('');
    const clock = manualTimers();
    const keeper = keepQuery(panel.filter, failing, 7, clock.timers);
    panel.setQuery('is:failed');
    clock.fire(); // a rejected write is dropped, the filter still works
    keeper.stop();
    expect(panel.visible.value.map((r) => r.id)).toEqual([2]);
    const { area, writes } = fakeArea();
    const none = keepQuery(panel.filter, area, -1, clock.timers);
    panel.setQuery('x');
    none.stop();
    expect(writes).toEqual([]);
  });

  it('reads a kept value only if it is text, and bounded', async () => {
    const { area } = fakeArea({ [keptQueryKey(3)]: 42, [keptQueryKey(4)]: 'a'.repeat(10_000) });
    expect(await readKeptQuery(area, 3)).toBe('');
    expect((await readKeptQuery(area, 4)).length).toBe(4000);
  });
});

describe('the store: applyTerm and is:replayed', () => {
  it('applyTerm writes, replaces and removes one term of a key; the selects read it back', async () => {
    const panel = await panelOn();
    panel.setQuery('foo');
    panel.applyTerm('action', 'ListMedia');
    expect(panel.filter.value).toBe('foo action:ListMedia');
    panel.applyTerm('action', 'DeleteMaterial', true);
    expect(panel.filter.value).toBe('foo -action:DeleteMaterial');
    panel.setQuery('');
    panel.applyTerm('action', 'DeleteMaterial', true);
    expect(panel.visible.value.map((r) => r.id)).toEqual([1]);
    panel.applyTerm('action', '');
    expect(panel.filter.value).toBe('');
    expect(panel.visible.value).toHaveLength(2);
  });

  it('is:replayed lists the calls replayed from the panel and those the history names', async () => {
    const panel = await panelOn([makeRow({ id: 1 }), makeRow({ id: 2 }), makeRow({ id: 3 })]);
    const asked: unknown[] = [];
    const rpc = {
      request: async (method: string, params: unknown) => {
        asked.push([method, params]);
        return [
          { replayOf: { kind: 'capture', id: 3 } },
          { replayOf: { kind: 'history', id: 'h1' } },
          { replayOf: null },
          { replayOf: { kind: 'capture', id: null } },
        ];
      },
    };
    const stop = watchReplayed(panel, rpc as never);
    panel.setQuery('x');
    expect(asked).toEqual([]); // read only once a query asks
    panel.setQuery('is:replayed');
    await new Promise((r) => setTimeout(r, 0));
    expect(asked).toEqual([['history.list', { limit: 2000 }]]);
    expect(panel.visible.value.map((r) => r.id)).toEqual([3]);
    panel.markReplayed(1);
    expect(panel.visible.value.map((r) => r.id)).toEqual([1, 3]);
    panel.setQuery('-is:replayed');
    panel.setQuery('is:replayed');
    expect(asked).toHaveLength(1);
    stop();
  });
});
