import { describe, expect, it } from 'vitest';
import { inspectedDocumentId, inspectedTabId } from '../../lib/capture/inspected-window';
import { createPanel, themeFromName, watchPanelTheme, type PanelTheme } from '../../lib/capture/panel-theme';
import { fakeInspectedWindow } from './fakes';

describe('panel theme', () => {
  it.each([
    ['dark', 'dark'],
    ['default', 'light'],
    ['light', 'light'],
    ['firebug', 'light'],
    [undefined, 'light'],
  ] as const)('maps DevTools theme %s to %s', (name, theme) => {
    expect(themeFromName(name)).toBe(theme);
  });

  it('applies the theme now and on every change (Firefox onThemeChanged)', () => {
    const listeners = new Set<(name: string) => void>();
    const panels = {
      themeName: 'dark',
      onThemeChanged: {
        addListener: (l: (n: string) => void) => void listeners.add(l),
        removeListener: (l: (n: string) => void) => void listeners.delete(l),
      },
    };
    const seen: PanelTheme[] = [];
    const stop = watchPanelTheme(panels, (t) => seen.push(t));
    listeners.forEach((l) => l('light'));
    stop();
    expect(seen).toEqual(['dark', 'light']);
    expect(listeners.size).toBe(0);
  });

  it('works without onThemeChanged (Chrome)', () => {
    const seen: PanelTheme[] = [];
    watchPanelTheme({ themeName: 'default' }, (t) => seen.push(t))();
    expect(seen).toEqual(['light']);
  });

  it('registers the panel with title, icon and page', async () => {
    const args: unknown[][] = [];
    await createPanel(
      {
        create: (...a: unknown[]) => {
          args.push(a);
          (a[3] as (p: unknown) => void)({});
        },
      },
      'CME',
      '/icon/48.png',
      '/devtools-panel.html',
    );
    expect(args[0]?.slice(0, 3)).toEqual(['CME', '/icon/48.png', '/devtools-panel.html']);
  });
});

describe('inspected window', () => {
  it('gives the tab id and the document id', async () => {
    const w = fakeInspectedWindow(42);
    expect(inspectedTabId(w)).toBe(42);
    expect(await inspectedDocumentId(w)).toBe('1000.5');
  });

  it('answers null when eval throws or the page raises', async () => {
    const w = fakeInspectedWindow();
    w.eval = () => {
      throw new Error('no page');
    };
    expect(await inspectedDocumentId(w, { pauseMs: 0 })).toBeNull();
    w.eval = () => Promise.resolve([undefined, { isError: true }]);
    expect(await inspectedDocumentId(w, { pauseMs: 0 })).toBeNull();
  });

  it('asks again when the page does not answer in time, then gives up', async () => {
    const w = fakeInspectedWindow();
    let asked = 0;
    // The first two tries never answer (a busy browser), the third does.
    w.eval = () => (++asked < 3 ? new Promise(() => {}) : Promise.resolve(['1234.5', undefined]));
    expect(await inspectedDocumentId(w, { timeoutMs: 5, pauseMs: 0 })).toBe('1234.5');
    expect(asked).toBe(3);
    asked = -10;
    expect(await inspectedDocumentId(w, { timeoutMs: 5, pauseMs: 0, attempts: 2 })).toBeNull();
    expect(asked).toBe(-8);
  });
});
