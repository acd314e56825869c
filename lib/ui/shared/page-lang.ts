/**
 * A page's settings and UI language, live: read once from `storage.local`, then followed through
 * `storage.onChanged`, so a language picked in the options page reaches every open page at once.
 * The language's messages load on demand: the browser language's at once, another one when the stored
 * setting asks for it; `lang` flips only once its messages are there, so no page shows raw keys.
 */
import { batch, signal, type ReadonlySignal } from '@preact/signals';
import { hasCatalog, loadCatalog, resolveLang, type Lang } from '../../i18n/i18n';
import {
  DEFAULT_SETTINGS,
  loadSettings,
  parseSettings,
  SETTINGS_KEY,
  type LoadedSettings,
  type Settings,
  type StorageAreaLike,
} from '../../settings/settings';

/** One entry of a `storage.onChanged` event. */
export interface StorageChangeLike {
  newValue?: unknown;
  oldValue?: unknown;
}

/** A `storage.onChanged` listener. */
export type StorageChangedListener = (changes: Record<string, StorageChangeLike>, areaName: string) => void;

/** The parts of `browser` a page's settings need (the real `browser` fits; tests pass fakes). */
export interface PageBrowserLike {
  storage: {
    local: StorageAreaLike;
    onChanged: {
      addListener(listener: StorageChangedListener): void;
      removeListener(listener: StorageChangedListener): void;
    };
  };
  i18n: { getUILanguage(): string };
}

/** Call `apply` with the stored settings now and after every change; returns the unsubscribe function. */
export function watchSettings(page: PageBrowserLike, apply: (loaded: LoadedSettings) => void): () => void {
  let stopped = false;
  // A change that arrives before the first read has finished wins over that read.
  let changedMeanwhile = false;
  const listener: StorageChangedListener = (changes, areaName) => {
    if (stopped || areaName !== 'local' || !(SETTINGS_KEY in changes)) return;
    changedMeanwhile = true;
    apply(parseSettings(changes[SETTINGS_KEY]?.newValue));
  };
  page.storage.onChanged.addListener(listener);
  void loadSettings(page.storage.local).then((loaded) => {
    if (!stopped && !changedMeanwhile) apply(loaded);
  });
  return () => {
    stopped = true;
    page.storage.onChanged.removeListener(listener);
  };
}

/** The language a page shows for a language setting. */
export function pageLang(setting: Settings['language'], page: Pick<PageBrowserLike, 'i18n'>): Lang {
  let browserLanguage: string | undefined;
  try {
    browserLanguage = page.i18n.getUILanguage();
  } catch {
    browserLanguage = undefined;
  }
  return resolveLang(setting, browserLanguage);
}

/** Live settings of a page as signals. */
export interface PageSettings {
  settings: ReadonlySignal<Settings>;
  /** English notes on stored values that were invalid and fell back to defaults. */
  notes: ReadonlySignal<string[]>;
  /** The language shown: its messages are loaded (once `langReady`). */
  lang: ReadonlySignal<Lang>;
  /** false until the messages of some language are loaded: render the page from then on. */
  langReady: ReadonlySignal<boolean>;
  /** false until the first read from storage has answered. */
  loaded: ReadonlySignal<boolean>;
  /** Resolves once the first read has answered and the messages of its language are loaded. */
  ready: Promise<void>;
  dispose: () => void;
}

/** Follow the settings and UI language of a page (popup, options, panel). */
export function createPageSettings(page: PageBrowserLike): PageSettings {
  const settings = signal<Settings>({ ...DEFAULT_SETTINGS });
  const notes = signal<string[]>([]);
  const loaded = signal(false);
  const initial = pageLang('auto', page);
  const lang = signal<Lang>(initial);
  const langReady = signal(false);
  let wanted = initial;
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (markReady = resolve));

  /** Show `next` once its messages are loaded; the latest wish wins over a slower earlier one. */
  const want = (next: Lang): void => {
    wanted = next;
    const show = (): void => {
      if (wanted !== next) return;
      batch(() => {
        lang.value = next;
        langReady.value = true;
      });
      if (loaded.peek()) markReady();
    };
    if (hasCatalog(next)) show();
    // A failed load still shows the page (keys rather than nothing).
    else void loadCatalog(next).then(show, show);
  };

  want(initial);
  const dispose = watchSettings(page, (next) => {
    batch(() => {
      settings.value = next.settings;
      notes.value = next.notes;
      loaded.value = true;
    });
    want(pageLang(next.settings.language, page));
  });
  return { settings, notes, lang, langReady, loaded, ready, dispose };
}
