/**
 * UI text in zh_CN and en. The extension's `_locales/<lang>/messages.json` files are the single source:
 * the manifest uses them through `__MSG_…__`, and pages import them here so that the user's language
 * choice in the options page can override the browser's (which `i18n.getMessage` cannot).
 */
import en from '../../public/_locales/en/messages.json';
import zh from '../../public/_locales/zh_CN/messages.json';

/** A language the UI ships in. */
export type Lang = 'en' | 'zh_CN';
/** The user's choice: follow the browser, or one language. */
export type LangSetting = 'auto' | Lang;

interface ChromeMessage {
  message: string;
  placeholders?: Record<string, { content: string }>;
}
type Catalog = Record<string, ChromeMessage>;

/** Every message key (en is the reference; a test keeps zh_CN in step). */
export type MessageKey = keyof typeof en;

const CATALOGS: Record<Lang, Catalog> = { en, zh_CN: zh };

/** Pick the UI language: the setting, else the browser's language (zh* → zh_CN, anything else → en). */
export function resolveLang(setting: LangSetting | undefined, browserLanguage: string | undefined): Lang {
  if (setting === 'en' || setting === 'zh_CN') return setting;
  return (browserLanguage ?? '').toLowerCase().startsWith('zh') ? 'zh_CN' : 'en';
}

/** A translator for one language: `t(key, ...substitutions)` with Chrome's `$1`/`$NAME$` placeholders. */
export type Translate = (key: MessageKey, ...subs: (string | number)[]) => string;

/** Build the translator for `lang`; unknown keys fall back to English, then to the key itself. */
export function createTranslator(lang: Lang): Translate {
  const catalog = CATALOGS[lang];
  return (key, ...subs) => {
    const entry = catalog[key] ?? CATALOGS.en[key];
    if (!entry) return key;
    return format(entry, subs.map(String));
  };
}

function format(entry: ChromeMessage, subs: string[]): string {
  let text = entry.message;
  if (entry.placeholders) {
    text = text.replace(/\$([A-Za-z0-9_@]+)\$/g, (whole, name: string) => {
      const ph = entry.placeholders?.[name.toLowerCase()];
      return ph ? ph.content : whole;
    });
  }
  return text.replace(/\$(\d)/g, (_m, d: string) => subs[Number(d) - 1] ?? '').replace(/\$\$/g, '$');
}

/** All message keys of a language (for tests and tooling). */
export function messageKeys(lang: Lang): string[] {
  return Object.keys(CATALOGS[lang]);
}

/** The raw message (with placeholders) of a key in a language, if present. */
export function rawMessage(lang: Lang, key: string): ChromeMessage | undefined {
  return CATALOGS[lang][key];
}
