/**
 * The only code that reads `devtools.panels`: the DevTools theme (Chrome: `default`/`dark`; Firefox:
 * `light`/`dark`, with `onThemeChanged`), and the registration of our panel.
 */
import { callDevtools, type DevtoolsEvent } from './browser-call';

/** The two themes the panel has. */
export type PanelTheme = 'light' | 'dark';

/** The part of `devtools.panels` the panel reads. */
export interface DevtoolsPanelsLike {
  themeName?: string;
  onThemeChanged?: DevtoolsEvent<(name: string) => void>;
}

/** The part of `devtools.panels` the devtools page uses to add our panel. */
export interface PanelsCreateLike {
  create(...args: unknown[]): unknown;
}

/** Maps a DevTools theme name to ours: only `dark` is dark. */
export function themeFromName(name: string | undefined | null): PanelTheme {
  return name === 'dark' ? 'dark' : 'light';
}

/** Calls `apply` with the current theme now and on every change; returns the unsubscribe function. */
export function watchPanelTheme(panels: DevtoolsPanelsLike, apply: (theme: PanelTheme) => void): () => void {
  apply(themeFromName(panels.themeName));
  const event = panels.onThemeChanged;
  if (!event) return () => {};
  const listener = (name: string): void => apply(themeFromName(name));
  event.addListener(listener);
  return () => event.removeListener(listener);
}

/** Adds our panel (`title`, `icon`, `page`) to DevTools; resolves once it is registered. */
export async function createPanel(
  panels: PanelsCreateLike,
  title: string,
  icon: string,
  page: string,
): Promise<void> {
  await callDevtools((...a) => panels.create(...a), [title, icon, page]);
}
