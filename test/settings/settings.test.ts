import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import {
  DEFAULT_SETTINGS,
  loadSettings,
  parseSettings,
  saveSettings,
  SETTINGS_VERSION,
  type StorageAreaLike,
} from '../../lib/settings/settings';

const area = (): StorageAreaLike => fakeBrowser.storage.local as unknown as StorageAreaLike;

describe('settings', () => {
  beforeEach(() => fakeBrowser.reset());

  it('a fresh install reads the defaults without notes', async () => {
    expect(await loadSettings(area())).toEqual({ settings: DEFAULT_SETTINGS, notes: [] });
  });

  it('saves, validates and reads back', async () => {
    await saveSettings(area(), { language: 'zh_CN', maxEntriesPerTab: 500 });
    const { settings } = await loadSettings(area());
    expect(settings.language).toBe('zh_CN');
    expect(settings.maxEntriesPerTab).toBe(500);
    const raw = await fakeBrowser.storage.local.get('settings');
    expect((raw.settings as { version: number }).version).toBe(SETTINGS_VERSION);
  });

  it.each([
    [{ language: 'fr' }, 'language'],
    [{ maxEntriesPerTab: 5 }, 'maxEntriesPerTab'],
    [{ maxBodyBytes: 1.5 }, 'maxBodyBytes'],
    [{ devServerUrlTemplate: 'ftp://x' }, 'devServerUrlTemplate'],
  ])('refuses %j naming the field, and keeps what was stored', async (patch, field) => {
    await saveSettings(area(), { language: 'en' });
    await expect(saveSettings(area(), patch as never)).rejects.toThrow(field);
    expect((await loadSettings(area())).settings.language).toBe('en');
  });

  it('refuses an unknown setting', async () => {
    await expect(saveSettings(area(), { secretKey: 'x' } as never)).rejects.toThrow('Unknown setting');
  });

  it('a corrupt field falls back to its default with a visible note; the others survive', () => {
    const { settings, notes } = parseSettings({ version: 2, language: 42, maxEntriesPerTab: 300 });
    expect(settings.language).toBe('auto');
    expect(settings.maxEntriesPerTab).toBe(300);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toContain('language');
  });

  it.each([['a string'], [[1, 2]], [7]])('an unreadable record (%j) gives defaults and a note', (stored) => {
    const { settings, notes } = parseSettings(stored);
    expect(settings).toEqual(DEFAULT_SETTINGS);
    expect(notes).toHaveLength(1);
  });

  it('migrates a v1 record (maskSecrets, locale) to v2', () => {
    const { settings, notes } = parseSettings({ maskSecrets: false, locale: 'zh_CN', maxBodyBytes: 4096 });
    expect(notes).toEqual([]);
    expect(settings.revealSecrets).toBe(true);
    expect(settings.language).toBe('zh_CN');
    expect(settings.maxBodyBytes).toBe(4096);
  });

  it('a storage that throws yields defaults and a note instead of a crash', async () => {
    const broken: StorageAreaLike = {
      get: () => Promise.reject(new Error('quota')),
      set: () => Promise.resolve(),
    };
    const loaded = await loadSettings(broken);
    expect(loaded.settings).toEqual(DEFAULT_SETTINGS);
    expect(loaded.notes[0]).toContain('quota');
  });
});
