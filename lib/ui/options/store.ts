/**
 * The options page's store: settings edited field by field (validated by lib/settings, a refused value
 * shown beside its field), the session-only local-signing keys, environments with host access, and the
 * stored data (export, clear).
 */
import { signal } from '@preact/signals';
import type { RpcClient } from '../../protocol';
import { saveSettings, type Settings, type StorageAreaLike } from '../../settings/settings';
import { portlessPatterns } from '../../protocol/agent-site';
import { createAgentSitesStore } from './agent-sites';
import { createDataStore } from './data';
import { createStorageStore, type EstimateFn } from './storage';
import { createEnvironmentsStore, type PermissionsLike } from './environments';
import { createKeysStore } from '../shared/keys-store';
import type { PageSettings } from '../shared/page-lang';
import { errorText } from '../shared/rpc-client';

/** What the options store needs. */
export interface OptionsDeps {
  rpc: RpcClient;
  /** `storage.local`, where settings live. */
  storage: StorageAreaLike;
  page: Pick<PageSettings, 'settings' | 'notes'>;
  permissions: PermissionsLike;
  download: (fileName: string, text: string) => void;
  now?: () => number;
  /** `navigator.storage.estimate` where the browser has it. */
  estimate?: EstimateFn;
}

/** A setting's key. */
export type SettingKey = keyof Settings;

/** Create the options page's store; call `init()` once. */
export function createOptionsStore(deps: OptionsDeps) {
  const { rpc, page } = deps;
  /** Fields whose last change was refused, with the English reason. */
  const fieldErrors = signal<Partial<Record<SettingKey, string>>>({});
  /** The field saved last (for a short "saved" mark). */
  const savedField = signal<SettingKey | null>(null);
  const keysError = signal<string | null>(null);
  const keysStore = createKeysStore({ rpc, error: keysError });
  const environments = createEnvironmentsStore({ rpc, permissions: deps.permissions });
  const agentSites = createAgentSitesStore({
    rpc,
    permissions: deps.permissions,
    portless: portlessPatterns(globalThis.location?.href ?? ''),
  });
  const data = createDataStore({
    rpc,
    settings: () => page.settings.value,
    download: deps.download,
    now: deps.now,
  });

  const storage = createStorageStore({ rpc, local: deps.storage, estimate: deps.estimate });

  const setFieldError = (key: SettingKey, text: string | null): void => {
    const next = { ...fieldErrors.value };
    if (text === null) delete next[key];
    else next[key] = text;
    fieldErrors.value = next;
  };

  /** Save one setting; false (and the reason beside the field) when it was refused. */
  async function set<K extends SettingKey>(key: K, value: Settings[K]): Promise<boolean> {
    try {
      await saveSettings(deps.storage, { [key]: value } as Partial<Settings>);
      setFieldError(key, null);
      savedField.value = key;
      // A cap takes effect at once, and the page says what it removed.
      if (key === 'maxHistoryRows' || key === 'maxStoredCaptures') await storage.prune();
      return true;
    } catch (e) {
      setFieldError(key, errorText(e));
      savedField.value = null;
      return false;
    }
  }

  /** Mark a field refused before it reached the settings (e.g. not a number). */
  function reject(key: SettingKey, reason: string): void {
    setFieldError(key, reason);
    savedField.value = null;
  }

  async function init(): Promise<void> {
    await Promise.all([
      environments.refresh(),
      keysStore.refresh(),
      data.refreshCounts(),
      agentSites.refresh(),
      storage.refresh(),
    ]);
  }

  return {
    settings: page.settings,
    notes: page.notes,
    fieldErrors,
    savedField,
    keys: keysStore.keys,
    keysError,
    environments,
    agentSites,
    data,
    storage,
    set,
    reject,
    refreshKeys: keysStore.refresh,
    /** Hold local-signing keys for this browser session only. */
    setKeys: keysStore.set,
    /** Forget the keys now. */
    forgetKeys: keysStore.forget,
    init,
  };
}

/** The options page's store. */
export type OptionsStore = ReturnType<typeof createOptionsStore>;
