/**
 * Local-signing keys (SecretId/SecretKey of a TEST platform), held only in `storage.session`: memory of the
 * browser, never written to disk, gone when the browser closes. Never IndexedDB, never `storage.local`.
 */
import { maskTicket } from '../cme/redact';
import type { KeysStatus } from '../protocol';

export type { KeysStatus };

/** The session storage area (`browser.storage.session`) or a fake with the same methods. */
export interface SessionAreaLike {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(key: string): Promise<void>;
}

/** A key pair for local signing. */
export interface SigningKeys {
  secretId: string;
  secretKey: string;
}

const KEY = 'localSigningKeys';

/** Store the keys for this browser session; rejects when either is empty. */
export async function setKeys(area: SessionAreaLike, keys: SigningKeys): Promise<KeysStatus> {
  const secretId = keys.secretId.trim();
  const secretKey = keys.secretKey.trim();
  if (!secretId) throw new Error('SecretId is empty');
  if (!secretKey) throw new Error('SecretKey is empty');
  await area.set({ [KEY]: { secretId, secretKey } });
  return { present: true, secretId: maskTicket(secretId) };
}

/** The keys, or null when none were set in this session (or the stored value is unusable). */
export async function getKeys(area: SessionAreaLike): Promise<SigningKeys | null> {
  const got = (await area.get(KEY))[KEY] as Partial<SigningKeys> | undefined;
  if (!got || typeof got.secretId !== 'string' || typeof got.secretKey !== 'string') return null;
  return { secretId: got.secretId, secretKey: got.secretKey };
}

/** Whether keys are set, with the SecretId masked. */
export async function keysStatus(area: SessionAreaLike): Promise<KeysStatus> {
  const keys = await getKeys(area);
  return keys ? { present: true, secretId: maskTicket(keys.secretId) } : { present: false, secretId: null };
}

/** Forget the keys now. */
export async function forgetKeys(area: SessionAreaLike): Promise<KeysStatus> {
  await area.remove(KEY);
  return { present: false, secretId: null };
}
