/** The UI language for every view: a translator provided once per page, read with `useT()`. */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { ComponentChildren } from 'preact';
import { createTranslator, type Lang, type Translate } from '../lib/i18n/i18n';

interface I18nValue {
  lang: Lang;
  t: Translate;
}

const I18nContext = createContext<I18nValue>({ lang: 'en', t: createTranslator('en') });

/** Provide the language `lang` to the views below. */
export function I18nProvider({ lang, children }: { lang: Lang; children: ComponentChildren }) {
  return <I18nContext.Provider value={{ lang, t: createTranslator(lang) }}>{children}</I18nContext.Provider>;
}

/** The translator of the current language. */
export function useT(): Translate {
  return useContext(I18nContext).t;
}

/** The current UI language. */
export function useLang(): Lang {
  return useContext(I18nContext).lang;
}
