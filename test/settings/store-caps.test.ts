import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import {
  DEFAULT_SETTINGS,
  loadSettings,
  parseSettings,
  saveSettings,
  type StorageAreaLike,
} from '../../lib/settings/settings';
import { STORE_CAPS, storeCapsOf } from '../../lib/settings/settings-core';

const area = (): StorageAreaLike => fakeBrowser.storage.local as unknown as StorageAreaLike;

describe('the stores’ caps in the settings', () => {
  beforeEach(() => fakeBrowser.reset());

  it('default to 10,000 history rows and 200,000 captured calls', () => {
    expect(DEFAULT_SETTINGS.maxHistoryRows).toBe(10_000);
    expect(DEFAULT_SETTINGS.maxStoredCaptures).toBe(200_000);
  });

  it('accept whole numbers within their bounds, the bounds included', async () => {
    for (const key of ['maxHistoryRows', 'maxStoredCaptures'] as const) {
      for (const value of [STORE_CAPS[key].min, STORE_CAPS[key].max]) {
        await saveSettings(area(), { [key]: value });
        expect((await loadSettings(area())).settings[key]).toBe(value);
      }
    }
  });

  it.each([
    ['maxHistoryRows', 99],
    ['maxHistoryRows', 1_000_001],
    ['maxHistoryRows', 500.5],
    ['maxStoredCaptures', 999],
    ['maxStoredCaptures', '5000'],
    ['maxStoredCaptures', Number.POSITIVE_INFINITY],
  ])('refuse %s = %j naming the field, storing nothing', async (key, value) => {
    await saveSettings(area(), { maxHistoryRows: 2000 });
    await expect(saveSettings(area(), { [key]: value } as never)).rejects.toThrow(key);
    expect((await loadSettings(area())).settings.maxHistoryRows).toBe(2000);
  });

  it('a stored value out of bounds falls back to the default with a note', () => {
    const { settings, notes } = parseSettings({ version: 2, maxHistoryRows: 5, maxStoredCaptures: 5000 });
    expect(settings.maxHistoryRows).toBe(10_000);
    expect(settings.maxStoredCaptures).toBe(5000);
    expect(notes).toEqual([expect.stringContaining('"maxHistoryRows"')]);
  });

  it('the worker reads each cap from any stored record, the default for a bad or missing one', () => {
    expect(storeCapsOf(undefined)).toEqual({ maxHistoryRows: 10_000, maxStoredCaptures: 200_000 });
    expect(storeCapsOf({ maxHistoryRows: 300, maxStoredCaptures: -1 })).toEqual({
      maxHistoryRows: 300,
      maxStoredCaptures: 200_000,
    });
    expect(storeCapsOf('garbage')).toEqual({ maxHistoryRows: 10_000, maxStoredCaptures: 200_000 });
  });
});
