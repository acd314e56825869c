/**
 * From a DevTools HAR entry to a decoded CME call: classify first (cheap, no body), drop what was seen
 * already (backfill vs live), read the body, decode with the tab's attributor. Bodies are read in
 * parallel (bounded, widely: Firefox answers each read late) but decoded in arrival order, so a login
 * teaches its ticket before later calls.
 */
import type { Page } from 'har-format';
import type { RuleRequest } from '../cme/capture-rules';
import { classifyRequest } from '../cme/classify';
import { decodeCall, type DecodeContext } from '../cme/decode-call';
import { harEntryToRawCall } from '../cme/har';
import type { DecodedCall, RawCall } from '../cme/types';
import type { CaptureTrace } from './capture-trace';
import { readEntryContent, type EntryContent, type HarEntryLike } from './network-monitor';

/**
 * Bodies read at once. Firefox answers a `getContent()` 250 ms or more after it is asked (16 asked
 * together came back together): 16 at once read ~60 bodies a second while the page made ~150 calls a
 * second, so the panel fell seconds behind (5 s at 1,000 calls). The floor panel asks for every body at
 * once; this bound only keeps a large HAR backlog from asking for thousands together.
 */
export const MAX_CONCURRENT_READS = 256;

/** A CME call captured from the inspected page. */
export interface CapturedCall {
  /** Identity of the request across the live events and the HAR backlog. */
  key: string;
  raw: RawCall;
  decoded: DecodedCall;
}

/** What the pipeline needs. */
export interface CapturePipelineDeps {
  decode: DecodeContext;
  /** The page an entry (its body filled in) belonged to, when known: the call keeps it (pageref and page). */
  pageOf?(entry: HarEntryLike): Page | undefined;
  /** Receives each call in arrival order. */
  onCaptured(call: CapturedCall): void;
  /** Receives each request that is not a CME call (the recent-requests ring of the rule preview). */
  onOther?(entry: HarEntryLike): void;
  /** Reads a body (default: `readEntryContent`). */
  readContent?: (entry: HarEntryLike) => Promise<EntryContent>;
  /** Bodies read at once (default {@link MAX_CONCURRENT_READS}). */
  maxConcurrentReads?: number;
  /** Notes each step (body reads, hand-overs) for diagnosis. */
  trace?: CaptureTrace;
}

/** Where an entry comes from: a finished-request event, or the HAR backlog read when the panel opened. */
export type EntryOrigin = 'live' | 'backlog';

/** The capture pipeline of one panel. */
export interface CapturePipeline {
  /**
   * Takes an entry; false when it is not a CME call or is a copy of one already taken (nothing more
   * is done). Live events are distinct requests; only a backlog entry and a live one can be the same.
   */
  accept(entry: HarEntryLike, origin?: EntryOrigin): boolean;
  /** Marks a call as known (already in the stored log), so the backlog does not add it again. */
  remember(key: string): void;
  /**
   * Runs `fn` after every entry accepted so far was handed on, and before any accepted later:
   * a navigation clears exactly the calls that came before it.
   */
  barrier(fn: () => Promise<void> | void): Promise<void>;
  /** Resolves when every accepted entry has been decoded and handed on. */
  idle(): Promise<void>;
}

/**
 * The key of a request across the live events, the HAR backlog and the stored log: start time, method and
 * URL. Not the duration: a backlog entry read while its answer was still loading has a shorter one than
 * its live event. Not unique (50 calls in flight may share all three): keys are counted, never just set.
 */
export function captureKey(startedAt: number, method: string, url: string): string {
  return `${startedAt}|${method.toUpperCase()}|${url}`;
}

/** The key of a HAR entry. */
export function entryKey(entry: HarEntryLike): string {
  return captureKey(Date.parse(entry.startedDateTime), entry.request.method, entry.request.url);
}

/** A multiset of keys: how many of each are still to be matched. */
function createKeyCounts() {
  const counts = new Map<string, number>();
  return {
    add(key: string): void {
      counts.set(key, (counts.get(key) ?? 0) + 1);
    },
    /** Removes one `key`; false when there was none. */
    take(key: string): boolean {
      const n = counts.get(key) ?? 0;
      if (n === 0) return false;
      if (n === 1) counts.delete(key);
      else counts.set(key, n - 1);
      return true;
    },
  };
}

/**
 * The entry with its response body replaced by what DevTools gave; every other field (HTTP version,
 * cookies, timings, server IP, connection, pageref, `_initiator`…) as it was. The entry is not changed.
 */
export function withContent(entry: HarEntryLike, content: EntryContent): HarEntryLike {
  const base = entry.response.content ?? {};
  const { text: _old, encoding: _enc, ...rest } = base;
  const filled =
    content.text === null
      ? rest
      : { ...rest, text: content.text, ...(content.encoding ? { encoding: content.encoding } : {}) };
  return { ...entry, response: { ...entry.response, content: filled } };
}

/** What classifying reads of an entry: method, URL, headers and the request body (capture rules). */
function classifiable(entry: HarEntryLike): RuleRequest {
  const { method, url, headers, postData } = entry.request;
  const text = postData?.text;
  return {
    method,
    url,
    headers: Array.isArray(headers) ? headers : [],
    body:
      typeof text === 'string'
        ? { text, ...(postData?.encoding ? { encoding: postData.encoding } : {}) }
        : null,
  };
}

/** Creates the pipeline. */
export function createCapturePipeline(deps: CapturePipelineDeps): CapturePipeline {
  // Calls in the stored log (a backlog entry matching one is not added again), and backlog entries
  // taken (a live event for the same request — in flight when the panel opened — is not added again).
  const stored = createKeyCounts();
  const fromBacklog = createKeyCounts();
  const read = deps.readContent ?? ((entry: HarEntryLike) => readEntryContent(entry));
  const maxReads = deps.maxConcurrentReads ?? MAX_CONCURRENT_READS;
  let reading = 0;
  const waiting: (() => void)[] = [];
  let chain: Promise<void> = Promise.resolve();
  let index = 0;

  const trace = deps.trace;
  async function boundedRead(entry: HarEntryLike): Promise<EntryContent> {
    if (reading >= maxReads) await new Promise<void>((r) => waiting.push(r));
    reading++;
    trace?.note('read', entry.request.url);
    try {
      const content = await read(entry);
      trace?.note(
        content.text === null ? 'read: no text' : `read: ${content.text.length} chars`,
        entry.request.url,
      );
      return content;
    } catch {
      trace?.note('read: failed', entry.request.url);
      return { text: null };
    } finally {
      reading--;
      waiting.shift()?.();
    }
  }

  function finish(key: string, entry: HarEntryLike, content: EntryContent): void {
    const filled = withContent(entry, content);
    const raw = harEntryToRawCall(filled);
    if (raw === null) return;
    const page = deps.pageOf?.(filled);
    if (page !== undefined) {
      raw.pageref = page.id;
      raw.page = page;
    }
    const decoded = decodeCall(raw, index, deps.decode);
    if (decoded === null) return;
    index++;
    trace?.note('handed on', raw.request.url);
    deps.onCaptured({ key, raw, decoded });
  }

  return {
    accept(entry, origin = 'live') {
      const request = entry?.request;
      if (typeof request?.url !== 'string' || typeof request.method !== 'string') return false;
      if (classifyRequest(classifiable(entry), deps.decode.classify).kind === 'other') {
        deps.onOther?.(entry);
        return false;
      }
      // A backlog entry still in flight (no status, no time yet) arrives finished through the live event.
      if (origin === 'backlog' && !(entry.response?.status > 0) && !(entry.time > 0)) return false;
      const key = entryKey(entry);
      if (origin === 'backlog') {
        if (stored.take(key)) return false;
        fromBacklog.add(key);
      } else if (fromBacklog.take(key)) {
        trace?.note('live: already in the backlog', request.url);
        return false;
      }
      trace?.note(`${origin}: accepted`, request.url);
      const content = boundedRead(entry);
      chain = chain.then(async () => {
        try {
          finish(key, entry, await content);
        } catch (error) {
          console.error('CME DevTools: could not decode a captured call', error);
        }
      });
      return true;
    },
    remember(key) {
      stored.add(key);
    },
    barrier(fn) {
      const run = chain.then(fn);
      chain = run.catch((error: unknown) => console.error('CME DevTools: capture step failed', error));
      return run;
    },
    idle() {
      return chain;
    },
  };
}
