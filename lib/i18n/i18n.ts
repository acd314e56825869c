/**
 * UI text in zh_CN and en. The extension's `_locales/<lang>/messages.json` files are the single source:
 * the manifest uses them through `__MSG_…__`, and pages load them here so that the user's language
 * choice in the options page can override the browser's (which `i18n.getMessage` cannot). A page loads
 * only the catalog of the language it shows (`loadCatalog`, one chunk per language).
 */
import type en from '../../public/_locales/en/messages.json';
import { pluralCategory } from './plural';

export { pluralCategory } from './plural';

/** A language the UI ships in. */
export type Lang = 'en' | 'zh_CN';
/** The user's choice: follow the browser, or one language. */
export type LangSetting = 'auto' | Lang;

/** One entry of a Chrome `messages.json`. */
export interface ChromeMessage {
  message: string;
  placeholders?: Record<string, { content: string }>;
}
/** A language's messages by key. */
export type Catalog = Record<string, ChromeMessage>;

/** Every message key (en is the reference; a test keeps zh_CN in step). */
export type MessageKey = keyof typeof en;

const catalogs: Partial<Record<Lang, Catalog>> = {};
const pending = new Map<Lang, Promise<void>>();

// Literal paths: the bundler emits one chunk per language. Taking only `default` lets it drop the
// JSON's per-key named exports (each key would otherwise be in the chunk twice).
const LOADERS: Record<Lang, () => Promise<Catalog>> = {
  en: () => import('../../public/_locales/en/messages.json').then(({ default: catalog }) => catalog),
  zh_CN: () => import('../../public/_locales/zh_CN/messages.json').then(({ default: catalog }) => catalog),
};

/** Make a language's messages available at once (unit tests register both up front). */
export function registerCatalog(lang: Lang, catalog: Catalog): void {
  catalogs[lang] = catalog;
}

/** Whether a language's messages are loaded. */
export function hasCatalog(lang: Lang): boolean {
  return catalogs[lang] !== undefined;
}

/** Load a language's messages (once; a failed load may be retried). */
export function loadCatalog(lang: Lang): Promise<void> {
  if (catalogs[lang]) return Promise.resolve();
  let loading = pending.get(lang);
  if (!loading) {
    loading = LOADERS[lang]().then(
      (catalog) => {
        catalogs[lang] ??= catalog;
        pending.delete(lang);
      },
      (e: unknown) => {
        pending.delete(lang);
        throw e;
      },
    );
    pending.set(lang, loading);
  }
  return loading;
}

/** Pick the UI language: the setting, else the browser's language (zh* → zh_CN, anything else → en). */
export function resolveLang(setting: LangSetting | undefined, browserLanguage: string | undefined): Lang {
  if (setting === 'en' || setting === 'zh_CN') return setting;
  return (browserLanguage ?? '').toLowerCase().startsWith('zh') ? 'zh_CN' : 'en';
}

/**
 * The base of a message with plural forms: `<base>_other` always, `<base>_one` (etc.) where the language
 * has that form (en: one, other; zh_CN: other only). `Intl.PluralRules` picks the form for a count.
 */
export type PluralKey = MessageKey extends infer K ? (K extends `${infer Base}_other` ? Base : never) : never;

/**
 * A translator for one language: `t(key, ...substitutions)` with Chrome's `$1`/`$NAME$` placeholders, and
 * `t.plural(base, count, ...substitutions)` for a message that shows a count (`count` picks the form only;
 * pass it among the substitutions where the text shows it).
 */
export type Translate = ((key: MessageKey, ...subs: (string | number)[]) => string) & {
  plural(base: PluralKey, count: number, ...subs: (string | number)[]): string;
};

/**
 * Build the translator for `lang` (messages are looked up at each call, so a catalog loaded later is
 * used); unknown keys fall back to English when it is loaded, then to the key itself.
 */
export function createTranslator(lang: Lang): Translate {
  const t = (key: string, ...subs: (string | number)[]): string => {
    const entry = catalogs[lang]?.[key] ?? catalogs.en?.[key];
    if (!entry) return key;
    return format(entry, subs.map(String));
  };
  const plural = (base: PluralKey, count: number, ...subs: (string | number)[]): string => {
    const form = `${base}_${pluralCategory(lang, count)}`;
    const other = `${base}_other`;
    // The language's form, else its `other`; English's form of the same count when the language lacks the key.
    if (catalogs[lang]?.[form]) return t(form, ...subs);
    if (catalogs[lang]?.[other]) return t(other, ...subs);
    const enForm = `${base}_${pluralCategory('en', count)}`;
    return t(catalogs.en?.[enForm] ? enForm : other, ...subs);
  };
  return Object.assign(t as (key: MessageKey, ...subs: (string | number)[]) => string, { plural });
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

/** All message keys of a loaded language (for tests and tooling). */
export function messageKeys(lang: Lang): string[] {
  return Object.keys(catalogs[lang] ?? {});
}

/** The raw message (with placeholders) of a key in a loaded language, if present. */
export function rawMessage(lang: Lang, key: string): ChromeMessage | undefined {
  return catalogs[lang]?.[key];
}
