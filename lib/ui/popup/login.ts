/**
 * The popup's login form as a store: three ways the background offers (a pasted signature, decoded here
 * and shown before it is sent, repaired if a URL damaged it; the user's dev-server URL; local signing with
 * session-only test keys), and "log in again" with the identity of a rejected ticket.
 */
import { computed, signal, type ReadonlySignal } from '@preact/signals';
import type { LoginOutcome, RpcClient, SignatureCheck } from '../../protocol';
import type { Settings } from '../../settings/settings';
import type { TicketRecord } from '../../store/schema';
import { createKeysStore } from '../shared/keys-store';
import { errorText } from '../shared/rpc-client';
import { createSignaturePaste } from './signature-paste';

/** How to log in. */
export type LoginMethod = 'signature' | 'dev-server' | 'local';

/** Every login method, in the order the form shows them. */
export const LOGIN_METHODS: readonly LoginMethod[] = ['signature', 'dev-server', 'local'];

/** A login that did not give a ticket. */
export type LoginFailure = Exclude<LoginOutcome, { ok: true }>;

/** What the login store needs. */
export interface LoginDeps {
  rpc: RpcClient;
  settings: ReadonlySignal<Settings>;
  /** Called with the ticket of a successful login. */
  onTicket: (ticket: TicketRecord) => void | Promise<void>;
  /** Decodes a signature and judges its timing now (default: lib/cme/signature, loaded on first use). */
  decode?: (text: string) => Promise<SignatureCheck>;
}

const decodeNow = (text: string): Promise<SignatureCheck> =>
  import('../../cme/signature').then((m) => m.checkSignature(text, Date.now()));

/** A refused login with what is wrong with its answer: the worker reads an answer's fields only. */
async function withAnswerProblems(failure: LoginFailure): Promise<LoginFailure> {
  if (failure.responseText === undefined) return failure;
  const { decodeLoginAnswer } = await import('../../cme/envelope');
  const { problems } = decodeLoginAnswer(failure.responseText, failure.httpStatus);
  return { ...failure, problems: [...failure.problems, ...problems] };
}

/** The form's fields as one login request reads them. */
interface LoginFields {
  method: LoginMethod;
  environmentId: string;
  /** The signature to send (already repaired). */
  signature: string;
  urlTemplate: string;
  userId: string;
  platform: string;
  label: string;
}

/** Ask the background to log in by `f.method`. */
function requestLogin(rpc: RpcClient, f: LoginFields): Promise<LoginOutcome> {
  const environmentId = f.environmentId;
  const label = f.label.trim() || undefined;
  switch (f.method) {
    case 'signature':
      return rpc.request('login.withSignature', { environmentId, signature: f.signature, label });
    case 'dev-server':
      return rpc.request('login.fromDevServer', {
        environmentId,
        urlTemplate: f.urlTemplate.trim(),
        userId: f.userId.trim(),
        ...(f.platform.trim() ? { platform: f.platform.trim() } : {}),
        label,
      });
    case 'local':
      return rpc.request('login.localSign', {
        environmentId,
        platform: f.platform.trim(),
        userId: f.userId.trim(),
        label,
      });
  }
}

/** Create the login form's store. */
export function createLoginStore(deps: LoginDeps) {
  const { rpc, settings } = deps;
  const method = signal<LoginMethod>('dev-server');
  const environmentId = signal<string | null>(null);
  const userId = signal('');
  const platform = signal('');
  const label = signal('');
  /** null: the settings' template. */
  const urlTemplateOverride = signal<string | null>(null);
  const busy = signal(false);
  const failure = signal<LoginFailure | null>(null);
  const error = signal<string | null>(null);
  const { keys, refresh: refreshKeys, set: setKeys } = createKeysStore({ rpc, error });
  const paste = createSignaturePaste({ decode: deps.decode ?? decodeNow, error });
  const { signature, decoded } = paste;

  const urlTemplate = computed(() => urlTemplateOverride.value ?? settings.value.devServerUrlTemplate);
  const envId = computed(() => environmentId.value ?? settings.value.defaultEnvironmentId);
  const canSubmit = computed(() => {
    if (busy.value) return false;
    switch (method.value) {
      case 'signature':
        return decoded.value?.fields != null;
      case 'dev-server':
        return userId.value.trim() !== '' && urlTemplate.value.trim() !== '';
      case 'local':
        return userId.value.trim() !== '' && platform.value.trim() !== '' && keys.value?.present === true;
    }
  });

  /** Set the pasted signature and decode it (latest text wins). */
  function setSignature(text: string): Promise<void> {
    failure.value = null;
    return paste.set(text);
  }

  /** Fill the form with a ticket's identity ("log in again"), picking the handiest method. */
  function prefill(ticket: TicketRecord): void {
    environmentId.value = ticket.environment;
    userId.value = ticket.userId ?? '';
    platform.value = ticket.platform ?? '';
    label.value = ticket.label;
    failure.value = null;
    error.value = null;
    method.value =
      urlTemplate.value.trim() !== '' ? 'dev-server' : keys.value?.present ? 'local' : 'signature';
  }

  /** Log in by the chosen method; true when a ticket came back. A second call while busy does nothing. */
  async function submit(): Promise<boolean> {
    if (!canSubmit.value) return false;
    busy.value = true;
    failure.value = null;
    error.value = null;
    try {
      const outcome = await requestLogin(rpc, {
        method: method.value,
        environmentId: envId.value,
        signature: paste.toSend(),
        urlTemplate: urlTemplate.value,
        userId: userId.value,
        platform: platform.value,
        label: label.value,
      });
      if (!outcome.ok) {
        failure.value = await withAnswerProblems(outcome);
        if (outcome.signatureText) await paste.show(outcome.signatureText);
        return false;
      }
      paste.reset();
      await deps.onTicket(outcome.ticket);
      return true;
    } catch (e) {
      error.value = errorText(e);
      return false;
    } finally {
      busy.value = false;
    }
  }

  return {
    method,
    environmentId,
    envId,
    signature,
    decoded,
    userId,
    platform,
    label,
    urlTemplate,
    urlTemplateOverride,
    keys,
    busy,
    failure,
    error,
    canSubmit,
    setSignature,
    refreshKeys,
    /** Store local-signing keys for this browser session (memory only). */
    setKeys,
    prefill,
    submit,
  };
}

/** The popup's login store. */
export type LoginStore = ReturnType<typeof createLoginStore>;
