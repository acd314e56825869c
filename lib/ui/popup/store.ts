/**
 * The popup's store of signals, composed of its parts: the identity (stored tickets, the chosen one;
 * identity.ts), the editor (the action and its body checked as typed, the catalogue; editor.ts), the login
 * form (login.ts), the call in flight and its result (call.ts, send.ts), recent calls (recent.ts), and the
 * draft kept in storage across openings (draft.ts). Every network effect goes through the background's RPC.
 */
import { batch, computed, effect, signal, type ReadonlySignal } from '@preact/signals';
import type { RpcClient } from '../../protocol';
import type { Settings, StorageAreaLike } from '../../settings/settings';
import type { TicketRecord } from '../../store/schema';
import { createCallRunner } from './call';
import { createDraftSaver, loadDraft, type DraftSaver } from './draft';
import { createEditor, type SendBlock } from './editor';
import { createIdentity } from './identity';
import { createLoginStore } from './login';
import { createRecent } from './recent';
import { createSend } from './send';
import { errorText } from '../shared/rpc-client';

export { prettyJson, type PopupCatalogue, type SendBlock } from './editor';
export { RECENT_LIMIT } from './recent';

/** What the popup store needs. */
export interface PopupStoreDeps {
  rpc: RpcClient;
  settings: ReadonlySignal<Settings>;
  /** `storage.local`, for the draft. */
  draftArea: StorageAreaLike;
  saver?: DraftSaver;
  newId?: () => string;
  now?: () => number;
}

/** Create the popup's store; call `init()` once, `dispose()` when the page goes. */
export function createPopupStore(deps: PopupStoreDeps) {
  const { rpc, settings } = deps;
  const saver = deps.saver ?? createDraftSaver(deps.draftArea);
  const status = signal<'loading' | 'ready' | 'error'>('loading');
  const loadError = signal<string | null>(null);
  const loginOpen = signal(false);
  const revealOverride = signal<boolean | null>(null);
  const blocked = signal<SendBlock | null>(null);

  const identity = createIdentity({ rpc, loadError });
  const editor = createEditor({ ticket: identity.ticket, blocked });
  const login = createLoginStore({
    rpc,
    settings,
    onTicket: async (t) => {
      await identity.refreshTickets();
      batch(() => {
        selectTicket(t.id);
        loginOpen.value = false;
      });
    },
  });
  const call = createCallRunner({
    rpc,
    newId: deps.newId,
    now: deps.now,
    timeoutMs: () => settings.value.callTimeoutMs,
    onDone: () => Promise.all([identity.refreshTickets(), recent.refreshRecent()]).then(() => undefined),
  });
  const send = createSend({ call, identity, editor, blocked });
  const recent = createRecent({ rpc, loadError, identity, editor, sending: call.sending, send });

  const reveal = computed(() => revealOverride.value ?? settings.value.revealSecrets);
  const showLogin = computed(
    () => status.value === 'ready' && (loginOpen.value || identity.tickets.value.length === 0),
  );

  /** Use a stored ticket; a body still equal to the old identity's template follows the new one. */
  function selectTicket(id: string | null): void {
    editor.followIdentity(() => (identity.ticketId.value = id));
  }

  /** "Log in again" with a rejected ticket's identity. */
  function relogin(t: TicketRecord): void {
    login.prefill(t);
    loginOpen.value = true;
  }

  let stopDraft: () => void = () => {};

  /** Load everything, the draft and the catalogue; resolves when the popup is ready (or failed to load). */
  async function init(): Promise<void> {
    status.value = 'loading';
    try {
      const [draft, envs, ts] = await Promise.all([
        loadDraft(deps.draftArea),
        rpc.request('environments.list', {}),
        rpc.request('tickets.list', {}),
        editor.loadCatalogue(),
      ]);
      batch(() => {
        identity.restore(envs, ts, draft.ticketId);
        editor.restore(draft);
        if (draft.environmentId && envs.some((e) => e.id === draft.environmentId)) {
          login.environmentId.value = draft.environmentId;
        }
        status.value = 'ready';
      });
    } catch (e) {
      loadError.value = errorText(e);
      status.value = 'error';
      return;
    }
    stopDraft = effect(() => {
      saver.schedule({
        ticketId: identity.ticketId.value,
        environmentId: login.environmentId.value,
        actionClass: editor.actionClass.value,
        action: editor.action.value,
        body: editor.body.value,
      });
    });
    await Promise.all([recent.refreshRecent(), login.refreshKeys()]);
  }

  /** Stop saving and write the pending draft now. */
  function dispose(): Promise<void> {
    stopDraft();
    return saver.flush();
  }

  return {
    status,
    loadError,
    environments: identity.environments,
    tickets: identity.tickets,
    ticketId: identity.ticketId,
    ticket: identity.ticket,
    environment: identity.environment,
    actionClass: editor.actionClass,
    action: editor.action,
    entry: editor.entry,
    /** The catalogue helpers; null until loaded (`init()` waits for them). */
    catalogue: editor.catalogue,
    actionValid: editor.actionValid,
    body: editor.body,
    check: editor.check,
    recent: recent.recent,
    loginOpen,
    showLogin,
    revealOverride,
    reveal,
    blocked,
    login,
    call,
    init,
    dispose,
    flushDraft: () => saver.flush(),
    selectTicket,
    selectAction: editor.selectAction,
    resetBody: editor.resetBody,
    setBody: editor.setBody,
    send,
    abort: call.abort,
    loadFromHistory: recent.loadFromHistory,
    rerun: recent.rerun,
    relogin,
    refreshTickets: identity.refreshTickets,
    refreshRecent: recent.refreshRecent,
  };
}

/** The popup's store. */
export type PopupStore = ReturnType<typeof createPopupStore>;
