/**
 * Log in, three ways: a pasted signature, a signature from the user's own dev server, or one signed locally
 * with test keys held in session memory. Each ends in the same exchange: `GET <login>?signature=…` → ticket.
 * A ticket is stored only once the answer was fully read: nothing half-stored. The worker reads a
 * signature's identity and an answer's fields only; the pages decode both fully and say what is wrong with
 * them (lib/cme/signature.ts `checkSignature`, lib/cme/envelope.ts `decodeLoginAnswer`).
 */
import { readLoginAnswer } from '../cme/answer';
import { signatureFields, signLogin } from '../cme/signature-worker';
import type { LoginOutcome } from '../protocol';
import type { EnvironmentRecord, TicketSource } from '../store';
import { failure, type BackgroundDeps } from './deps';
import { httpRequest } from './http';
import { send } from './call';
import { getKeys } from './keys';

/** The login URL for an environment: `<loginUrl>?signature=<URL-encoded signature>`. */
export function loginUrl(env: EnvironmentRecord, signature: string): string {
  const url = new URL(env.loginUrl);
  url.searchParams.set('signature', signature);
  return url.toString();
}

/** Exchange a signature for a ticket in `environmentId` and store it. */
export async function loginWithSignature(
  deps: BackgroundDeps,
  input: { environmentId: string; signature: string; label?: string; source?: TicketSource },
): Promise<LoginOutcome> {
  const env = await deps.store.getEnvironment(input.environmentId);
  if (!env) return failure('input', `Unknown environment "${input.environmentId}"`);
  const text = input.signature.trim();
  // The worker reads only the identity; pages decode a signature fully (and show what is wrong with it).
  const fields = signatureFields(text);
  if (!fields) {
    return { ...failure('signature', 'This is not a CME signature'), signatureText: text };
  }
  // Sent as any call is (call.ts): timed, its history row written behind it.
  const sent = await send(deps, {
    ticket: () => null,
    environment: env.id,
    method: 'GET',
    url: loginUrl(env, text),
    body: undefined,
    actionClass: null,
    action: 'Login',
    afterReply: undefined,
    replayOf: null,
  });
  if (!sent.ok) return { ...sent, signatureText: text };
  const { historyId, httpStatus, responseText } = sent;
  // Its head only: what is wrong with a refused answer, the page reads from `responseText`.
  const answer = readLoginAnswer(responseText, httpStatus);
  if (!answer.ok || !answer.authorization) {
    return {
      ...failure(
        'answer',
        answer.ok ? 'The login answer carries no Authorization' : 'The login was refused',
        {
          code: answer.code,
          serverMessage: answer.message,
          serverEnglishMessage: answer.englishMessage,
          httpStatus,
        },
      ),
      signatureText: text,
      historyId,
      responseText,
    };
  }
  const { ticket, created } = await deps.store.upsertTicketByAuthorization({
    authorization: answer.authorization,
    environment: env.id,
    source: input.source ?? 'signature',
    platform: answer.platform ?? fields.get('platform') ?? '',
    userId: fields.get('userId') || answer.userId,
    appId: answer.appId,
    tfUid: answer.tfUid,
    label: input.label ?? '',
    status: 'active',
    rejectedCode: null,
    rejectedAt: null,
    lastUsedAt: deps.now(),
  });
  return { ok: true, ticket, created, answer, durationMs: sent.durationMs, historyId };
}

/** Fill `{userId}` and `{platform}` of a dev-server URL template (URL-encoded). */
export function fillTemplate(template: string, values: { userId: string; platform?: string }): string {
  return template
    .replaceAll('{userId}', encodeURIComponent(values.userId))
    .replaceAll('{platform}', encodeURIComponent(values.platform ?? ''));
}

/** Read a signature from a dev server's answer: the bare text, or JSON with `signature`/`Signature`. */
export function signatureFromDevServer(text: string): string | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  if (/^[{"]/.test(trimmed)) {
    try {
      const json: unknown = JSON.parse(trimmed);
      if (typeof json === 'string') return json;
      const pick = (o: unknown): string | null => {
        if (typeof o !== 'object' || o === null) return null;
        const r = o as Record<string, unknown>;
        for (const k of ['signature', 'Signature', 'sign', 'Sign']) if (typeof r[k] === 'string') return r[k];
        return pick(r.data) ?? pick(r.Data);
      };
      return pick(json);
    } catch {
      return null;
    }
  }
  return trimmed;
}

/** Ask the user's own dev server for a signature, then log in with it. */
export async function loginFromDevServer(
  deps: BackgroundDeps,
  input: { environmentId: string; urlTemplate: string; userId: string; platform?: string; label?: string },
): Promise<LoginOutcome> {
  if (!input.userId.trim()) return failure('input', 'userId is empty');
  let url: URL | null = null;
  try {
    url = new URL(fillTemplate(input.urlTemplate, input));
  } catch {
    // Refused below.
  }
  // http(s) only, as the page's client checks too (validate.ts): the worker fetches nothing else.
  if (!url || !/^https?:$/.test(url.protocol)) {
    return failure('input', `The dev-server URL template is not an http(s) URL: ${input.urlTemplate}`);
  }
  const res = await httpRequest(deps.http, {
    method: 'GET',
    url: url.toString(),
    timeoutMs: await deps.timeoutMs(),
  });
  if (res.error) return failure('dev-server', `Dev server unreachable: ${res.error}`);
  if (res.status < 200 || res.status > 299) {
    return failure('dev-server', `Dev server answered HTTP ${res.status}`, {
      httpStatus: res.status,
      problems: res.text ? [res.text.slice(0, 300)] : [],
    });
  }
  const signature = signatureFromDevServer(res.text ?? '');
  if (!signature) {
    return failure(
      'dev-server',
      'The dev server answered no signature (expected text or JSON with "signature")',
      {
        httpStatus: res.status,
      },
    );
  }
  return loginWithSignature(deps, { ...input, signature, source: 'dev-server' });
}

/** Sign locally with the session's test keys, then log in. */
export async function loginLocalSign(
  deps: BackgroundDeps,
  input: { environmentId: string; platform: string; userId: string; label?: string; crypto?: Crypto },
): Promise<LoginOutcome> {
  const platform = input.platform.trim();
  const userId = input.userId.trim();
  if (!platform || !userId) return failure('input', 'platform and userId are required');
  const keys = await getKeys(deps.session);
  if (!keys) return failure('keys', 'No local-signing keys in this browser session: set them in the options');
  const signature = await signLogin({ secretId: keys.secretId, platform, userId }, keys.secretKey, {
    now: deps.now,
    crypto: input.crypto,
  });
  return loginWithSignature(deps, { ...input, signature, source: 'local-signing' });
}
