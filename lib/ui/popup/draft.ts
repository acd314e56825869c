/**
 * The popup's draft (identity, action, body) in `storage.local`, so a popup that closed on losing focus
 * opens where it was. Saved on every change, debounced; a stored value that does not fit is ignored.
 */
import type { StorageAreaLike } from '../../settings/settings';

/** What the popup remembers between openings. */
export interface PopupDraft {
  ticketId: string | null;
  /** Environment picked for logging in. */
  environmentId: string | null;
  actionClass: string;
  action: string;
  /** The editor's text, as typed. */
  body: string;
}

/** The storage key of the draft. */
export const DRAFT_KEY = 'popupDraft';
const VERSION = 1;
/** Longest body kept (characters); a longer one is not saved rather than cut into invalid JSON. */
export const MAX_DRAFT_BODY = 512 * 1024;

/** The draft of a first opening. */
export const EMPTY_DRAFT: PopupDraft = {
  ticketId: null,
  environmentId: null,
  actionClass: '',
  action: '',
  body: '',
};

const str = (v: unknown, fallback: string): string => (typeof v === 'string' ? v : fallback);
const strOrNull = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/** Read a stored value into a draft, field by field; anything unreadable becomes the empty draft's. */
export function parseDraft(stored: unknown): PopupDraft {
  if (typeof stored !== 'object' || stored === null || Array.isArray(stored)) return { ...EMPTY_DRAFT };
  const r = stored as Record<string, unknown>;
  if (r.version !== VERSION) return { ...EMPTY_DRAFT };
  return {
    ticketId: strOrNull(r.ticketId),
    environmentId: strOrNull(r.environmentId),
    actionClass: str(r.actionClass, ''),
    action: str(r.action, ''),
    body: str(r.body, ''),
  };
}

/** Load the draft (the empty one when none is stored or storage fails). */
export async function loadDraft(area: StorageAreaLike): Promise<PopupDraft> {
  try {
    return parseDraft((await area.get(DRAFT_KEY))[DRAFT_KEY]);
  } catch {
    return { ...EMPTY_DRAFT };
  }
}

/** Store a draft now. */
export async function saveDraft(area: StorageAreaLike, draft: PopupDraft): Promise<void> {
  const body = draft.body.length > MAX_DRAFT_BODY ? '' : draft.body;
  await area.set({ [DRAFT_KEY]: { ...draft, body, version: VERSION } });
}

/** Timers of the saver (injected by tests). */
export interface SaverTimers {
  setTimeout: (fn: () => void, ms: number) => unknown;
  clearTimeout: (handle: unknown) => void;
}

/** A debounced writer of drafts. */
export interface DraftSaver {
  /** Save `draft` once no other change came for the delay. */
  schedule(draft: PopupDraft): void;
  /** Write the pending draft now (the popup is closing). */
  flush(): Promise<void>;
}

/** Create a debounced saver over `area`; write errors are reported to `onError`, never thrown. */
export function createDraftSaver(
  area: StorageAreaLike,
  options: { delayMs?: number; timers?: SaverTimers; onError?: (error: unknown) => void } = {},
): DraftSaver {
  const delayMs = options.delayMs ?? 250;
  const timers: SaverTimers = options.timers ?? {
    setTimeout: (fn, ms) => setTimeout(fn, ms),
    clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
  };
  const onError = options.onError ?? (() => {});
  let pending: PopupDraft | null = null;
  let handle: unknown = null;

  const write = async (): Promise<void> => {
    if (handle !== null) timers.clearTimeout(handle);
    handle = null;
    const draft = pending;
    pending = null;
    if (draft) await saveDraft(area, draft).catch(onError);
  };
  return {
    schedule(draft) {
      pending = draft;
      if (handle !== null) timers.clearTimeout(handle);
      handle = timers.setTimeout(() => void write(), delayMs);
    },
    flush: write,
  };
}
