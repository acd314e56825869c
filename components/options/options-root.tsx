/** The options page's root: the UI language (live), the document's language and title, the store's context. */
import type { Lang } from '../../lib/i18n/i18n';
import type { OptionsStore } from '../../lib/ui/options/store';
import { I18nProvider } from '../i18n-context';
import { usePageTitle } from '../page-title';
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
  usePageTitle(lang, 'optionsTitle');
  return (
    <I18nProvider lang={lang}>
      <OptionsProvider value={store}>
        <OptionsApp browserLang={browserLang} />
      </OptionsProvider>
    </I18nProvider>
  );
}
