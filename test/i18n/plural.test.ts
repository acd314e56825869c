import { describe, expect, it } from 'vitest';
import { countOf, pluralCategory } from '../../lib/i18n/plural';

describe('countOf (the CLI’s English counts)', () => {
  it.each([
    [0, '0 entries'],
    [1, '1 entry'],
    [2, '2 entries'],
    [1.5, '1.5 entries'],
  ])('%d → %s', (n, want) => {
    expect(countOf(n, 'entry', 'entries')).toBe(want);
  });
});

describe('pluralCategory', () => {
  it('takes en, zh_CN and zh-CN', () => {
    expect(pluralCategory('en', 1)).toBe('one');
    expect(pluralCategory('zh_CN', 1)).toBe('other');
    expect(pluralCategory('zh-CN', 1)).toBe('other');
  });
});
