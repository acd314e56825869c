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

/** Create the login form's store. */
export function createLoginStore(deps: LoginDeps) {
  const { rpc, settings } = deps;
  const decode = deps.decode ?? decodeNow;
  const method = signal<LoginMethod>('dev-server');
  const environmentId = signal<string | null>(null);
  const signature = signal('');
  const decoded = signal<SignatureCheck | null>(null);
  const userId = signal('');
  const platform = signal('');
  const label = signal('');
  /** null: the settings' template. */
  const urlTemplateOverride = signal<string | null>(null);
  const busy = signal(false);
  const failure = signal<LoginFailure | null>(null);
  const error = signal<string | null>(null);
  const { keys, refresh: refreshKeys, set: setKeys } = createKeysStore({ rpc, error });
  let decodeSeq = 0;
  /** The text `decoded` was read from. */
  let decodedText = '';

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

  /** Decode `text` into `decoded` unless a later text came meanwhile. */
  async function show(text: string): Promise<void> {
    const seq = ++decodeSeq;
    try {
      const got = await decode(text);
      if (seq !== decodeSeq) return;
      decoded.value = got;
      decodedText = text;
    } catch (e) {
      if (seq === decodeSeq) {
        decoded.value = null;
        error.value = errorText(e);
      }
    }
  }

  /** Set the pasted signature and decode it (latest text wins). */
  async function setSignature(text: string): Promise<void> {
    signature.value = text;
    failure.value = null;
    if (text.trim() === '') {
      ++decodeSeq;
      decoded.value = null;
      return;
    }
    // Untrimmed: a '+' a URL turned into a space may be the signature's first or last character.
    await show(text);
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

  function request(): Promise<LoginOutcome> {
    const environment = envId.value;
    const labelText = label.value.trim() || undefined;
    switch (method.value) {
      case 'signature': {
        const text = signature.value;
        // A paste a URL damaged (spaces for '+', URL-safe digits, percent-encoding) goes out repaired.
        const repaired = decodedText === text && decoded.value?.fields ? decoded.value.base64 : undefined;
        return rpc.request('login.withSignature', {
          environmentId: environment,
          signature: repaired ?? text.trim(),
          label: labelText,
        });
      }
      case 'dev-server':
        return rpc.request('login.fromDevServer', {
          environmentId: environment,
          urlTemplate: urlTemplate.value.trim(),
          userId: userId.value.trim(),
          ...(platform.value.trim() ? { platform: platform.value.trim() } : {}),
          label: labelText,
        });
      case 'local':
        return rpc.request('login.localSign', {
          environmentId: environment,
          platform: platform.value.trim(),
          userId: userId.value.trim(),
          label: labelText,
        });
    }
  }

  /** Log in by the chosen method; true when a ticket came back. A second call while busy does nothing. */
  async function submit(): Promise<boolean> {
    if (!canSubmit.value) return false;
    busy.value = true;
    failure.value = null;
    error.value = null;
    try {
      const outcome = await request();
      if (!outcome.ok) {
        failure.value = outcome;
        if (outcome.signatureText) await show(outcome.signatureText);
        return false;
      }
      signature.value = '';
      decoded.value = null;
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
