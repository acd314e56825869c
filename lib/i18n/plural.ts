/**
 * Plural forms through `Intl.PluralRules` (en: one / other; zh: other only). Pure: the pages' translator and
 * the CLI (English) both use it.
 */

const rulesByLocale = new Map<string, Intl.PluralRules>();

/** The plural category (`one`, `other`, …) of a count in a locale (`en`, `zh_CN` or `zh-CN`). */
export function pluralCategory(locale: string, count: number): Intl.LDMLPluralRule {
  let rules = rulesByLocale.get(locale);
  if (rules === undefined) {
    rules = new Intl.PluralRules(locale.replace('_', '-'));
    rulesByLocale.set(locale, rules);
  }
  return rules.select(count);
}

/** `1 call`, `2 calls`: a count and the English noun in its form (the CLI speaks English). */
export function countOf(count: number, one: string, other: string): string {
  return `${count} ${pluralCategory('en', count) === 'one' ? one : other}`;
}
