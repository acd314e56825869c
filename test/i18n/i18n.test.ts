import { describe, expect, it, vi } from 'vitest';
import {
  createTranslator,
  messageKeys,
  pluralCategory,
  rawMessage,
  resolveLang,
  type Lang,
} from '../../lib/i18n/i18n';

/** A fresh copy of the i18n module: no catalog registered (the unit setup registers both in the shared one). */
async function freshI18n() {
  vi.resetModules();
  return import('../../lib/i18n/i18n');
}

// `<base>_<category>`: one plural form of a message (Intl.PluralRules categories).
const PLURAL = /^(.+)_(zero|one|two|few|many|other)$/;
const baseOf = (key: string): string => PLURAL.exec(key)?.[1] ?? key;

describe('locales', () => {
  it('zh_CN and en ship the same messages, each with exactly the plural forms its language uses', () => {
    expect(messageKeys('en').length).toBeGreaterThan(100);
    const bases = (lang: Lang) => [...new Set(messageKeys(lang).map(baseOf))].sort();
    expect(bases('zh_CN')).toEqual(bases('en'));
    for (const lang of ['en', 'zh_CN'] as const) {
      const categories = new Intl.PluralRules(lang.replace('_', '-')).resolvedOptions().pluralCategories;
      const forms = new Map<string, string[]>();
      for (const key of messageKeys(lang)) {
        const m = PLURAL.exec(key);
        if (m) forms.set(m[1]!, [...(forms.get(m[1]!) ?? []), m[2]!]);
      }
      expect(forms.size).toBeGreaterThanOrEqual(10);
      for (const [base, got] of forms) expect([base, got.sort()]).toEqual([base, [...categories].sort()]);
    }
    expect(new Intl.PluralRules('zh-CN').resolvedOptions().pluralCategories).toEqual(['other']);
  });

  it.each(messageKeys('en'))('"%s" has the same placeholders and non-empty text in both languages', (key) => {
    const en = rawMessage('en', key)!;
    // A plural form zh_CN does not have (it has `other` only) is compared with zh_CN's `other`.
    const zh = rawMessage('zh_CN', key) ?? rawMessage('zh_CN', `${baseOf(key)}_other`)!;
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

describe('plurals (Intl.PluralRules)', () => {
  const en = createTranslator('en');
  const zh = createTranslator('zh_CN');

  it('picks one for 1 and other for 0 and 2 in English; other always in Chinese', () => {
    expect([0, 1, 2, 21].map((n) => pluralCategory('en', n))).toEqual(['other', 'one', 'other', 'other']);
    expect([0, 1, 2].map((n) => pluralCategory('zh_CN', n))).toEqual(['other', 'other', 'other']);
  });

  it.each([
    ['panelExported', [0, 1, 2], ['Exported 0 calls', 'Exported 1 call', 'Exported 2 calls']],
    ['optionsCountTickets', [0, 1, 2], ['0 tickets', '1 ticket', '2 tickets']],
    ['optionsCountHistory', [0, 1, 2], ['0 history rows', '1 history row', '2 history rows']],
    ['optionsCountCaptures', [0, 1, 2], ['0 captured calls', '1 captured call', '2 captured calls']],
    ['optionsCountEnvironments', [0, 1, 2], ['0 environments', '1 environment', '2 environments']],
    ['statsTimelineCalls', [0, 1, 2], ['0 calls', '1 call', '2 calls']],
    ['statsTimelineErrors', [0, 1, 2], ['0 errors', '1 error', '2 errors']],
    [
      'panelBase64Body',
      [0, 1, 2],
      ['Binary body (base64), 0 bytes', 'Binary body (base64), 1 byte', 'Binary body (base64), 2 bytes'],
    ],
    ['jsonExpandString', [0, 1, 2], ['show all 0 chars', 'show all 1 char', 'show all 2 chars']],
    [
      'panelStatsScope',
      [0, 1, 2],
      [
        'Over the 0 listed calls (the filter applies).',
        'Over the 1 listed call (the filter applies).',
        'Over the 2 listed calls (the filter applies).',
      ],
    ],
  ] as const)('en %s for %j', (base, counts, want) => {
    expect(counts.map((n) => en.plural(base, n, n))).toEqual(want);
  });

  it('selects by the count given, whichever substitution shows it', () => {
    expect(en.plural('panelCount', 1, 0, 1)).toBe('0 / 1 call');
    expect(en.plural('panelCount', 2, 1, 2)).toBe('1 / 2 calls');
    expect(en.plural('panelDropped', 1, '1', '5,000')).toBe(
      '1 older call dropped (at most 5,000 kept per tab)',
    );
    expect(en.plural('panelDropped', 1200, '1,200', '5,000')).toBe(
      '1,200 older calls dropped (at most 5,000 kept per tab)',
    );
    expect(en.plural('diffSummary', 1, 1, 0, 0, 1)).toBe('1 difference: 0 added, 0 removed, 1 changed');
    expect(en.plural('diffSummary', 2, 2, 1, 1, 0)).toBe('2 differences: 1 added, 1 removed, 0 changed');
  });

  it('has one form in Chinese for every count', () => {
    expect([0, 1, 2].map((n) => zh.plural('panelExported', n, n))).toEqual([
      '已导出 0 个调用',
      '已导出 1 个调用',
      '已导出 2 个调用',
    ]);
    expect(zh.plural('optionsCountTickets', 1, 1)).toBe('1 个票据');
    expect(zh.plural('panelCount', 1, 1, 1)).toBe('1 / 1 个调用');
  });

  it('falls back to English (its form for the count) when a language lacks the message', async () => {
    const i18n = await freshI18n();
    i18n.registerCatalog('en', { n_one: { message: '$1 thing' }, n_other: { message: '$1 things' } });
    i18n.registerCatalog('zh_CN', {});
    const t = i18n.createTranslator('zh_CN');
    // @ts-expect-error: a key only this test's catalog has
    expect([1, 2].map((n) => t.plural('n', n, n))).toEqual(['1 thing', '2 things']);
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
