/**
 * A page's settings and UI language, live: read once from `storage.local`, then followed through
 * `storage.onChanged`, so a language picked in the options page reaches every open page at once.
 */
import { computed, signal, type ReadonlySignal } from '@preact/signals';
import { resolveLang, type Lang } from '../i18n/i18n';
import {
  DEFAULT_SETTINGS,
  loadSettings,
  parseSettings,
  SETTINGS_KEY,
  type LoadedSettings,
  type Settings,
  type StorageAreaLike,
} from '../settings/settings';

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
  lang: ReadonlySignal<Lang>;
  /** false until the first read from storage has answered. */
  loaded: ReadonlySignal<boolean>;
  /** Resolves once the first read has answered. */
  ready: Promise<void>;
  dispose: () => void;
}

/** Follow the settings and UI language of a page (popup, options, panel). */
export function createPageSettings(page: PageBrowserLike): PageSettings {
  const settings = signal<Settings>({ ...DEFAULT_SETTINGS });
  const notes = signal<string[]>([]);
  const loaded = signal(false);
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  const dispose = watchSettings(page, (next) => {
    settings.value = next.settings;
    notes.value = next.notes;
    loaded.value = true;
    markReady();
  });
  const lang = computed(() => pageLang(settings.value.language, page));
  return { settings, notes, lang, loaded, ready, dispose };
}
