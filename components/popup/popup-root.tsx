/** The popup page's root: the UI language (live), the document's language and title, the store's context. */
import { useEffect } from 'preact/hooks';
import { createTranslator, type Lang } from '../../lib/i18n/i18n';
import type { PopupStore } from '../../lib/ui/popup/store';
import { I18nProvider } from '../i18n-context';
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
  useEffect(() => {
    document.documentElement.lang = lang === 'zh_CN' ? 'zh-CN' : 'en';
    document.title = createTranslator(lang)('popupTitle');
  }, [lang]);
  return (
    <I18nProvider lang={lang}>
      <PopupProvider value={store}>
        <PopupApp openOptions={openOptions} />
      </PopupProvider>
    </I18nProvider>
  );
}
