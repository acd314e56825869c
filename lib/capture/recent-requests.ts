/**
 * A small ring of the inspected tab's recent requests that are not CME calls, for the capture rule editor's
 * preview ("matches 3 of the last 200 requests") and to capture them once a rule is saved. Memory only,
 * never stored: method, URL, headers and the first few KB of the request body, each bounded; views mask
 * them like every other text (by value).
 */
import type { RuleRequest } from '../cme/capture-rules';
import type { HttpHeader } from '../cme/types';
import type { HarEntryLike } from './network-monitor';

/** One recent request, bounded. */
export interface RecentRequest extends RuleRequest {
  /** Order of arrival in this panel. */
  seq: number;
  startedAt: number;
  headers: HttpHeader[];
  /** The entry DevTools gave (its answer is read only if a rule later captures it). */
  entry: HarEntryLike;
}

/** The ring. */
export interface RecentRequests {
  /** Oldest first. */
  list(): readonly RecentRequest[];
  /** Adds a request (the oldest goes beyond `max`). */
  add(entry: HarEntryLike): void;
  /** Takes out the requests `take` says yes to (they became CME calls); returns them, oldest first. */
  takeWhere(take: (r: RecentRequest) => boolean): RecentRequest[];
  clear(): void;
  /** Called after each change. */
  subscribe(listener: () => void): () => void;
}

/** Requests kept. */
export const MAX_RECENT = 200;
/** Request body characters kept per request. */
export const MAX_RECENT_BODY = 4096;
const MAX_HEADERS = 64;
const MAX_HEADER_VALUE = 2048;
const MAX_URL = 4096;

/** Creates the ring. */
export function createRecentRequests(max = MAX_RECENT): RecentRequests {
  let items: RecentRequest[] = [];
  let seq = 0;
  const listeners = new Set<() => void>();
  const changed = (): void => {
    for (const l of listeners) l();
  };
  return {
    list: () => items,
    add(entry) {
      const req = entry.request;
      if (typeof req?.url !== 'string' || !/^https?:/i.test(req.url) || req.url.length > MAX_URL) return;
      const headers = (Array.isArray(req.headers) ? req.headers : [])
        .slice(0, MAX_HEADERS)
        .filter((h) => typeof h?.name === 'string' && typeof h.value === 'string')
        .map((h) => ({ name: h.name.slice(0, 256), value: h.value.slice(0, MAX_HEADER_VALUE) }));
      const text = req.postData?.text;
      const body =
        typeof text === 'string' && text !== ''
          ? {
              text: text.slice(0, MAX_RECENT_BODY),
              ...(req.postData?.encoding ? { encoding: req.postData.encoding } : {}),
              ...(text.length > MAX_RECENT_BODY ? { truncated: true } : {}),
            }
          : null;
      const item: RecentRequest = {
        seq: ++seq,
        startedAt: Date.parse(entry.startedDateTime),
        method: String(req.method),
        url: req.url,
        headers,
        body,
        entry,
      };
      items = items.length >= max ? [...items.slice(items.length - max + 1), item] : [...items, item];
      changed();
    },
    takeWhere(take) {
      const taken = items.filter(take);
      if (taken.length > 0) {
        items = items.filter((r) => !taken.includes(r));
        changed();
      }
      return taken;
    },
    clear() {
      items = [];
      changed();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
