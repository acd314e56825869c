// @vitest-environment happy-dom
import { cleanup, fireEvent, waitFor } from '@testing-library/preact';
import { signal } from '@preact/signals';
import { afterEach, describe, expect, it } from 'vitest';
import { PanelToolbar } from '../../../components/panel/panel-toolbar';
import { lazyHarImport } from '../../../lib/ui/panel/har-import-lazy';
import { harText, memoryFile, session } from '../../ui/panel/har-fixtures';
import { makeUi, renderPanel } from './panel-fixtures';

afterEach(cleanup);

describe('viewer toolbar: the import note (loaded after the first paint)', () => {
  it('shows nothing before an import, then how it ended; Esc cancels one that is reading', async () => {
    const ui = await makeUi([], new Map(), { mode: 'viewer' });
    // Every slice waits for the test's go: the import stays in its reading phase until then.
    let go: (() => void) | null = null;
    const harImport = lazyHarImport({
      panel: ui.panel,
      maxEntries: 1000,
      problems: signal<string[]>([]),
      chunkBytes: 400,
      listEveryMs: 0,
      progressEveryMs: 0,
      yieldNow: () => new Promise<void>((r) => (go = r)),
    });
    const view = renderPanel({ ...ui, harImport }, <PanelToolbar />);
    expect(view.container.querySelector('[data-import]')).toBeNull();
    const running = harImport.start(memoryFile(harText(session(20)), 'big.har'));
    await waitFor(() => expect(view.container.querySelector('[data-import="reading"]')).not.toBeNull());
    expect(view.container.textContent).toContain('big.har');
    fireEvent.keyDown(window, { key: 'Escape' });
    (go as (() => void) | null)?.();
    await running;
    await waitFor(() => expect(view.container.querySelector('[data-import="cancelled"]')).not.toBeNull());
    // Imported again: it ends as done.
    const again = harImport.start(memoryFile(harText(session(2)), 'small.har'));
    const tick = setInterval(() => (go as (() => void) | null)?.(), 1);
    await again;
    clearInterval(tick);
    await waitFor(() => expect(view.container.querySelector('[data-import="done"]')).not.toBeNull());
  });
});
