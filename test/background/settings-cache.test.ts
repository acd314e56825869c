import { describe, expect, it } from 'vitest';
import { followCallTimeout, type SettingsChangedLike } from '../../lib/background/settings-cache';
import { SETTINGS_KEY, type StorageAreaLike } from '../../lib/settings/settings';

function area(stored: Record<string, unknown>) {
  let reads = 0;
  const local: StorageAreaLike = {
    get: async (key) => {
      reads++;
      const k = String(key);
      return k in stored ? { [k]: stored[k] } : {};
    },
    set: async (items) => void Object.assign(stored, items),
  };
  type Listener = Parameters<SettingsChangedLike['addListener']>[0];
  const listeners: Listener[] = [];
  const onChanged: SettingsChangedLike = { addListener: (l) => void listeners.push(l) };
  const fire = (changes: Record<string, { newValue?: unknown }>, areaName = 'local') =>
    listeners.forEach((l) => l(changes, areaName));
  return { local, onChanged, fire, reads: () => reads };
}

describe('followCallTimeout', () => {
  it('reads storage once, then answers from memory', async () => {
    const a = area({ [SETTINGS_KEY]: { version: 2, callTimeoutMs: 4000 } });
    const timeout = followCallTimeout(a.local, a.onChanged);
    expect(await timeout()).toBe(4000);
    expect(await timeout()).toBe(4000);
    expect(a.reads()).toBe(1);
  });

  it('follows a change of the stored settings, and ignores other areas and keys', async () => {
    const a = area({});
    const timeout = followCallTimeout(a.local, a.onChanged);
    expect(await timeout()).toBe(15_000);
    a.fire({ other: { newValue: 1 } });
    a.fire({ [SETTINGS_KEY]: { newValue: { version: 2, callTimeoutMs: 9000 } } }, 'sync');
    expect(await timeout()).toBe(15_000);
    a.fire({ [SETTINGS_KEY]: { newValue: { version: 2, callTimeoutMs: 9000 } } });
    expect(await timeout()).toBe(9000);
    expect(a.reads()).toBe(1);
  });

  it('an unreadable area gives the default for this call and is read again on the next', async () => {
    const a = area({ [SETTINGS_KEY]: { version: 2, callTimeoutMs: 2500 } });
    const get = a.local.get;
    let fail = true;
    a.local.get = (key) => (fail ? Promise.reject(new Error('storage gone')) : get(key));
    const timeout = followCallTimeout(a.local, a.onChanged);
    expect(await timeout()).toBe(15_000);
    fail = false;
    expect(await timeout()).toBe(2500);
  });
});
