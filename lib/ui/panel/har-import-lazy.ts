/**
 * The viewer's HAR import as the panel holds it from the first paint: a small front whose store
 * (har-import-store.ts: progress, Cancel, how it ended) loads with the first import, not with the page.
 * Before that its state is idle; a Cancel while the store loads stops the import before it starts.
 */
import { computed, signal, type ReadonlySignal } from '@preact/signals';
import type { ImportFile } from './har-import';
import type { HarImport, HarImportDeps, HarImportState } from './har-import-store';

/** What the panel uses of an import (the toolbar's note, the viewer's input, the page's unload). */
export interface HarImportFront {
  state: ReadonlySignal<HarImportState>;
  /** Whether an import is reading now. */
  readonly busy: boolean;
  /** Imports `file` (stopping one still running first); resolves when it has ended, however it ended. */
  start(file: ImportFile): Promise<void>;
  /** Stops the running import at its next slice, keeping what it read; resolves once it has stopped. */
  cancel(): Promise<void>;
  /** Hides the note of an import that has ended. */
  dismiss(): void;
}

const IDLE: HarImportState = { phase: 'idle' };

/** The import's front; `load` gives the store's module (injected in tests). */
export function lazyHarImport(
  deps: HarImportDeps,
  load: () => Promise<Pick<typeof import('./har-import-store'), 'createHarImport'>> = () =>
    import('./har-import-store'),
): HarImportFront {
  const store = signal<HarImport | null>(null);
  let loading: Promise<HarImport> | null = null;
  // Bumped by each cancel: a start still waiting for the store does not begin after one.
  let cancels = 0;
  const get = (): Promise<HarImport> =>
    (loading ??= load().then((m) => (store.value = m.createHarImport(deps))));
  return {
    state: computed(() => store.value?.state.value ?? IDLE),
    get busy(): boolean {
      return store.peek()?.busy ?? false;
    },
    async start(file: ImportFile): Promise<void> {
      const asked = cancels;
      const s = await get();
      if (asked !== cancels) return;
      await s.start(file);
    },
    async cancel(): Promise<void> {
      cancels++;
      await store.peek()?.cancel();
    },
    dismiss(): void {
      store.peek()?.dismiss();
    },
  };
}
