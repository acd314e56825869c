import { describe, expect, it, vi } from 'vitest';
import { createTranslator, messageKeys, rawMessage, resolveLang } from '../../lib/i18n/i18n';

/** A fresh copy of the i18n module: no catalog registered (the unit setup registers both in the shared one). */
async function freshI18n() {
  vi.resetModules();
  return import('../../lib/i18n/i18n');
}

describe('locales', () => {
  it('zh_CN and en ship exactly the same keys', () => {
    expect(messageKeys('en').length).toBeGreaterThan(100);
    expect(messageKeys('zh_CN').sort()).toEqual(messageKeys('en').sort());
  });

  it.each(messageKeys('en'))('"%s" has the same placeholders and non-empty text in both languages', (key) => {
    const en = rawMessage('en', key)!;
    const zh = rawMessage('zh_CN', key)!;
    expect(en.message.trim()).not.toBe('');
    expect(zh.message.trim()).not.toBe('');
    const holes = (s: string) => (s.match(/\$\d|\$[A-Za-z_]+\$/g) ?? []).sort();
    expect(holes(zh.message)).toEqual(holes(en.message));
    expect(Object.keys(zh.placeholders ?? {}).sort()).toEqual(Object.keys(en.placeholders ?? {}).sort());
  });
});

describe('resolveLang', () => {
  it.each([
    ['auto', 'zh-CN', 'zh_CN'],
    ['auto', 'zh-TW', 'zh_CN'],
    ['auto', 'en-US', 'en'],
    ['auto', 'fr', 'en'],
    ['auto', undefined, 'en'],
    ['en', 'zh-CN', 'en'],
    ['zh_CN', 'en-US', 'zh_CN'],
  ] as const)('setting %s with browser %s → %s', (setting, browser, want) => {
    expect(resolveLang(setting, browser)).toBe(want);
  });
});

describe('createTranslator', () => {
  it('translates a key in each language', () => {
    expect(createTranslator('en')('extName')).toBe('CME DevTools');
    expect(createTranslator('zh_CN')('extName')).toBe('CME 开发者工具');
  });
});

describe('catalogs loaded on demand', () => {
  it('shows keys until a language is loaded, then its messages', async () => {
    const i18n = await freshI18n();
    const t = i18n.createTranslator('zh_CN');
    expect(i18n.hasCatalog('zh_CN')).toBe(false);
    expect(t('extName')).toBe('extName');
    await i18n.loadCatalog('zh_CN');
    expect(i18n.hasCatalog('zh_CN')).toBe(true);
    // The translator made before the load uses the loaded messages.
    expect(t('extName')).toBe('CME 开发者工具');
  });

  it('loads only the language asked for', async () => {
    const i18n = await freshI18n();
    await i18n.loadCatalog('en');
    expect(i18n.hasCatalog('en')).toBe(true);
    expect(i18n.hasCatalog('zh_CN')).toBe(false);
    expect(i18n.messageKeys('zh_CN')).toEqual([]);
    expect(i18n.createTranslator('en')('extName')).toBe('CME DevTools');
  });

  it('loads each language once, however often it is asked', async () => {
    const i18n = await freshI18n();
    const first = i18n.loadCatalog('en');
    expect(i18n.loadCatalog('en')).toBe(first);
    await first;
    const catalog = i18n.rawMessage('en', 'extName');
    await i18n.loadCatalog('en');
    expect(i18n.rawMessage('en', 'extName')).toBe(catalog);
  });

  it('falls back to English for a key missing from a loaded language', async () => {
    const i18n = await freshI18n();
    i18n.registerCatalog('en', { extName: { message: 'Name $1' } });
    i18n.registerCatalog('zh_CN', {});
    expect(i18n.createTranslator('zh_CN')('extName', 'x')).toBe('Name x');
  });
});
