/**
 * The popup's store of signals: stored tickets and the chosen identity, the action and its body (checked
 * as typed), the login form, the call in flight and its result, recent calls, and the draft kept in
 * storage across openings. Every network effect goes through the background's RPC. The catalogue (its
 * data is large) loads as a separate chunk from creation on, in parallel with `init()`'s reads.
 */
import { batch, computed, effect, signal, type ReadonlySignal } from '@preact/signals';
import type { RpcClient } from '../../protocol';
import type { Settings, StorageAreaLike } from '../../settings/settings';
import type { EnvironmentRecord, HistoryRecord, TicketRecord } from '../../store/schema';
import type { BodyCheck } from './body-check';
import { parseActionPath } from './action-path';
import type * as PopupCatalogueModule from './catalogue';
import { createCallRunner, type CallResult } from './call';
import { createDraftSaver, loadDraft, type DraftSaver } from './draft';
import { createLoginStore } from './login';
import { errorText } from '../shared/rpc-client';

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

/** The catalogue-backed helpers of the popup (lib/ui/popup/catalogue.ts), once loaded. */
export type PopupCatalogue = typeof PopupCatalogueModule;

/** Load the catalogue chunk. */
const importCatalogue = (): Promise<PopupCatalogue> => import('./catalogue');

// The body's verdict until the catalogue is there (the editor shows only once it is).
const NOT_CHECKED: BodyCheck = { ok: false, value: undefined, issues: [] };

/** Why a send was refused before anything went out. */
export type SendBlock = 'no-ticket' | 'no-action' | 'invalid-body';

/** How many recent calls the popup lists. */
export const RECENT_LIMIT = 8;

/** Pretty JSON for the editor. */
export function prettyJson(value: unknown): string {
  return JSON.stringify(value, null, 2);
}

/** A stored request body made pretty when it is JSON, else left as it was. */
function prettyText(text: string): string {
  try {
    return prettyJson(JSON.parse(text));
  } catch {
    return text;
  }
}

/** Create the popup's store; call `init()` once, `dispose()` when the page goes. */
export function createPopupStore(deps: PopupStoreDeps) {
  const { rpc, settings } = deps;
  const saver = deps.saver ?? createDraftSaver(deps.draftArea);
  const status = signal<'loading' | 'ready' | 'error'>('loading');
  const loadError = signal<string | null>(null);
  const environments = signal<EnvironmentRecord[]>([]);
  const tickets = signal<TicketRecord[]>([]);
  const ticketId = signal<string | null>(null);
  const actionClass = signal('');
  const action = signal('');
  const body = signal('{}');
  const recent = signal<HistoryRecord[]>([]);
  const loginOpen = signal(false);
  const revealOverride = signal<boolean | null>(null);
  const blocked = signal<SendBlock | null>(null);
  const catalogue = signal<PopupCatalogue | null>(null);
  let lastTemplate: string | null = null;
  let catalogueLoad: Promise<PopupCatalogue> | null = null;

  /** Start (or join) loading the catalogue; a failed load is tried again on the next call. */
  const loadCatalogue = (): Promise<PopupCatalogue> =>
    (catalogueLoad ??= importCatalogue().then(
      (m) => (catalogue.value = m),
      (e: unknown) => {
        catalogueLoad = null;
        throw e;
      },
    ));
  loadCatalogue().catch(() => {});

  const ticket = computed(() => tickets.value.find((t) => t.id === ticketId.value) ?? null);
  const environment = computed(() => {
    const t = ticket.value;
    return t ? (environments.value.find((e) => e.id === t.environment) ?? null) : null;
  });
  const entry = computed(() => catalogue.value?.catalogued(actionClass.value, action.value));
  const actionValid = computed(() => parseActionPath(`${actionClass.value}/${action.value}`) !== null);
  const check = computed(() => catalogue.value?.checkBodyText(body.value, entry.value) ?? NOT_CHECKED);
  const reveal = computed(() => revealOverride.value ?? settings.value.revealSecrets);
  const showLogin = computed(
    () => status.value === 'ready' && (loginOpen.value || tickets.value.length === 0),
  );

  const refreshTickets = async (): Promise<void> => {
    try {
      tickets.value = await rpc.request('tickets.list', {});
    } catch (e) {
      loadError.value = errorText(e);
    }
  };
  const refreshRecent = async (): Promise<void> => {
    try {
      const rows = await rpc.request('history.list', { limit: RECENT_LIMIT * 3 });
      recent.value = rows.filter((r) => r.kind === 'api').slice(0, RECENT_LIMIT);
    } catch (e) {
      loadError.value = errorText(e);
    }
  };

  const login = createLoginStore({
    rpc,
    settings,
    onTicket: async (t) => {
      await refreshTickets();
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
    onDone: () => Promise.all([refreshTickets(), refreshRecent()]).then(() => undefined),
  });

  function templateFor(cls: string, act: string): string | null {
    const c = catalogue.peek();
    const e = c?.catalogued(cls, act);
    if (!c || !e) return null;
    const t = ticket.value;
    return prettyJson(c.bodyTemplate(e, { platform: t?.platform ?? '', userId: t?.userId ?? '' }));
  }

  /** Use a stored ticket; a body still equal to the old identity's template follows the new one. */
  function selectTicket(id: string | null): void {
    const keepTemplate = lastTemplate !== null && body.value === lastTemplate;
    ticketId.value = id;
    if (keepTemplate) resetBody();
  }

  /** Pick an action; a catalogued one gets its body template, filled with the identity. */
  function selectAction(cls: string, act: string): void {
    if (cls === actionClass.value && act === action.value) return;
    batch(() => {
      actionClass.value = cls;
      action.value = act;
      blocked.value = null;
      const template = templateFor(cls, act);
      if (template !== null) {
        body.value = template;
        lastTemplate = template;
      } else if (body.value.trim() === '') {
        body.value = '{}';
      }
    });
  }

  /** Put the action's template back in the editor. */
  function resetBody(): void {
    const template = templateFor(actionClass.value, action.value);
    body.value = template ?? '{}';
    lastTemplate = template;
  }

  function setBody(text: string): void {
    body.value = text;
    if (blocked.value === 'invalid-body' && check.value.ok) blocked.value = null;
  }

  /** Send the call; refused (nothing sent) without a ticket, an action, or a valid body. */
  async function send(): Promise<CallResult | null> {
    if (call.sending.value) return null;
    const t = ticket.value;
    const c = check.value;
    const why: SendBlock | null = !t
      ? 'no-ticket'
      : !actionValid.value
        ? 'no-action'
        : !c.ok
          ? 'invalid-body'
          : null;
    blocked.value = why;
    if (why !== null || !t) return null;
    return call.run({
      actionClass: actionClass.value,
      action: action.value,
      body: c.value,
      ticket: t,
      environment: environment.value,
    });
  }

  /** Put a recent call back in the editor (with its ticket when that is still stored). */
  function loadFromHistory(row: HistoryRecord): void {
    batch(() => {
      actionClass.value = row.actionClass ?? '';
      action.value = row.action;
      body.value = prettyText(row.requestBody || '{}');
      lastTemplate = null;
      blocked.value = null;
      if (row.ticketId && tickets.value.some((t) => t.id === row.ticketId)) ticketId.value = row.ticketId;
    });
  }

  /** Send a recent call again. */
  async function rerun(row: HistoryRecord): Promise<CallResult | null> {
    if (call.sending.value) return null;
    loadFromHistory(row);
    return send();
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
        loadCatalogue(),
      ]);
      batch(() => {
        environments.value = envs;
        tickets.value = ts;
        const remembered = ts.find((t) => t.id === draft.ticketId);
        ticketId.value = (remembered ?? ts.find((t) => t.status === 'active') ?? ts[0])?.id ?? null;
        actionClass.value = draft.actionClass;
        action.value = draft.action;
        body.value = draft.body !== '' ? draft.body : (templateFor(draft.actionClass, draft.action) ?? '{}');
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
        ticketId: ticketId.value,
        environmentId: login.environmentId.value,
        actionClass: actionClass.value,
        action: action.value,
        body: body.value,
      });
    });
    await Promise.all([refreshRecent(), login.refreshKeys()]);
  }

  /** Stop saving and write the pending draft now. */
  function dispose(): Promise<void> {
    stopDraft();
    return saver.flush();
  }

  return {
    status,
    loadError,
    environments,
    tickets,
    ticketId,
    ticket,
    environment,
    actionClass,
    action,
    entry,
    /** The catalogue helpers; null until loaded (`init()` waits for them). */
    catalogue: catalogue as ReadonlySignal<PopupCatalogue | null>,
    actionValid,
    body,
    check,
    recent,
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
    selectAction,
    resetBody,
    setBody,
    send,
    abort: call.abort,
    loadFromHistory,
    rerun,
    relogin,
    refreshTickets,
    refreshRecent,
  };
}

/** The popup's store. */
export type PopupStore = ReturnType<typeof createPopupStore>;
