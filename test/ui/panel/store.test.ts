import { describe, expect, it } from 'vitest';
import { manualScheduler } from '../../../lib/ui/panel/frame';
import { createMemoryLog, createTabLog, type CaptureLog } from '../../../lib/ui/panel/log';
import { createPanelStore } from '../../../lib/ui/panel/store';
import { answers, apiCall, loginCall, SESSION_START_MS } from '../../cme/factories';
import { decoded, freshStore, makeRow } from './fixtures';

function call(action = 'ListMedia', i = 0, answer: unknown = answers.paasOk({ Items: ['needle'] })) {
  const raw = apiCall({ action, startedAt: SESSION_START_MS + i, answer });
  return { raw, decoded: decoded(raw, i) };
}

async function setup(maxEntries = 100, log?: CaptureLog) {
  const db = freshStore();
  const schedule = manualScheduler();
  const tabLog = log ?? createTabLog(db, 7);
  const panel = createPanelStore({ log: tabLog, maxEntries, schedule });
  await panel.load();
  return { db, panel, schedule };
}

/** Runs the scheduled frame and waits for its write. */
async function frame(panel: { flush(): Promise<void> }, schedule: ReturnType<typeof manualScheduler>) {
  schedule.flush();
  await panel.flush();
  await new Promise((r) => setTimeout(r, 0));
}

describe('panel store', () => {
  it('batches captured calls: one write and one rows update per frame', async () => {
    const { db, panel, schedule } = await setup();
    const updates: number[] = [];
    panel.rows.subscribe((r) => updates.push(r.length));
    for (let i = 0; i < 5; i++) panel.add(call('ListMedia', i));
    expect(schedule.pending()).toBe(1);
    expect(panel.rows.value).toHaveLength(0);
    await frame(panel, schedule);
    expect(panel.rows.value.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(updates).toEqual([0, 5]);
    expect(await db.countCaptures(7)).toBe(5);
  });

  it('lists a call that came late in its place by start time, also when the log is read again', async () => {
    const { db, panel, schedule } = await setup();
    panel.add(call('Login', 0));
    panel.add(call('CreateClass', 20));
    await frame(panel, schedule);
    // Its finished event never came: the browser's HAR gave it after a later call.
    panel.add(call('DescribeClass', 10));
    panel.add(call('ListMedia', 30));
    await frame(panel, schedule);
    const order = ['Login', 'DescribeClass', 'CreateClass', 'ListMedia'];
    expect(panel.rows.value.map((r) => r.action)).toEqual(order);
    // Numbered as they came (the log on disk is in arrival order), listed by start time.
    expect(panel.rows.value.map((r) => r.seq)).toEqual([1, 3, 2, 4]);
    const reopened = createPanelStore({ log: createTabLog(db, 7), maxEntries: 100, schedule });
    await reopened.load();
    expect(reopened.rows.value.map((r) => r.action)).toEqual(order);
  });

  it('keeps the log across panel reopenings (summaries only), numbering after the last call', async () => {
    const { db, panel, schedule } = await setup();
    panel.add(call('DescribeClass', 0));
    await frame(panel, schedule);
    const again = createPanelStore({ log: createTabLog(db, 7), maxEntries: 100, schedule });
    const listed = await again.load();
    expect(listed.map((r) => r.action)).toEqual(['DescribeClass']);
    again.add(call('ListMedia', 1));
    await frame(again, schedule);
    expect(again.rows.value.map((r) => r.seq)).toEqual([1, 2]);
    const raw = await again.body(again.rows.value[0]!.id);
    expect(raw?.response?.body?.text).toContain('needle');
  });

  it("shows the server's own messages of a call read back from the log", async () => {
    const { db, panel, schedule } = await setup();
    panel.add(call('DeleteMaterial', 0, answers.paasError()));
    await frame(panel, schedule);
    const again = createPanelStore({ log: createTabLog(db, 7), maxEntries: 100, schedule });
    const [row] = await again.load();
    expect(row).toMatchObject({
      code: 'InvalidParameterValue.MaterialId',
      message: '媒体不存在',
      englishMessage: 'Material not exist',
    });
  });

  it('searches inside bodies through the compact text built at capture time', async () => {
    const { panel, schedule } = await setup();
    panel.add(call('ListMedia', 0));
    panel.add(call('DescribeClass', 1, answers.paasOk({ Other: 1 })));
    await frame(panel, schedule);
    panel.setQuery('NEEDLE');
    expect(panel.visible.value.map((r) => r.action)).toEqual(['ListMedia']);
  });

  it('clears on navigation unless Preserve log is on, and numbering restarts', async () => {
    const { db, panel, schedule } = await setup();
    panel.add(call());
    await frame(panel, schedule);
    panel.preserveLog.value = true;
    await panel.navigated();
    expect(panel.rows.value).toHaveLength(1);
    panel.preserveLog.value = false;
    await panel.navigated();
    expect(panel.rows.value).toHaveLength(0);
    expect(await db.countCaptures(7)).toBe(0);
    panel.add(call());
    await frame(panel, schedule);
    expect(panel.rows.value[0]?.seq).toBe(1);
  });

  it('drops calls queued before a clear', async () => {
    const { db, panel, schedule } = await setup();
    panel.add(call());
    await panel.clear();
    await frame(panel, schedule);
    expect(panel.rows.value).toEqual([]);
    expect(await db.countCaptures(7)).toBe(0);
  });

  it('caps the entries, shows how many were dropped, and trims the stored log', async () => {
    const { db, panel, schedule } = await setup(3);
    for (let i = 0; i < 60; i++) panel.add(call('ListMedia', i));
    await frame(panel, schedule);
    expect(panel.rows.value).toHaveLength(3);
    expect(panel.dropped.value).toBe(57);
    await new Promise((r) => setTimeout(r, 20));
    expect(await db.countCaptures(7)).toBe(3);
    const reopened = createPanelStore({ log: createTabLog(db, 7), maxEntries: 3, schedule });
    await reopened.load();
    expect(reopened.dropped.value).toBe(57);
  });

  it('still lists calls whose write failed, with bodies kept in memory and the error shown', async () => {
    const failing: CaptureLog = {
      ...createMemoryLog([], new Map()),
      writable: true,
      add: () => Promise.reject(new Error('QuotaExceededError')),
    };
    const { panel, schedule } = await setup(100, failing);
    panel.add(call());
    await frame(panel, schedule);
    expect(panel.rows.value).toHaveLength(1);
    expect(panel.error.value).toContain('QuotaExceededError');
    const id = panel.rows.value[0]!.id;
    expect(id).toBeLessThan(0);
    expect((await panel.body(id))?.request.url).toContain('ListMedia');
  });

  it('selects a row by id and shows an imported file instead of the tab log', async () => {
    const { panel } = await setup();
    const rows = [makeRow({ id: 1 }), makeRow({ id: 2, action: 'Login' })];
    const raw = loginCall();
    await panel.replaceLog(createMemoryLog(rows, new Map([[2, raw]])), 'demo.har');
    expect(panel.source.value).toEqual({ kind: 'file', name: 'demo.har' });
    panel.select(2);
    expect(panel.selected.value?.action).toBe('Login');
    expect(await panel.body(2)).toBe(raw);
    expect(panel.facets.value.actions).toEqual(['ListMedia', 'Login']);
  });

  it('reports a log that cannot be read', async () => {
    const broken: CaptureLog = {
      ...createMemoryLog([], new Map()),
      list: () => Promise.reject(new Error('blocked')),
    };
    const panel = createPanelStore({ log: broken, maxEntries: 10, schedule: manualScheduler() });
    await panel.load();
    expect(panel.status.value).toBe('error');
    expect(panel.error.value).toContain('blocked');
  });
});
