/**
 * The only code that touches `devtools.network`: finished requests, navigations, the HAR backlog and
 * response bodies. Every function takes the network object and returns an unsubscribe function or a
 * promise, so tests pass a plain fake.
 */
import { callDevtools, type DevtoolsEvent } from './browser-call';

/** The HAR 1.2 entry fields the capture reads (DevTools entries carry more). */
export interface HarEntryLike {
  startedDateTime: string;
  time: number;
  request: {
    method: string;
    url: string;
    headers?: { name: string; value: string }[];
    postData?: { mimeType?: string; text?: string; encoding?: string };
  };
  response: {
    status: number;
    statusText?: string;
    headers?: { name: string; value: string }[];
    content?: { size?: number; mimeType?: string; text?: string; encoding?: string };
  };
  /** Chrome (every entry) and Firefox (live entries) fetch the response body lazily. */
  getContent?(...args: unknown[]): unknown;
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
  try {
    const [log] = await callDevtools((...a) => network.getHAR(...a));
    const entries = (log as { entries?: unknown } | undefined)?.entries;
    return Array.isArray(entries) ? (entries as HarEntryLike[]) : [];
  } catch {
    return [];
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
