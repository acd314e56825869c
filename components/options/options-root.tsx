/** The options page's root: the UI language (live), the document's language and title, the store's context. */
import { useEffect } from 'preact/hooks';
import { createTranslator, type Lang } from '../../lib/i18n/i18n';
import type { OptionsStore } from '../../lib/ui/options/store';
import { I18nProvider } from '../i18n-context';
import { OptionsApp } from './options-app';
import { OptionsProvider } from './options-context';

/** Everything the options page renders. */
export function OptionsRoot({
  store,
  lang,
  browserLang,
}: {
  store: OptionsStore;
  lang: Lang;
  browserLang: Lang;
}) {
  useEffect(() => {
    document.documentElement.lang = lang === 'zh_CN' ? 'zh-CN' : 'en';
    document.title = createTranslator(lang)('optionsTitle');
  }, [lang]);
  return (
    <I18nProvider lang={lang}>
      <OptionsProvider value={store}>
        <OptionsApp browserLang={browserLang} />
      </OptionsProvider>
    </I18nProvider>
  );
}
