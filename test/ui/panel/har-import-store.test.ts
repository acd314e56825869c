import { signal } from '@preact/signals';
import { describe, expect, it } from 'vitest';
import { manualScheduler } from '../../../lib/ui/panel/frame';
import { createHarImport } from '../../../lib/ui/panel/har-import-store';
import { createMemoryLog } from '../../../lib/ui/panel/log';
import { createPanelStore } from '../../../lib/ui/panel/store';
import { SESSION_START_MS } from '../../cme/factories';
import { makeRow } from './fixtures';
import { harText, memoryFile, session } from './har-fixtures';

/** A viewer's panel listing two calls of an earlier file, and an import over it. */
async function setup(opts: { maxEntries?: number; onYield?: () => void } = {}) {
  const earlier = [
    makeRow({ id: 1, startedAt: SESSION_START_MS }),
    makeRow({ id: 2, startedAt: SESSION_START_MS + 1 }),
  ];
  const panel = createPanelStore({
    log: createMemoryLog(earlier, new Map()),
    maxEntries: 1000,
    schedule: manualScheduler(),
  });
  await panel.load();
  const problems = signal<string[]>([]);
  let clock = 0;
  const harImport = createHarImport({
    panel,
    maxEntries: opts.maxEntries ?? 1000,
    problems,
    chunkBytes: 500,
    listEveryMs: 0,
    progressEveryMs: 0,
    // Every slice takes 20 ms of the fake clock: the read yields after each one.
    now: () => (clock += 10),
    yieldNow: async () => opts.onYield?.(),
  });
  return { panel, harImport, problems };
}

const actions = (rows: readonly { action: string | null }[]) => rows.map((r) => r.action);

describe('viewer import store', () => {
  it('lists a file’s calls as they are read and says when it is done; bodies come from the file', async () => {
    const text = harText(session(30));
    const { panel, harImport } = await setup();
    const seen: number[] = [];
    panel.rows.subscribe((r) => seen.push(r.length));
    await harImport.start(memoryFile(text, 'big.har'));
    expect(harImport.state.value).toMatchObject({ phase: 'done', name: 'big.har', calls: 31, capped: false });
    expect(panel.rows.value).toHaveLength(31);
    expect(panel.source.value).toEqual({ kind: 'file', name: 'big.har' });
    // Listed in steps while reading, not once at the end.
    expect(new Set(seen.filter((n) => n > 0 && n < 31)).size).toBeGreaterThan(2);
    const row = panel.rows.value[5]!;
    const raw = await panel.body(row.id);
    expect(raw?.request.url).toBe(row.url);
    expect(raw?.response?.body?.text).toContain('素材');
  });

  it('cancels mid-way, keeping the calls read so far, and imports again after', async () => {
    const text = harText(session(40));
    let yields = 0;
    const later: { cancel?: () => void } = {};
    const { panel, harImport } = await setup({ onYield: () => void (++yields === 4 && later.cancel?.()) });
    later.cancel = () => void harImport.cancel();
    const file = memoryFile(text, 'big.har');
    await harImport.start(file);
    const state = harImport.state.value;
    expect(state).toMatchObject({ phase: 'cancelled', name: 'big.har', replaced: true });
    if (state.phase !== 'cancelled') throw new Error('not cancelled');
    expect(state.calls).toBeGreaterThan(0);
    expect(state.calls).toBeLessThan(41);
    expect(state.bytesRead).toBeLessThan(file.size);
    // What it says is what is listed.
    expect(panel.rows.value).toHaveLength(state.calls);
    expect(file.reads).toBeLessThan(Math.ceil(file.size / 500));
    // A new import starts and runs to the end.
    yields = 100;
    await harImport.start(memoryFile(text, 'again.har'));
    expect(harImport.state.value).toMatchObject({ phase: 'done', name: 'again.har', calls: 41 });
    expect(panel.rows.value).toHaveLength(41);
  });

  it('leaves the list as it was for a file that is not a HAR, and says why', async () => {
    const { panel, harImport } = await setup();
    await harImport.start(memoryFile('<!doctype html><p>hello</p>', 'page.har'));
    expect(harImport.state.value).toMatchObject({
      phase: 'failed',
      replaced: false,
      message: expect.stringMatching(/^Not a HAR file: not a JSON object/),
    });
    expect(panel.rows.value.map((r) => r.id)).toEqual([1, 2]);
    expect(panel.source.value).toEqual({ kind: 'tab' });
  });

  it('keeps the calls before a truncation and says the file ends early', async () => {
    const text = harText(session(20));
    const { panel, harImport } = await setup();
    await harImport.start(memoryFile(text.slice(0, Math.floor(text.length / 2)), 'cut.har'));
    const state = harImport.state.value;
    expect(state).toMatchObject({
      phase: 'failed',
      replaced: true,
      message: expect.stringMatching(/ends early/),
    });
    expect(state.phase === 'failed' && state.calls).toBe(panel.rows.value.length);
    expect(panel.rows.value.length).toBeGreaterThan(3);
    expect(actions(panel.rows.value)[0]).toBe('Login');
  });

  it('stops at the cap and says the rest was not read; the file’s problems go to the banner', async () => {
    const text = harText(session(30)).replace('"entries"', '"pages":7,"entries"');
    const { panel, harImport, problems } = await setup({ maxEntries: 5 });
    const file = memoryFile(text);
    await harImport.start(file);
    expect(harImport.state.value).toMatchObject({ phase: 'done', calls: 5, capped: true });
    expect(panel.rows.value).toHaveLength(5);
    expect(file.reads).toBeLessThan(Math.ceil(file.size / 500) / 2);
    expect(problems.value).toEqual(['log.pages is not an array (ignored)']);
  });

  it('stops reading when the list is cleared', async () => {
    const text = harText(session(40));
    let yields = 0;
    let clear = (): void => {};
    const s = await setup({ onYield: () => void (++yields === 3 && clear()) });
    clear = () => void s.panel.clear();
    await s.harImport.start(memoryFile(text));
    expect(s.harImport.state.value).toMatchObject({ phase: 'cancelled', replaced: true });
    expect(s.panel.rows.value).toHaveLength(0);
  });

  it('lists a file whose entries are out of time order by start time, each row with its own body', async () => {
    const calls = session(8).reverse();
    const { panel, harImport } = await setup();
    await harImport.start(memoryFile(harText(calls)));
    const times = panel.rows.value.map((r) => r.startedAt);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    for (const row of panel.rows.value) expect((await panel.body(row.id))?.startedAt).toBe(row.startedAt);
  });
});
