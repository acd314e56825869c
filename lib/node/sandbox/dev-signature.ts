/**
 * `/dev/signature`: the sandbox playing the developer's backend, signing with its own key (sandbox only).
 * POST `{userId, platform?, action?, ttl?}` → `{signature}`; GET `?userId=…` → the bare signature as text.
 */
import { signSignature } from '../../cme/signature';
import type { SandboxOptions } from './options';

/** What to answer: a status and a JSON or text body. */
export interface DevAnswer {
  status: number;
  json?: Record<string, unknown>;
  text?: string;
}

const ACTIONS = ['Login', 'Upload', 'OpenProject'];

function pick(source: Record<string, unknown> | URLSearchParams, name: string): unknown {
  return source instanceof URLSearchParams ? (source.get(name) ?? undefined) : source[name];
}

/** Signs for the demo; `asText` answers the bare signature (for dev-server URL templates). */
export async function devSignature(
  source: Record<string, unknown> | URLSearchParams,
  options: SandboxOptions,
  nowMs: number,
  asText: boolean,
): Promise<DevAnswer> {
  const refuse = (message: string): DevAnswer =>
    asText ? { status: 400, text: message } : { status: 400, json: { error: message } };
  const userId = pick(source, 'userId');
  const platform = pick(source, 'platform') ?? options.platforms[0];
  const action = pick(source, 'action') ?? 'Login';
  const ttlRaw = pick(source, 'ttl');
  if (typeof userId !== 'string' || userId === '') return refuse('userId is required (a non-empty string)');
  if (typeof platform !== 'string' || platform === '') return refuse('platform must be a non-empty string');
  if (typeof action !== 'string' || !ACTIONS.includes(action)) {
    return refuse(`action must be one of ${ACTIONS.join(', ')}`);
  }
  const ttl = ttlRaw === undefined || ttlRaw === '' ? 300 : Number(ttlRaw);
  if (!Number.isSafeInteger(ttl) || ttl < 1 || ttl > 86400) return refuse('ttl must be 1–86400 seconds');
  const key = options.keys[0];
  if (!key) return refuse('the sandbox has no key to sign with');
  const signature = await signSignature(
    { secretId: key.secretId, platform, userId, action, ttl },
    key.secretKey,
    { now: () => nowMs },
  );
  return asText ? { status: 200, text: signature } : { status: 200, json: { signature } };
}
