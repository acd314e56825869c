/**
 * The call timeout the background needs on every call, read from `storage.local` once and then followed
 * through `storage.onChanged`: reading storage on every call cost a round trip to the browser each time.
 */
import type { StorageAreaLike } from '../settings/settings';
import { CALL_TIMEOUT, callTimeoutOf, SETTINGS_KEY } from '../settings/settings-core';

/** The `storage.onChanged` event, as far as the cache needs it. */
export interface SettingsChangedLike {
  addListener(listener: (changes: Record<string, { newValue?: unknown }>, areaName: string) => void): void;
}

/** A function answering the current default call timeout (ms), cached and kept in step with changes. */
export function followCallTimeout(
  local: StorageAreaLike,
  onChanged: SettingsChangedLike,
): () => Promise<number> {
  let current: Promise<number> | null = null;
  onChanged.addListener((changes, areaName) => {
    if (areaName !== 'local' || !(SETTINGS_KEY in changes)) return;
    current = Promise.resolve(callTimeoutOf(changes[SETTINGS_KEY]?.newValue));
  });
  return () => {
    current ??= local.get(SETTINGS_KEY).then(
      (got) => callTimeoutOf(got[SETTINGS_KEY]),
      () => {
        current = null; // unreadable now: the default for this call, storage again on the next
        return CALL_TIMEOUT.default;
      },
    );
    return current;
  };
}
