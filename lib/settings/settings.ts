/**
 * The extension's settings: one typed record in `storage.local`, with defaults, per-field validation and
 * a version ladder. A corrupt or missing value falls back to its default and is reported in `notes`, so a
 * page can show what happened instead of going blank. SecretKeys are never settings (see lib/background/keys).
 */
import type { LangSetting } from '../i18n/i18n';
import { CALL_TIMEOUT, isCallTimeout, isStoreCap, SETTINGS_KEY, STORE_CAPS } from './settings-core';

/** Everything the user can set. */
export interface Settings {
  /** The dev-server signature URL template, e.g. `http://localhost:3000/sign?userId={userId}`. */
  devServerUrlTemplate: string;
  /**
   * Views only: where a view offers Reveal for one item (a ticket, a signature's HMAC), it starts revealed.
   * Bodies, trees, copies and exports stay masked whatever it says; an export with secrets is chosen per
   * export, with a warning.
   */
  revealSecrets: boolean;
  /** Captured calls kept per inspected tab; the oldest go first, visibly. */
  maxEntriesPerTab: number;
  /** Bytes of each request/response body kept in the capture log; the rest is cut, visibly. */
  maxBodyBytes: number;
  /** UI language: follow the browser or pick one. */
  language: LangSetting;
  /** Environment id used by the popup when none is picked. */
  defaultEnvironmentId: string;
  /** Call timeout of the background, ms. */
  callTimeoutMs: number;
  /** Rows of call history kept; the oldest go first, and the options page says how many went. */
  maxHistoryRows: number;
  /** Captured calls kept across every tab's log (each tab also keeps at most `maxEntriesPerTab`). */
  maxStoredCaptures: number;
}

/** The settings a fresh install has. */
export const DEFAULT_SETTINGS: Settings = {
  devServerUrlTemplate: 'http://127.0.0.1:8787/dev/signature?userId={userId}',
  revealSecrets: false,
  maxEntriesPerTab: 10_000,
  maxBodyBytes: 256 * 1024,
  language: 'auto',
  defaultEnvironmentId: 'tencent',
  callTimeoutMs: CALL_TIMEOUT.default,
  maxHistoryRows: STORE_CAPS.maxHistoryRows.default,
  maxStoredCaptures: STORE_CAPS.maxStoredCaptures.default,
};

/** Current version of the stored record. */
export const SETTINGS_VERSION = 2;
const KEY = SETTINGS_KEY;

/** Where settings live: `browser.storage.local` or a fake with the same two methods. */
export interface StorageAreaLike {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
}

/** Settings read from storage, with the fields that had to fall back. */
export interface LoadedSettings {
  settings: Settings;
  /** Human-readable English notes on fields that were invalid and reset to defaults. */
  notes: string[];
}

type Validator<T> = (value: unknown) => value is T;
const isString = (v: unknown): v is string => typeof v === 'string';
const isBool = (v: unknown): v is boolean => typeof v === 'boolean';
const intIn =
  (min: number, max: number) =>
  (v: unknown): v is number =>
    typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;

const VALIDATORS: { [K in keyof Settings]: Validator<Settings[K]> } = {
  devServerUrlTemplate: (v): v is string => isString(v) && (v === '' || /^https?:\/\//i.test(v)),
  revealSecrets: isBool,
  maxEntriesPerTab: intIn(100, 100_000),
  maxBodyBytes: intIn(1024, 10 * 1024 * 1024),
  language: (v): v is LangSetting => v === 'auto' || v === 'en' || v === 'zh_CN',
  defaultEnvironmentId: (v): v is string => isString(v) && v.length > 0,
  callTimeoutMs: isCallTimeout,
  maxHistoryRows: (v): v is number => isStoreCap('maxHistoryRows', v),
  maxStoredCaptures: (v): v is number => isStoreCap('maxStoredCaptures', v),
};

/** Upgrades from older stored versions: index N turns version N+1 into N+2. */
const MIGRATIONS: ((old: Record<string, unknown>) => Record<string, unknown>)[] = [
  // v1 stored `maskSecrets` (true = masked) and `locale`; v2 says `revealSecrets` and `language`.
  ({ maskSecrets, locale, ...rest }) => ({
    ...rest,
    ...(typeof maskSecrets === 'boolean' ? { revealSecrets: !maskSecrets } : {}),
    ...(locale !== undefined ? { language: locale } : {}),
  }),
];

/** Validate an arbitrary stored value into settings, field by field. */
export function parseSettings(stored: unknown): LoadedSettings {
  const notes: string[] = [];
  if (stored === undefined || stored === null) return { settings: { ...DEFAULT_SETTINGS }, notes };
  if (typeof stored !== 'object' || Array.isArray(stored)) {
    return {
      settings: { ...DEFAULT_SETTINGS },
      notes: ['Stored settings were unreadable; defaults restored.'],
    };
  }
  let record = stored as Record<string, unknown>;
  const version = typeof record.version === 'number' ? record.version : 1;
  for (let v = version; v < SETTINGS_VERSION; v++) record = MIGRATIONS[v - 1]?.(record) ?? record;
  const settings = { ...DEFAULT_SETTINGS };
  for (const key of Object.keys(DEFAULT_SETTINGS) as (keyof Settings)[]) {
    if (!(key in record)) continue;
    const value = record[key];
    if ((VALIDATORS[key] as Validator<unknown>)(value)) {
      (settings as Record<keyof Settings, unknown>)[key] = value;
    } else {
      notes.push(`Setting "${key}" had an invalid value (${JSON.stringify(value)}); the default is used.`);
    }
  }
  return { settings, notes };
}

/** Read the settings (never throws: a storage failure yields defaults and a note). */
export async function loadSettings(area: StorageAreaLike): Promise<LoadedSettings> {
  try {
    const got = await area.get(KEY);
    return parseSettings(got[KEY]);
  } catch (error) {
    return {
      settings: { ...DEFAULT_SETTINGS },
      notes: [`Settings could not be read (${String(error)}); defaults are used.`],
    };
  }
}

/** Validate and store a change; rejects with a clear Error naming the first invalid field, storing nothing. */
export async function saveSettings(area: StorageAreaLike, patch: Partial<Settings>): Promise<Settings> {
  for (const [key, value] of Object.entries(patch)) {
    const validate = VALIDATORS[key as keyof Settings] as Validator<unknown> | undefined;
    if (!validate) throw new Error(`Unknown setting "${key}"`);
    if (!validate(value)) throw new Error(`Invalid value for setting "${key}": ${JSON.stringify(value)}`);
  }
  const { settings } = await loadSettings(area);
  const next = { ...settings, ...patch };
  await area.set({ [KEY]: { ...next, version: SETTINGS_VERSION } });
  return next;
}

/** The storage key, for listeners of `storage.onChanged`. */
export { SETTINGS_KEY };
