import { describe, expect, it } from 'vitest';
import { SETTINGS_KEY } from '../../../lib/settings/settings';
import { createOptionsStore } from '../../../lib/ui/options/store';
import { fakeRpc, memoryArea, settingsSignal } from '../popup/fakes';
import { signal } from '@preact/signals';

function setup() {
  const rpc = fakeRpc({
    'keys.status': () => ({ present: false, secretId: null }),
    'keys.set': () => ({ present: true, secretId: 'AKID…PLE' }),
    'keys.forget': () => ({ present: false, secretId: null }),
    'environments.list': () => [],
    'data.counts': () => ({ tickets: 0, history: 0, captures: 0, environments: 1 }),
  });
  const storage = memoryArea();
  const store = createOptionsStore({
    rpc,
    storage,
    page: { settings: settingsSignal(), notes: signal([]) },
    permissions: { request: async () => true, contains: async () => true },
    download: () => {},
  });
  return { rpc, storage, store };
}

describe('options store', () => {
  it('saves a valid setting through lib/settings', async () => {
    const { store, storage } = setup();
    expect(await store.set('maxEntriesPerTab', 500)).toBe(true);
    expect(storage.data[SETTINGS_KEY]).toMatchObject({ maxEntriesPerTab: 500, version: 2 });
    expect(store.savedField.value).toBe('maxEntriesPerTab');
  });

  it('refuses an invalid value beside its field and stores nothing', async () => {
    const { store, storage } = setup();
    expect(await store.set('maxBodyBytes', 3)).toBe(false);
    expect(store.fieldErrors.value.maxBodyBytes).toMatch(/maxBodyBytes/);
    expect(storage.data[SETTINGS_KEY]).toBeUndefined();
    expect(await store.set('maxBodyBytes', 4096)).toBe(true);
    expect(store.fieldErrors.value.maxBodyBytes).toBeUndefined();
  });

  it('sets, shows and forgets the session keys', async () => {
    const { store, rpc } = setup();
    await store.init();
    expect(store.keys.value?.present).toBe(false);
    await store.setKeys('AKIDEXAMPLE', 'SECRETKEYEXAMPLE');
    expect(store.keys.value).toEqual({ present: true, secretId: 'AKID…PLE' });
    await store.forgetKeys();
    expect(store.keys.value?.present).toBe(false);
    expect(rpc.calls.map((c) => c.method)).toContain('keys.forget');
  });
});
