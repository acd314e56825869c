/**
 * The read-only test hook `window.__cmePanel = { count(), rows() }`, for e2e tests and the benchmark
 * to read what the panel lists. Nothing can be changed through it.
 */
import type { PanelRow } from './rows';

/** A row as the hook gives it: everything but the search text. */
export type HookRow = Omit<PanelRow, 'text'>;

/** The hook's shape. */
export interface PanelHook {
  count(): number;
  rows(): HookRow[];
}

/** Installs the hook on `target` (the panel's window). */
export function installPanelHook(
  target: object,
  panel: { rows: { peek(): readonly PanelRow[] } },
): PanelHook {
  const hook: PanelHook = Object.freeze({
    count: () => panel.rows.peek().length,
    rows: () => panel.rows.peek().map(({ text: _text, ...row }) => row),
  });
  Object.defineProperty(target, '__cmePanel', {
    value: hook,
    configurable: true,
    enumerable: false,
    writable: false,
  });
  return hook;
}
