import { effect } from '@preact/signals';
import { fakeBrowser } from 'wxt/testing';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { saveSettings, SETTINGS_KEY } from '../../../lib/settings/settings';
import {
  createPageSettings,
  pageLang,
  watchSettings,
  type PageBrowserLike,
} from '../../../lib/ui/shared/page-lang';
import { settle } from '../popup/fakes';

/** The fake browser's storage with a UI language of our choosing. */
function page(uiLanguage: string): PageBrowserLike {
  return { storage: fakeBrowser.storage, i18n: { getUILanguage: () => uiLanguage } };
}

describe('page language', () => {
  beforeEach(() => fakeBrowser.reset());

  it.each([
    ['auto', 'zh-CN', 'zh_CN'],
    ['auto', 'en-US', 'en'],
    ['en', 'zh-CN', 'en'],
    ['zh_CN', 'en-GB', 'zh_CN'],
  ] as const)('setting %s with browser %s → %s', (setting, ui, want) => {
    expect(pageLang(setting, page(ui))).toBe(want);
  });

  it('falls back to English when the browser cannot tell its language', () => {
    expect(
      pageLang('auto', {
        i18n: {
          getUILanguage: () => {
            throw new Error('nope');
          },
        },
      }),
    ).toBe('en');
  });

  it('follows the browser, then a language picked in the options, live', async () => {
    const ps = createPageSettings(page('zh-CN'));
    await ps.ready;
    expect(ps.lang.value).toBe('zh_CN');
    await saveSettings(fakeBrowser.storage.local, { language: 'en' });
    expect(ps.lang.value).toBe('en');
    await saveSettings(fakeBrowser.storage.local, { language: 'auto' });
    expect(ps.lang.value).toBe('zh_CN');
    ps.dispose();
    await saveSettings(fakeBrowser.storage.local, { language: 'en' });
    expect(ps.lang.value).toBe('zh_CN');
  });

  it('shows a corrupt stored value as a note and uses the default', async () => {
    await fakeBrowser.storage.local.set({
      [SETTINGS_KEY]: { version: 2, maxBodyBytes: 'lots', language: 'en' },
    });
    const ps = createPageSettings(page('zh-CN'));
    await ps.ready;
    expect(ps.settings.value.maxBodyBytes).toBe(256 * 1024);
    expect(ps.lang.value).toBe('en');
    expect(ps.notes.value).toEqual([expect.stringContaining('maxBodyBytes')]);
  });

  it('ignores other keys and other storage areas', async () => {
    const apply = vi.fn();
    const stop = watchSettings(page('en'), apply);
    await settle();
    apply.mockClear();
    await fakeBrowser.storage.local.set({ popupDraft: { x: 1 } });
    await fakeBrowser.storage.session.set({ [SETTINGS_KEY]: { language: 'zh_CN' } });
    expect(apply).not.toHaveBeenCalled();
    stop();
  });

  it('lets a change that lands during the first read win over that read', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    const slowLocal = {
      get: async (key: string) => {
        await gate;
        return { [key]: { version: 2, language: 'en' } };
      },
      set: async () => {},
    };
    const listeners: ((c: Record<string, { newValue?: unknown }>, a: string) => void)[] = [];
    const apply = vi.fn();
    watchSettings(
      {
        storage: {
          local: slowLocal,
          onChanged: { addListener: (l) => listeners.push(l), removeListener: () => {} },
        },
        i18n: { getUILanguage: () => 'en' },
      },
      apply,
    );
    listeners[0]!({ [SETTINGS_KEY]: { newValue: { version: 2, language: 'zh_CN' } } }, 'local');
    release();
    await settle();
    expect(apply).toHaveBeenCalledTimes(1);
    expect(apply.mock.calls[0]![0].settings.language).toBe('zh_CN');
  });
});

/** Fresh page-lang and i18n modules: no catalog loaded yet (the unit setup registers both in the shared ones). */
async function freshModules() {
  vi.resetModules();
  const [pageLangModule, i18n] = await Promise.all([
    import('../../../lib/ui/shared/page-lang'),
    import('../../../lib/i18n/i18n'),
  ]);
  return { createPageSettings: pageLangModule.createPageSettings, i18n };
}

describe('page language: messages loaded on demand', () => {
  beforeEach(() => fakeBrowser.reset());

  it("loads the browser language's messages only, and is ready once they are there", async () => {
    const { createPageSettings: create, i18n } = await freshModules();
    const ps = create(page('zh-CN'));
    expect(ps.langReady.value).toBe(false);
    await ps.ready;
    expect(ps.langReady.value).toBe(true);
    expect(ps.lang.value).toBe('zh_CN');
    expect(i18n.hasCatalog('zh_CN')).toBe(true);
    expect(i18n.hasCatalog('en')).toBe(false);
    ps.dispose();
  });

  it('shows the stored language once its messages are there, never a language without them', async () => {
    const { createPageSettings: create, i18n } = await freshModules();
    await saveSettings(fakeBrowser.storage.local, { language: 'en' });
    const ps = create(page('zh-CN'));
    const seen: [string, boolean, boolean][] = [];
    const stop = effect(() => {
      seen.push([ps.lang.value, ps.langReady.value, i18n.hasCatalog(ps.lang.value)]);
    });
    await ps.ready;
    expect(ps.lang.value).toBe('en');
    expect(i18n.createTranslator(ps.lang.value)('extName')).toBe('CME DevTools');
    // Switched live from the options page: the Chinese messages load first, then the page flips.
    await saveSettings(fakeBrowser.storage.local, { language: 'zh_CN' });
    await vi.waitFor(() => expect(ps.lang.value).toBe('zh_CN'));
    stop();
    expect(seen.filter(([, ready]) => ready).every(([, , has]) => has)).toBe(true);
    expect(seen.at(-1)).toEqual(['zh_CN', true, true]);
    ps.dispose();
  });

  it('lets the latest language choice win over a slower earlier one', async () => {
    const { createPageSettings: create, i18n } = await freshModules();
    const ps = create(page('en-US'));
    await ps.ready;
    await saveSettings(fakeBrowser.storage.local, { language: 'zh_CN' });
    await saveSettings(fakeBrowser.storage.local, { language: 'en' });
    // The Chinese messages arrive after English was picked again.
    await i18n.loadCatalog('zh_CN');
    await settle();
    expect(ps.lang.value).toBe('en');
    ps.dispose();
  });
});
