/**
 * Opens a source location in DevTools through `devtools.panels.openResource(url, lineNumber,
 * columnNumber, callback)` (Chrome; lines and columns 0-based, as initiators give them). Firefox has no
 * such function: there is no opener, and the panel shows the location as text.
 */
import { callDevtools } from './browser-call';

/** The part of `devtools.panels` used here. */
export interface DevtoolsResourcePanelsLike {
  openResource?: unknown;
}

/** Opens `url` at a 0-based line (and column); resolves once DevTools answered (or gave up). */
export type ResourceOpener = (url: string, lineNumber: number, columnNumber?: number) => Promise<void>;

/** An opener when the browser lets extensions open resources; undefined otherwise. */
export function resourceOpener(panels: DevtoolsResourcePanelsLike | undefined): ResourceOpener | undefined {
  const open = panels?.openResource;
  if (typeof open !== 'function') return undefined;
  return async (url, lineNumber, columnNumber) => {
    const args: unknown[] = columnNumber === undefined ? [url, lineNumber] : [url, lineNumber, columnNumber];
    await callDevtools((...a) => (open as (...x: unknown[]) => unknown).apply(panels, a), args, 5000);
  };
}
