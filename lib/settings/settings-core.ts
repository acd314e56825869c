/**
 * The smallest part of the settings: where they are stored and the call timeout field, which is all the
 * background worker reads (it needs no more of settings.ts; the worker's script is budgeted).
 */

/** The `storage.local` key of the settings record. */
export const SETTINGS_KEY = 'settings';

/** Bounds and default of `callTimeoutMs` (ms). */
export const CALL_TIMEOUT = { min: 1000, max: 300_000, default: 15_000 } as const;

/** Whether a value is a valid call timeout. */
export function isCallTimeout(value: unknown): value is number {
  return (
    typeof value === 'number' &&
    Number.isInteger(value) &&
    value >= CALL_TIMEOUT.min &&
    value <= CALL_TIMEOUT.max
  );
}

/** The call timeout of a stored settings record (any version): its valid value, else the default. */
export function callTimeoutOf(stored: unknown): number {
  const value =
    typeof stored === 'object' && stored !== null
      ? (stored as { callTimeoutMs?: unknown }).callTimeoutMs
      : undefined;
  return isCallTimeout(value) ? value : CALL_TIMEOUT.default;
}
