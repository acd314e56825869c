/**
 * Fakes of the DevTools objects for capture tests: HAR entries made from RawCalls (with `getContent`
 * in Chrome's callback style, Firefox's promise style, or only inline text), a network object whose
 * events the test fires, and an inspected window whose document id the test changes.
 */
import type { RawCall } from '../../lib/cme/types';
import type { InspectedWindowLike } from '../../lib/capture/inspected-window';
import type { DevtoolsNetworkLike, HarEntryLike } from '../../lib/capture/network-monitor';

/** How an entry hands out its response body. */
export type ContentStyle = 'callback' | 'promise' | 'inline' | 'none';

/** A HAR entry as DevTools gives it for `raw`. */
export function harEntryOf(raw: RawCall, style: ContentStyle = 'callback'): HarEntryLike {
  const text = raw.response?.body?.text ?? null;
  const entry: HarEntryLike = {
    startedDateTime: new Date(raw.startedAt).toISOString(),
    time: raw.durationMs,
    request: {
      method: raw.request.method,
      url: raw.request.url,
      headers: raw.request.headers,
      ...(raw.request.body?.text != null
        ? { postData: { mimeType: 'application/json', text: raw.request.body.text } }
        : {}),
    },
    response: {
      status: raw.response?.status ?? 0,
      headers: raw.response?.headers ?? [],
      content: {
        size: text?.length ?? 0,
        mimeType: 'application/json',
        ...(style === 'inline' && text !== null ? { text } : {}),
      },
    },
  };
  if (style === 'callback') {
    entry.getContent = (...args: unknown[]) => {
      const cb = args[0] as (content: string | null, encoding: string) => void;
      setTimeout(() => cb(text, ''), 0);
    };
  } else if (style === 'promise') {
    entry.getContent = (...args: unknown[]) => {
      if (args.length > 0) throw new Error('Expected at most 0 arguments for getContent(), got 1');
      return Promise.resolve([text, 'application/json']);
    };
  }
  return entry;
}

/** A fake `devtools.network`: the test fires `finish` and `navigate`; `har` and `pages` are what getHAR answers. */
export function fakeNetwork(har: HarEntryLike[] = [], pages: unknown[] = []) {
  const finished = new Set<(entry: HarEntryLike) => void>();
  const navigated = new Set<(url: string) => void>();
  const network = {
    har,
    onRequestFinished: {
      addListener: (l: (entry: HarEntryLike) => void) => void finished.add(l),
      removeListener: (l: (entry: HarEntryLike) => void) => void finished.delete(l),
    },
    onNavigated: {
      addListener: (l: (url: string) => void) => void navigated.add(l),
      removeListener: (l: (url: string) => void) => void navigated.delete(l),
    },
    getHAR: (...args: unknown[]) => {
      const cb = args[0] as ((log: unknown) => void) | undefined;
      setTimeout(() => cb?.({ version: '1.2', pages, entries: network.har }), 0);
    },
    finish: (entry: HarEntryLike) => finished.forEach((l) => l(entry)),
    navigate: (url: string) => navigated.forEach((l) => l(url)),
    listeners: () => finished.size + navigated.size,
  };
  return network satisfies DevtoolsNetworkLike & Record<string, unknown>;
}

/** A fake `devtools.inspectedWindow` for tab `tabId`; `document` is the id `performance.timeOrigin` gives. */
export function fakeInspectedWindow(tabId = 7) {
  const state = { document: '1000.5', evals: 0 };
  const inspected: InspectedWindowLike & { state: typeof state } = {
    tabId,
    state,
    eval: (...args: unknown[]) => {
      state.evals++;
      const cb = args[2] as ((result: unknown, exception?: unknown) => void) | undefined;
      setTimeout(() => cb?.(state.document, undefined), 0);
    },
  };
  return inspected;
}
