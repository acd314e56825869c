// @vitest-environment happy-dom
import { cleanup, render } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { htmlLang, usePageTitle } from '../../components/page-title';
import { createTranslator, type Lang, type MessageKey } from '../../lib/i18n/i18n';

afterEach(cleanup);

function Titled({ lang, titleKey }: { lang: Lang; titleKey: MessageKey }) {
  usePageTitle(lang, titleKey);
  return null;
}

describe('usePageTitle', () => {
  it('maps UI languages to BCP 47', () => {
    expect(htmlLang('zh_CN')).toBe('zh-CN');
    expect(htmlLang('en')).toBe('en');
  });

  it("sets <html lang> and the title in the page's language, and follows a change of language", () => {
    const { rerender } = render(<Titled lang="en" titleKey="optionsTitle" />);
    expect(document.documentElement.lang).toBe('en');
    expect(document.title).toBe(createTranslator('en')('optionsTitle'));
    rerender(<Titled lang="zh_CN" titleKey="optionsTitle" />);
    expect(document.documentElement.lang).toBe('zh-CN');
    expect(document.title).toBe(createTranslator('zh_CN')('optionsTitle'));
    expect(document.title).not.toBe(createTranslator('en')('optionsTitle'));
    rerender(<Titled lang="zh_CN" titleKey="popupTitle" />);
    expect(document.title).toBe(createTranslator('zh_CN')('popupTitle'));
  });
});
