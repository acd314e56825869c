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

/** Bounds and defaults of the stores' caps (rows): the call history, and captured calls of every tab. */
export const STORE_CAPS = {
  maxHistoryRows: { min: 100, max: 1_000_000, default: 10_000 },
  maxStoredCaptures: { min: 1_000, max: 1_000_000, default: 200_000 },
} as const;

/** A cap of the stores. */
export type StoreCapKey = keyof typeof STORE_CAPS;

/** Whether `value` is a valid value of the cap `key`. */
export function isStoreCap(key: StoreCapKey, value: unknown): value is number {
  const { min, max } = STORE_CAPS[key];
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

/** The stores' caps of a stored settings record (any version): each valid value, else its default. */
export function storeCapsOf(stored: unknown): Record<StoreCapKey, number> {
  const record = typeof stored === 'object' && stored !== null ? (stored as Record<string, unknown>) : {};
  const of = (key: StoreCapKey): number =>
    isStoreCap(key, record[key]) ? (record[key] as number) : STORE_CAPS[key].default;
  return { maxHistoryRows: of('maxHistoryRows'), maxStoredCaptures: of('maxStoredCaptures') };
}
