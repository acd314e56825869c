import { signal } from '@preact/signals';
import { describe, expect, it } from 'vitest';
import { manualScheduler } from '../../../lib/ui/panel/frame';
import { lazyHarImport } from '../../../lib/ui/panel/har-import-lazy';
import * as storeModule from '../../../lib/ui/panel/har-import-store';
import { createMemoryLog } from '../../../lib/ui/panel/log';
import { createPanelStore } from '../../../lib/ui/panel/store';
import { harText, memoryFile, session } from './har-fixtures';

/** A viewer's empty panel, and the import's front over the real store, counting loads of its module. */
async function setup(gate?: Promise<void>) {
  const panel = createPanelStore({
    log: createMemoryLog([], new Map()),
    maxEntries: 1000,
    schedule: manualScheduler(),
  });
  await panel.load();
  let loads = 0;
  const front = lazyHarImport(
    { panel, maxEntries: 1000, problems: signal<string[]>([]), listEveryMs: 0, progressEveryMs: 0 },
    async () => {
      loads++;
      await gate;
      return storeModule;
    },
  );
  return { panel, front, loads: () => loads };
}

describe('the viewer import’s front (store loaded with the first import)', () => {
  it('is idle and loads nothing until an import starts; then shows the store’s progress and outcome', async () => {
    const { panel, front, loads } = await setup();
    expect(front.state.value).toEqual({ phase: 'idle' });
    expect(front.busy).toBe(false);
    await front.cancel();
    front.dismiss();
    expect(loads()).toBe(0);
    const phases: string[] = [];
    front.state.subscribe((s) => phases.push(s.phase));
    await front.start(memoryFile(harText(session(12)), 'a.har'));
    expect(loads()).toBe(1);
    expect(front.state.value).toMatchObject({ phase: 'done', name: 'a.har', calls: 13 });
    expect(phases).toContain('reading');
    expect(panel.rows.value).toHaveLength(13);
    // A second import uses the same store; Dismiss hides the note.
    await front.start(memoryFile(harText(session(3)), 'b.har'));
    expect(loads()).toBe(1);
    expect(front.state.value).toMatchObject({ phase: 'done', name: 'b.har', calls: 4 });
    front.dismiss();
    expect(front.state.value).toEqual({ phase: 'idle' });
  });

  it('a Cancel while the store loads stops the import before it reads anything', async () => {
    let open!: () => void;
    const { panel, front } = await setup(new Promise<void>((r) => (open = r)));
    const file = memoryFile(harText(session(5)), 'c.har');
    const started = front.start(file);
    const cancelled = front.cancel();
    open();
    await Promise.all([started, cancelled]);
    expect(file.reads).toBe(0);
    expect(front.state.value).toEqual({ phase: 'idle' });
    expect(panel.rows.value).toHaveLength(0);
    // The next import runs.
    await front.start(memoryFile(harText(session(2)), 'd.har'));
    expect(front.state.value).toMatchObject({ phase: 'done', name: 'd.har', calls: 3 });
  });
});
