/**
 * The popup's editor: the action and its body, checked as typed against the catalogue, and the body
 * template of a catalogued action filled with the identity. The catalogue (its data is large) loads as a
 * separate chunk from creation on.
 */
import { batch, computed, signal, type ReadonlySignal, type Signal } from '@preact/signals';
import type { TicketRecord } from '../../store/schema';
import { parseActionPath } from './action-path';
import type { BodyCheck } from './body-check';
import type * as PopupCatalogueModule from './catalogue';
import type { PopupDraft } from './draft';

/** The catalogue-backed helpers of the popup (lib/ui/popup/catalogue.ts), once loaded. */
export type PopupCatalogue = typeof PopupCatalogueModule;

/** Why a send was refused before anything went out. */
export type SendBlock = 'no-ticket' | 'no-action' | 'invalid-body';

/** Load the catalogue chunk. */
const importCatalogue = (): Promise<PopupCatalogue> => import('./catalogue');

// The body's verdict until the catalogue is there (the editor shows only once it is).
const NOT_CHECKED: BodyCheck = { ok: false, value: undefined, issues: [] };

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

/** What the editor needs. */
export interface EditorDeps {
  /** The identity a template is filled with. */
  ticket: ReadonlySignal<TicketRecord | null>;
  /** Why the last send was refused; a change that answers it clears it. */
  blocked: Signal<SendBlock | null>;
}

/** Create the popup's editor; its catalogue starts loading now. */
export function createEditor({ ticket, blocked }: EditorDeps) {
  const catalogue = signal<PopupCatalogue | null>(null);
  const actionClass = signal('');
  const action = signal('');
  const body = signal('{}');
  /** The template the body was last set to (null: typed, restored or loaded). */
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

  const entry = computed(() => catalogue.value?.catalogued(actionClass.value, action.value));
  const actionValid = computed(() => parseActionPath(`${actionClass.value}/${action.value}`) !== null);
  const check = computed(() => catalogue.value?.checkBodyText(body.value, entry.value) ?? NOT_CHECKED);

  function templateFor(cls: string, act: string): string | null {
    const c = catalogue.peek();
    const e = c?.catalogued(cls, act);
    if (!c || !e) return null;
    const t = ticket.value;
    return prettyJson(c.bodyTemplate(e, { platform: t?.platform ?? '', userId: t?.userId ?? '' }));
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

  /** Change the identity with `change`; a body still equal to the old identity's template follows the new one. */
  function followIdentity(change: () => void): void {
    const keepTemplate = lastTemplate !== null && body.value === lastTemplate;
    change();
    if (keepTemplate) resetBody();
  }

  /** Put a stored call's action and request body (made pretty) in the editor. */
  function load(cls: string, act: string, requestBody: string): void {
    batch(() => {
      actionClass.value = cls;
      action.value = act;
      body.value = prettyText(requestBody || '{}');
      lastTemplate = null;
      blocked.value = null;
    });
  }

  /** Take the draft's action and body; an empty body becomes the action's template. */
  function restore(draft: PopupDraft): void {
    actionClass.value = draft.actionClass;
    action.value = draft.action;
    body.value = draft.body !== '' ? draft.body : (templateFor(draft.actionClass, draft.action) ?? '{}');
  }

  return {
    catalogue: catalogue as ReadonlySignal<PopupCatalogue | null>,
    loadCatalogue,
    actionClass,
    action,
    body,
    entry,
    actionValid,
    check,
    selectAction,
    resetBody,
    setBody,
    followIdentity,
    load,
    restore,
  };
}

/** The popup's editor. */
export type Editor = ReturnType<typeof createEditor>;
