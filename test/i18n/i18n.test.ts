import { describe, expect, it } from 'vitest';
import { createTranslator, messageKeys, rawMessage, resolveLang } from '../../lib/i18n/i18n';

describe('locales', () => {
  it('zh_CN and en ship exactly the same keys', () => {
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
