/** The document's language and title follow the page's UI language (the options page, the popup, the panel). */
import { useEffect } from 'preact/hooks';
import { createTranslator, type Lang, type MessageKey } from '../lib/i18n/i18n';

/** The `lang` attribute for a UI language (BCP 47). */
export const htmlLang = (lang: Lang): string => (lang === 'zh_CN' ? 'zh-CN' : 'en');

/** Set `<html lang>` and the document's title (the message `titleKey`) now and whenever `lang` changes. */
export function usePageTitle(lang: Lang, titleKey: MessageKey, doc: Document = document): void {
  useEffect(() => {
    doc.documentElement.lang = htmlLang(lang);
    doc.title = createTranslator(lang)(titleKey);
  }, [doc, lang, titleKey]);
}
