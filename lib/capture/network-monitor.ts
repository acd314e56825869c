/**
 * The only code that touches `devtools.network`: finished requests, navigations, the HAR backlog and
 * response bodies. Every function takes the network object and returns an unsubscribe function or a
 * promise, so tests pass a plain fake.
 */
import type { Content, Entry, Page, Request, Response } from 'har-format';
import { callDevtools, type DevtoolsEvent } from './browser-call';

/**
 * A HAR entry as DevTools hands it out: @types/har-format's Entry (Chrome adds `_initiator`,
 * `_priority`…, Firefox its own), any field of which may be missing (an entry still in flight, another
 * browser's shape), plus the lazy body reader. The capture keeps every field it gets.
 */
export type HarEntryLike = Partial<Omit<Entry, 'request' | 'response'>> &
  Pick<Entry, 'startedDateTime' | 'time'> & {
    request: Pick<Request, 'method' | 'url'> &
      Partial<Omit<Request, 'method' | 'url' | 'postData'>> & {
        postData?: { mimeType?: string; text?: string; encoding?: string; params?: unknown[] };
      };
    response: Pick<Response, 'status'> &
      Partial<Omit<Response, 'status' | 'content'>> & { content?: Partial<Content> };
    /** Chrome (every entry) and Firefox (live entries) fetch the response body lazily. */
    getContent?(...args: unknown[]): unknown;
  };

/** What `getHAR` gave: its entries and its pages ([] each when it could not tell). */
export interface HarBacklog {
  entries: HarEntryLike[];
  pages: Page[];
}

/** The part of `devtools.network` the capture uses. */
export interface DevtoolsNetworkLike {
  onRequestFinished: DevtoolsEvent<(entry: HarEntryLike) => void>;
  onNavigated: DevtoolsEvent<(url: string) => void>;
  getHAR(...args: unknown[]): unknown;
}

/** A response body as DevTools gave it; `text` null when it could not be read. */
export interface EntryContent {
  text: string | null;
  encoding?: string;
}

/** Calls `listener` for every request the inspected page finishes; returns the unsubscribe function. */
export function watchFinishedRequests(
  network: DevtoolsNetworkLike,
  listener: (entry: HarEntryLike) => void,
): () => void {
  const wrapped = (entry: HarEntryLike): void => listener(entry);
  network.onRequestFinished.addListener(wrapped);
  return () => network.onRequestFinished.removeListener(wrapped);
}

/** Calls `listener` with the URL when the inspected window navigates; returns the unsubscribe function. */
export function watchNavigations(network: DevtoolsNetworkLike, listener: (url: string) => void): () => void {
  const wrapped = (url: string): void => listener(url);
  network.onNavigated.addListener(wrapped);
  return () => network.onNavigated.removeListener(wrapped);
}

/** The requests DevTools already knows (made before the panel opened); [] when it cannot tell. */
export async function readHarBacklog(network: DevtoolsNetworkLike): Promise<HarEntryLike[]> {
  return (await readHarLog(network)).entries;
}

/** The requests DevTools already knows and the pages they belong to (`log.pages`). */
export async function readHarLog(network: DevtoolsNetworkLike): Promise<HarBacklog> {
  try {
    const [log] = await callDevtools((...a) => network.getHAR(...a));
    const { entries, pages } = (log ?? {}) as { entries?: unknown; pages?: unknown };
    return {
      entries: Array.isArray(entries) ? (entries as HarEntryLike[]) : [],
      pages: Array.isArray(pages) ? (pages as Page[]) : [],
    };
  } catch {
    return { entries: [], pages: [] };
  }
}

/**
 * The response body of an entry: through `getContent()` when the entry has it, else the text a
 * Firefox HAR backlog entry carries. Firefox answers the MIME type where Chrome answers the encoding,
 * so only `base64` is taken as an encoding.
 */
export async function readEntryContent(entry: HarEntryLike, timeoutMs = 10_000): Promise<EntryContent> {
  const inline = entry.response.content;
  if (typeof entry.getContent === 'function') {
    try {
      const getContent = entry.getContent.bind(entry);
      const [text, second] = await callDevtools(getContent, [], timeoutMs);
      if (typeof text === 'string') return second === 'base64' ? { text, encoding: 'base64' } : { text };
    } catch {
      // Fall through to the inline text (a HAR backlog entry may carry it).
    }
  }
  if (typeof inline?.text === 'string') {
    return inline.encoding === 'base64' ? { text: inline.text, encoding: 'base64' } : { text: inline.text };
  }
  return { text: null };
}
