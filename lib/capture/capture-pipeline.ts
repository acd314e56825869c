/**
 * From a DevTools HAR entry to a decoded CME call: classify first (cheap, no body), drop what was seen
 * already (backfill vs live), read the body, decode with the tab's attributor. Bodies are read in
 * parallel (bounded) but decoded in arrival order, so a login teaches its ticket before later calls.
 */
import { classifyRequest } from '../cme/classify';
import { decodeCall, type DecodeContext } from '../cme/decode-call';
import type { DecodedCall, RawCall } from '../cme/types';
import { readEntryContent, type EntryContent, type HarEntryLike } from './network-monitor';

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
  /** The entry (with its body filled in) as a RawCall; null when it cannot be read. */
  toRawCall(entry: HarEntryLike): RawCall | null;
  /** Receives each call in arrival order. */
  onCaptured(call: CapturedCall): void;
  /** Reads a body (default: `readEntryContent`). */
  readContent?: (entry: HarEntryLike) => Promise<EntryContent>;
  /** Bodies read at once (default 16). */
  maxConcurrentReads?: number;
}

/** The capture pipeline of one panel. */
export interface CapturePipeline {
  /** Takes an entry; false when it is not a CME call or was seen already (nothing more is done). */
  accept(entry: HarEntryLike): boolean;
  /** Marks a call as known (e.g. already in the stored log), so the backlog does not add it again. */
  remember(key: string): void;
  /**
   * Runs `fn` after every entry accepted so far was handed on, and before any accepted later:
   * a navigation clears exactly the calls that came before it.
   */
  barrier(fn: () => Promise<void> | void): Promise<void>;
  /** Resolves when every accepted entry has been decoded and handed on. */
  idle(): Promise<void>;
}

/** The dedupe key of a request: start time, method and URL. */
export function captureKey(startedAt: number, method: string, url: string): string {
  return `${startedAt}|${method.toUpperCase()}|${url}`;
}

/** The dedupe key of a HAR entry. */
export function entryKey(entry: HarEntryLike): string {
  return captureKey(Date.parse(entry.startedDateTime), entry.request.method, entry.request.url);
}

/** The entry with its response body replaced by what DevTools gave (the entry itself is not changed). */
export function withContent(entry: HarEntryLike, content: EntryContent): HarEntryLike {
  const base = entry.response.content ?? {};
  const { text: _old, encoding: _enc, ...rest } = base;
  const filled =
    content.text === null
      ? rest
      : { ...rest, text: content.text, ...(content.encoding ? { encoding: content.encoding } : {}) };
  return {
    startedDateTime: entry.startedDateTime,
    time: entry.time,
    request: entry.request,
    response: { ...entry.response, content: filled },
  };
}

/** Creates the pipeline. */
export function createCapturePipeline(deps: CapturePipelineDeps): CapturePipeline {
  const seen = new Set<string>();
  const read = deps.readContent ?? ((entry: HarEntryLike) => readEntryContent(entry));
  const maxReads = deps.maxConcurrentReads ?? 16;
  let reading = 0;
  const waiting: (() => void)[] = [];
  let chain: Promise<void> = Promise.resolve();
  let index = 0;

  async function boundedRead(entry: HarEntryLike): Promise<EntryContent> {
    if (reading >= maxReads) await new Promise<void>((r) => waiting.push(r));
    reading++;
    try {
      return await read(entry);
    } catch {
      return { text: null };
    } finally {
      reading--;
      waiting.shift()?.();
    }
  }

  function finish(key: string, entry: HarEntryLike, content: EntryContent): void {
    const raw = deps.toRawCall(withContent(entry, content));
    if (raw === null) return;
    const decoded = decodeCall(raw, index, deps.decode);
    if (decoded === null) return;
    index++;
    deps.onCaptured({ key, raw, decoded });
  }

  return {
    accept(entry) {
      const request = entry?.request;
      if (typeof request?.url !== 'string' || typeof request.method !== 'string') return false;
      if (classifyRequest(request, deps.decode.classify).kind === 'other') return false;
      const key = entryKey(entry);
      if (seen.has(key)) return false;
      seen.add(key);
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
      seen.add(key);
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
