/**
 * Capture for one DevTools panel: live finished requests, the HAR backlog of requests made before the
 * panel opened (deduplicated against the live ones and the stored log), and navigations — a new
 * document clears the log unless Preserve log is on; an SPA route change (same document) never does.
 */
import { classifyRequest } from '../cme/classify';
import type { DecodeContext } from '../cme/decode-call';
import {
  captureKey,
  createCapturePipeline,
  entryKey,
  type CapturedCall,
  type CapturePipeline,
} from './capture-pipeline';
import { createPageTracker } from './capture-pages';
import { createCaptureTrace, type CaptureTrace, type TraceStep } from './capture-trace';
import { inspectedDocument, inspectedDocumentId, type InspectedWindowLike } from './inspected-window';
import { createRecentRequests, type RecentRequests } from './recent-requests';
import {
  readHarLog,
  watchFinishedRequests,
  watchNavigations,
  type DevtoolsNetworkLike,
  type HarEntryLike,
} from './network-monitor';

/** The DevTools objects a capture session uses. */
export interface CaptureDevtools {
  network: DevtoolsNetworkLike;
  inspectedWindow: InspectedWindowLike;
}

/** What a capture session needs. */
export interface CaptureSessionOptions {
  devtools: CaptureDevtools;
  decode: DecodeContext;
  /** Receives each captured call, in order. */
  onCaptured(call: CapturedCall): void;
  /** A new document was loaded in the inspected tab (after the calls that came before it). */
  onNewDocument(url: string): Promise<void> | void;
  /** Calls already in the stored log, so the backlog does not add them again. */
  known?: Iterable<{ startedAt: number; method: string; url: string }>;
  /** Where the tab's recent non-CME requests go (default: a ring of 200). */
  recent?: RecentRequests;
  /** Notes each step for diagnosis (default: a trace of its own, read through `trace()`). */
  trace?: CaptureTrace;
}

/** A running capture session. */
export interface CaptureSession {
  pipeline: CapturePipeline;
  /** Resolves once the HAR backlog has been read and queued. */
  backfilled: Promise<void>;
  /** The tab's recent requests that were not CME calls (memory only). */
  recent: RecentRequests;
  /**
   * Captures the recent requests that are CME calls under the current classify options (a capture rule
   * just saved): they leave the ring and are decoded as calls; returns how many.
   */
  applyRules(): number;
  /** The latest steps of the capture (events, reads, navigations), for diagnosis; no query strings. */
  trace(): TraceStep[];
  stop(): void;
}

/** True when an entry has what its key is made of (start time, method, URL). */
function keyed(entry: HarEntryLike | null | undefined): entry is HarEntryLike {
  return (
    typeof entry?.startedDateTime === 'string' &&
    typeof entry.request?.method === 'string' &&
    typeof entry.request.url === 'string'
  );
}

/** The latest calls held for a late navigation report (one is reported within moments of its calls). */
const MAX_HELD = 1000;

/** Starts capturing; listeners are attached before the backlog is read, so nothing falls between. */
export function startCaptureSession(options: CaptureSessionOptions): CaptureSession {
  const { network, inspectedWindow } = options.devtools;
  const pages = createPageTracker();
  // Calls handed on since the last navigation was handled. A browser may report a navigation after the new
  // document's first calls finished (Firefox does): those are handed on again after the log is cleared.
  let sinceNavigation: CapturedCall[] = [];
  const recent = options.recent ?? createRecentRequests();
  const trace = options.trace ?? createCaptureTrace();
  const pipeline = createCapturePipeline({
    trace,
    decode: options.decode,
    onOther: (entry) => recent.add(entry),
    // Each call keeps the page it belonged to (pageref and page), as the browser's own HAR does.
    pageOf: (entry) => pages.pageOf(entry),
    onCaptured: (call) => {
      sinceNavigation.push(call);
      if (sinceNavigation.length > MAX_HELD) sinceNavigation.shift();
      options.onCaptured(call);
    },
  });
  for (const k of options.known ?? []) {
    pipeline.remember(captureKey(k.startedAt, k.method, k.url));
  }

  let stopped = false;
  // Live entries wait until the backlog is queued, so calls are decoded in time order (logins first).
  let waiting: HarEntryLike[] | null = [];
  // A live entry without a pageref (Firefox's) belongs to the current document's page; when the browser
  // has not named that page, it is made from the document itself (its URL and time origin), once per
  // document — never from a getHAR: in Firefox a getHAR while the page's requests are in flight stalls
  // DevTools' own network events (in loaded runs it sent none for the rest of a burst, nor listed them).
  let pagesAsked = false;
  const acceptLive = (entry: HarEntryLike): void => {
    if (!pagesAsked && entry.pageref === undefined && pages.needsBrowserPage()) {
      pagesAsked = true;
      void pipeline.barrier(async () => {
        const doc = await inspectedDocument(inspectedWindow);
        trace.note(doc === null ? 'page: the document did not answer' : 'page: made from the document');
        if (doc !== null && pages.needsBrowserPage()) pages.navigated(doc.url, doc.timeOrigin);
      });
    }
    pipeline.accept(entry, 'live');
  };
  const unwatchRequests = watchFinishedRequests(network, (entry) => {
    if (stopped) return;
    const url = entry?.request?.url;
    if (typeof url === 'string' && (url.includes('/PaaS/') || url.includes('signature='))) {
      trace.note(waiting !== null ? 'live: held for the backlog' : 'live', url);
    }
    if (waiting !== null) waiting.push(entry);
    else acceptLive(entry);
  });
  let documentId: Promise<string | null> = inspectedDocumentId(inspectedWindow);
  const unwatchNavigations = watchNavigations(network, (url) => {
    if (stopped) return;
    trace.note('navigated');
    void pipeline.barrier(async () => {
      const before = await documentId;
      const now = inspectedDocumentId(inspectedWindow);
      documentId = now;
      const after = await now;
      const same = before !== null && before === after;
      trace.note(
        same ? 'navigated: same document' : `navigated: new document (${before ?? '?'} → ${after ?? '?'})`,
      );
      const held = sinceNavigation;
      sinceNavigation = [];
      // Same document: pushState/replaceState. Unknown (the page could not be asked): a new one.
      if (same) return;
      pages.navigated(url);
      pagesAsked = false;
      await options.onNewDocument(url);
      // The new document's calls that finished before its navigation was reported (its id is its time origin).
      const origin = after === null ? NaN : Number(after);
      for (const call of held) if (call.raw.startedAt >= origin) options.onCaptured(call);
    });
  });

  trace.note('backlog: asking getHAR');
  const backfilled = readHarLog(network).then(({ entries, pages: listed }) => {
    trace.note(`backlog: ${entries.length} entries`);
    const live = waiting ?? [];
    waiting = null;
    if (stopped) return;
    pages.addPages(listed);
    // A request that finished while the backlog was read is in both: its live entry is the whole one (a
    // backlog entry may have been read before its body was complete), so the backlog's copy is dropped.
    const finishedMeanwhile = new Map<string, number>();
    for (const entry of live) {
      if (!keyed(entry)) continue;
      const key = entryKey(entry);
      finishedMeanwhile.set(key, (finishedMeanwhile.get(key) ?? 0) + 1);
    }
    const ordered = entries
      .filter(keyed)
      .filter((e) => {
        const key = entryKey(e);
        const n = finishedMeanwhile.get(key) ?? 0;
        if (n === 0) return true;
        finishedMeanwhile.set(key, n - 1);
        return false;
      })
      .sort((a, b) => Date.parse(a.startedDateTime) - Date.parse(b.startedDateTime));
    for (const entry of ordered) pipeline.accept(entry, 'backlog');
    for (const entry of live) acceptLive(entry);
  });

  return {
    pipeline,
    backfilled,
    recent,
    trace: () => trace.steps(),
    applyRules() {
      const taken = recent.takeWhere((r) => classifyRequest(r, options.decode.classify).kind !== 'other');
      for (const r of taken) pipeline.accept(r.entry, 'live');
      return taken.length;
    },
    stop() {
      stopped = true;
      unwatchRequests();
      unwatchNavigations();
    },
  };
}
