/**
 * The local-signing keys the background holds for this browser session (memory only), as the options page
 * and the popup's login form show them: their status, and setting and forgetting them. Each page passes the
 * signal where a refused request's reason goes (the options page's beside the keys, the login form's own).
 */
import { signal, type Signal } from '@preact/signals';
import type { KeysStatus, RpcClient } from '../../protocol';
import { errorText } from './rpc-client';

/** What the keys store needs. */
export interface KeysStoreDeps {
  rpc: RpcClient;
  /** Where a refused request's reason goes; `set` and `forget` clear it first. */
  error: Signal<string | null>;
}

/** Create the keys store; `refresh()` reads the status (null until then). */
export function createKeysStore({ rpc, error }: KeysStoreDeps) {
  const keys = signal<KeysStatus | null>(null);

  /** Take the status `request` answers; false (and the reason in `error`) when it was refused. */
  async function update(request: () => Promise<KeysStatus>): Promise<boolean> {
    try {
      keys.value = await request();
      return true;
    } catch (e) {
      error.value = errorText(e);
      return false;
    }
  }

  /** Read whether keys are held (and the masked SecretId). */
  async function refresh(): Promise<void> {
    await update(() => rpc.request('keys.status', {}));
  }

  /** Hold local-signing keys for this browser session only; true when the background took them. */
  function set(secretId: string, secretKey: string): Promise<boolean> {
    error.value = null;
    return update(() => rpc.request('keys.set', { secretId, secretKey }));
  }

  /** Forget the keys now. */
  async function forget(): Promise<void> {
    error.value = null;
    await update(() => rpc.request('keys.forget', {}));
  }

  return { keys, refresh, set, forget };
}

/** A page's keys store. */
export type KeysStore = ReturnType<typeof createKeysStore>;
