/**
 * The options page's environments: the built-in Tencent Cloud one and custom ones (a sandbox, a company
 * proxy), each with the state of its run-time host permission. `requestAccess` and `add` call
 * `permissions.request` synchronously, so they must run straight from a click handler (a user gesture:
 * Firefox refuses the request otherwise).
 */
import { computed, signal } from '@preact/signals';
import type { CaptureRuleSpec } from '../../cme/types';
import type { RpcClient } from '../../protocol';
import type { EnvironmentRecord } from '../../store/schema';
import { saveCaptureRules } from '../shared/capture-rules';
import { errorText } from '../shared/rpc-client';

/** A `permissions.onAdded`/`onRemoved` event. */
export interface PermissionsEventLike {
  addListener(listener: () => void): void;
  removeListener(listener: () => void): void;
}

/** The part of `browser.permissions` the options page uses. */
export interface PermissionsLike {
  request(permissions: { origins: string[] }): Promise<boolean>;
  contains(permissions: { origins: string[] }): Promise<boolean>;
  onAdded?: PermissionsEventLike;
  onRemoved?: PermissionsEventLike;
}

/** Host access of an environment. */
export type AccessState = 'unknown' | 'granted' | 'missing' | 'asking' | 'denied' | 'error';

/** What is wrong with a new environment's form. */
export type EnvironmentFormError = 'name-empty' | 'login-url' | 'api-base';

/** The form of a new environment. */
export interface EnvironmentForm {
  name: string;
  loginUrl: string;
  /** Empty: the login URL's origin (a sandbox serves both). */
  apiBase: string;
}

/** `<origin>/*` of an http(s) URL, or null. */
export function originPattern(url: string): string | null {
  try {
    const u = new URL(url.trim());
    return u.protocol === 'http:' || u.protocol === 'https:' ? `${u.origin}/*` : null;
  } catch {
    return null;
  }
}

/** The distinct host patterns an environment needs. */
export function environmentOrigins(env: Pick<EnvironmentRecord, 'loginUrl' | 'apiBase'>): string[] {
  const out = [originPattern(env.loginUrl), originPattern(env.apiBase)].filter(
    (o): o is string => o !== null,
  );
  return [...new Set(out)];
}

/** Check a new environment's form; the values to save, or the first problem. */
export function validateEnvironment(
  form: EnvironmentForm,
): { ok: true; value: EnvironmentForm } | { ok: false; error: EnvironmentFormError } {
  const name = form.name.trim();
  const loginUrl = form.loginUrl.trim().replace(/\/+$/, '');
  const apiBase = (form.apiBase.trim() || loginUrl).replace(/\/+$/, '');
  if (name === '') return { ok: false, error: 'name-empty' };
  if (!originPattern(loginUrl)) return { ok: false, error: 'login-url' };
  if (!originPattern(apiBase)) return { ok: false, error: 'api-base' };
  return { ok: true, value: { name, loginUrl, apiBase } };
}

/** Create the environments part of the options page. */
export function createEnvironmentsStore(deps: { rpc: RpcClient; permissions: PermissionsLike }) {
  const { rpc, permissions } = deps;
  const environments = signal<EnvironmentRecord[]>([]);
  /** Per host pattern: granted, missing, asking (a prompt is open), denied, error. */
  const origins = signal<Record<string, AccessState>>({});
  const error = signal<string | null>(null);
  const formError = signal<EnvironmentFormError | null>(null);
  const saving = signal(false);

  const setOrigins = (list: string[], state: AccessState): void => {
    origins.value = { ...origins.value, ...Object.fromEntries(list.map((o) => [o, state])) };
  };

  /** Access of an environment: granted only when all of its hosts are. */
  const accessOf = (env: EnvironmentRecord): AccessState => {
    const states = environmentOrigins(env).map((o) => origins.value[o] ?? 'unknown');
    for (const s of ['asking', 'error', 'denied', 'missing', 'unknown'] as const) {
      if (states.includes(s)) return s;
    }
    return states.length > 0 ? 'granted' : 'error';
  };
  const access = computed(() => Object.fromEntries(environments.value.map((e) => [e.id, accessOf(e)])));

  /** Ask the browser which hosts are granted (keeps an open prompt's "asking"). */
  async function checkAccess(): Promise<void> {
    const all = [...new Set(environments.value.flatMap(environmentOrigins))];
    const answers = await Promise.all(
      all.map(async (o) => {
        try {
          return [o, (await permissions.contains({ origins: [o] })) ? 'granted' : 'missing'] as const;
        } catch {
          return [o, 'error'] as const;
        }
      }),
    );
    const next = { ...origins.value };
    for (const [o, state] of answers) {
      if (next[o] !== 'asking' || state === 'granted') next[o] = state;
    }
    origins.value = next;
  }

  async function refresh(): Promise<void> {
    try {
      environments.value = await rpc.request('environments.list', {});
      error.value = null;
    } catch (e) {
      error.value = errorText(e);
    }
    await checkAccess();
  }

  /** Request hosts: the browser call is made before this returns (keep it in the click handler). */
  function requestOrigins(list: string[]): Promise<void> {
    if (list.length === 0) return Promise.resolve();
    setOrigins(list, 'asking');
    let asked: Promise<boolean>;
    try {
      asked = permissions.request({ origins: list });
    } catch (e) {
      asked = Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
    return asked.then(
      (granted) => setOrigins(list, granted ? 'granted' : 'denied'),
      (e: unknown) => {
        setOrigins(list, 'error');
        error.value = errorText(e);
      },
    );
  }

  /** Ask for an environment's hosts (from a click). Resolves when the user answered the prompt. */
  function requestAccess(env: EnvironmentRecord): Promise<void> {
    error.value = null;
    return requestOrigins(environmentOrigins(env));
  }

  /**
   * Add an environment (from a click): its hosts are requested at once, then it is saved. Resolves with
   * the saved record once saved; the permission answer arrives on its own (a prompt may stay open).
   */
  function add(form: EnvironmentForm): Promise<EnvironmentRecord | null> {
    const checked = validateEnvironment(form);
    if (!checked.ok) {
      formError.value = checked.error;
      return Promise.resolve(null);
    }
    formError.value = null;
    error.value = null;
    void requestOrigins(environmentOrigins(checked.value));
    saving.value = true;
    return rpc
      .request('environments.save', checked.value)
      .then(async (saved) => {
        await refresh();
        return saved;
      })
      .catch((e: unknown) => {
        error.value = errorText(e);
        return null;
      })
      .finally(() => {
        saving.value = false;
      });
  }

  /** Saves an environment's capture rules (the whole list); false, with the error shown, when refused. */
  async function saveRules(env: EnvironmentRecord, rules: readonly CaptureRuleSpec[]): Promise<boolean> {
    error.value = null;
    try {
      await saveCaptureRules(rpc, env, rules);
      await refresh();
      return true;
    } catch (e) {
      error.value = errorText(e);
      return false;
    }
  }

  async function remove(environmentId: string): Promise<void> {
    try {
      await rpc.request('environments.delete', { environmentId });
    } catch (e) {
      error.value = errorText(e);
    }
    await refresh();
  }

  /** Follow grants and removals made elsewhere (another page, the browser's settings). */
  function watch(): () => void {
    const listener = (): void => void checkAccess();
    permissions.onAdded?.addListener(listener);
    permissions.onRemoved?.addListener(listener);
    return () => {
      permissions.onAdded?.removeListener(listener);
      permissions.onRemoved?.removeListener(listener);
    };
  }

  return {
    environments,
    origins,
    access,
    error,
    formError,
    saving,
    refresh,
    checkAccess,
    requestAccess,
    add,
    saveRules,
    remove,
    watch,
  };
}

/** The environments store. */
export type EnvironmentsStore = ReturnType<typeof createEnvironmentsStore>;
