/** The popup page's root: the UI language (live), the document's language and title, the store's context. */
import type { Lang } from '../../lib/i18n/i18n';
import type { PopupStore } from '../../lib/ui/popup/store';
import { I18nProvider } from '../i18n-context';
import { usePageTitle } from '../page-title';
import { PopupApp } from './popup-app';
import { PopupProvider } from './popup-context';

/** Everything the popup page renders. */
export function PopupRoot({
  store,
  lang,
  openOptions,
}: {
  store: PopupStore;
  lang: Lang;
  openOptions?: () => void;
}) {
  usePageTitle(lang, 'popupTitle');
  return (
    <I18nProvider lang={lang}>
      <PopupProvider value={store}>
        <PopupApp openOptions={openOptions} />
      </PopupProvider>
    </I18nProvider>
  );
}
