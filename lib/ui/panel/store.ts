/**
 * The panel's store of signals: the call rows (summaries only), filters, selection and view, over the
 * capture write loop (log-writer.ts), which writes captured calls to the log in one transaction per batch
 * and changes the rows signal at most once per batch — when a stream of calls pauses, at most CAPTURE_BATCH_MS
 * after its first — so 10,000 calls never re-render the list per call.
 */
import { batch, computed, signal, type ReadonlySignal } from '@preact/signals';
import type { RawCall } from '../../cme/types';
import { createIncrementalFacets } from './facets';
import { loadFilterEngine, type FilterEngine } from './filter-engine';
import type { ParsedQuery } from './filter-query';
import { frameScheduler, streamScheduler, type Scheduler } from './frame';
import type { CaptureLog } from './log';
import { createLogWriter, type CallToAdd } from './log-writer';
import type { PanelRow } from './rows';
import type { TextIndex } from './text-index/client';

export type { CallToAdd } from './log-writer';

/**
 * While calls stream in, a capture batch (one transaction, one render, one scroll write) waits until the
 * stream pauses for CAPTURE_QUIET_MS, and at most CAPTURE_BATCH_MS. Per frame, or every 50 ms, a burst of
 * 150 calls a second cost the page, which shares the cores, a render and a layout each time; four lists a
 * second still keep up with a reader, and a burst's last calls wait only the quiet time (BENCHMARKS.md,
 * capture rows).
 */
export const CAPTURE_BATCH_MS = 250;
export const CAPTURE_QUIET_MS = 40;

/** Options of the panel store. */
export interface PanelStoreOptions {
  log: CaptureLog;
  /** Entries kept (settings.maxEntriesPerTab). */
  maxEntries: number;
  /**
   * Views only (settings.revealSecrets): where a view offers Reveal for one item (a ticket, a signature's
   * HMAC), it starts revealed. Exports, copies, bodies and trees stay masked whatever it says.
   */
  reveal?: boolean;
  preserveLog?: boolean;
  schedule?: Scheduler;
  /** Cap of each call's search text (characters). */
  maxSearchChars?: number;
  /** Loads the filter engine (default: its own chunk, after the first paint). */
  filterEngine?: () => Promise<FilterEngine>;
  /** The text index holding the log's search texts (the tab's log: rows hold none). */
  textIndex?: TextIndex;
}

/** Which view the panel shows. */
export type PanelView = 'calls' | 'stats' | 'faults';

/** Creates the panel store. */
export function createPanelStore(options: PanelStoreOptions) {
  const rows = signal<readonly PanelRow[]>([]);
  /** The filter: one query of the filter language (filter-query.ts), the only source of truth. */
  const filter = signal('');
  /** Ids of the calls replayed from this panel (`is:replayed`). */
  const replayed = signal<ReadonlySet<number>>(new Set());
  const selectedId = signal<number | null>(null);
  const preserveLog = signal(options.preserveLog ?? false);
  const reveal = signal(options.reveal ?? false);
  const view = signal<PanelView>('calls');
  const status = signal<'loading' | 'ready' | 'error'>('loading');
  const error = signal<string | null>(null);
  /** What is listed: the inspected tab's log, or an imported file. */
  const source = signal<{ kind: 'tab' } | { kind: 'file'; name: string }>({ kind: 'tab' });

  const writer = createLogWriter({
    log: options.log,
    maxEntries: Math.max(1, options.maxEntries),
    schedule: options.schedule ?? streamScheduler(frameScheduler(), CAPTURE_QUIET_MS, CAPTURE_BATCH_MS),
    maxSearchChars: options.maxSearchChars,
    rows,
    error,
  });

  // The text index's progress on the current query (filter-indexed.ts), and the reading of a big log.
  const indexState = {
    pending: signal(false),
    deep: signal<{ searched: number; toSearch: number } | null>(null),
  };
  /** While an opened log is read newest first: rows listed so far, of how many. */
  const loadingRest = signal<{ loaded: number; total: number } | null>(null);
  const engine = signal<FilterEngine | null>(null);
  const engineReady = (
    options.filterEngine ?? (() => loadFilterEngine(options.textIndex, indexState))
  )().then(
    (loaded) => void (engine.value = loaded),
    (e: unknown) => console.error('CME DevTools: the filter did not load', e),
  );
  const facetRows = createIncrementalFacets();
  // Until the engine is there the list is unfiltered (the boot waits for it when a query is kept).
  const visible = computed(() => {
    const e = engine.value;
    return e ? e.filterRows(rows.value, filter.value, { replayed: replayed.value }) : rows.value;
  });
  const facets = computed(() => facetRows(rows.value));
  // A plain function (no `this`): the row menu and the selects pass it around.
  function applyTerm(key: string, value: string, negate?: boolean, among?: readonly string[]): void {
    const e = engine.peek();
    if (e) filter.value = e.withTerm(filter.peek(), key, value, negate === true, among);
    else void engineReady.then(() => applyTerm(key, value, negate, among));
  }
  const parsedFilter = computed<ParsedQuery>(
    () => engine.value?.parseQuery(filter.value) ?? { source: filter.value, terms: [], errors: [] },
  );
  const filterError = computed(() => {
    const bad = parsedFilter.value.errors.find((e) => e.reason.kind === 'bad-regex');
    return bad?.reason.kind === 'bad-regex' ? bad.reason.message : null;
  });
  // Sequence numbers start at 1 after each clear, so the first row's tells how many went before it.
  const dropped = computed(() => {
    // While a big log is read newest first, the older calls are still to come, not dropped.
    if (loadingRest.value !== null) return 0;
    const first = rows.value[0];
    return first === undefined ? 0 : Math.max(0, first.seq - 1);
  });
  const selected = computed(() => {
    const id = selectedId.value;
    if (id === null) return null;
    return rows.value.find((r) => r.id === id) ?? null;
  });

  // The panel's masker once the detail has loaded it (lib/ui/panel/masking.ts): the list's messages go
  // through it then; until then they are masked by the cheap rule of components/panel/row-message.ts.
  const listMasker = signal<ListMasker | null>(null);

  return {
    rows,
    loadingRest,
    /** The text index's answer to the current query: still to come (`pending`), the deep pass's progress. */
    textSearch: indexState,
    listMasker,
    visible,
    facets,
    filter,
    parsedFilter,
    filterError,
    replayed,
    selectedId,
    selected,
    preserveLog,
    reveal,
    view,
    status,
    error,
    dropped,
    source,

    /** Resolves once the filter engine is loaded (or failed to). */
    filterReady: engineReady,

    /** Reads the log (summaries only), with the filter engine; resolves with the rows it listed. */
    async load(): Promise<readonly PanelRow[]> {
      status.value = 'loading';
      try {
        // A big log lists its newest calls first, then the older ones batch by batch (log.list's onBatch).
        let shown: PanelRow[] = [];
        let loaded = 0;
        const onBatch = (older: PanelRow[], span: number) => {
          loaded += older.length;
          // The span counts sequence numbers: a gap (calls trimmed between) makes it an upper bound.
          const total = Math.max(span, loaded);
          shown = shown.length === 0 ? older : older.concat(shown);
          batch(() => {
            rows.value = shown;
            status.value = 'ready';
            loadingRest.value = loaded < total ? { loaded, total } : null;
          });
        };
        const [kept] = await Promise.all([writer.read(onBatch), engineReady]);
        batch(() => {
          rows.value = kept;
          status.value = 'ready';
          loadingRest.value = null;
        });
        return kept;
      } catch (e) {
        batch(() => {
          loadingRest.value = null;
          status.value = 'error';
          error.value = `Could not read the capture log: ${e instanceof Error ? e.message : String(e)}`;
        });
        return [];
      }
    },

    /** Queues a captured call; it is written and listed on the next frame. */
    add(call: CallToAdd): void {
      writer.add(call);
    },

    /** Marks a listed call as the page agent reported it (an injected delay DevTools captured too). */
    mark: writer.mark,

    /** Writes what is queued now and resolves when everything queued is listed (tests, export). */
    flush: writer.flush,

    /** Empties the log (the tab's, on disk) and the list. */
    async clear(): Promise<void> {
      let cleared!: Promise<void>;
      batch(() => {
        cleared = writer.clear();
        selectedId.value = null;
      });
      await cleared;
    },

    /** The inspected page loaded a new document: clear unless Preserve log is on. */
    async navigated(): Promise<void> {
      if (!preserveLog.peek()) await this.clear();
    },

    /** The raw call of a row, from memory when its write failed, else from the log. */
    body(id: number): Promise<RawCall | undefined> {
      return writer.body(id);
    },

    /** Shows another log (an imported file) instead of the current one. */
    async replaceLog(next: CaptureLog, name: string): Promise<void> {
      writer.replace(next);
      batch(() => {
        selectedId.value = null;
        source.value = { kind: 'file', name };
      });
      await this.load();
    },

    /** Sets the filter query. */
    setQuery(q: string): void {
      filter.value = q;
    },

    /**
     * Writes one term into the query: `key:value` (`-key:value` when negated) replaces the terms already
     * written with that key (only those with a value in `among`, when given: a select owning some values
     * of a key); an empty value removes them (the row menu, the toolbar's shortcuts).
     */
    applyTerm,

    /**
     * The value of the query's one valid positive term of `key` (among those with a value in `among`, when
     * given; '' when none): what a shortcut select shows.
     */
    termValue(key: string, among?: readonly string[]): string {
      return engine.value?.termValue(filter.value, key, among) ?? '';
    },

    /** Notes that a listed call was replayed (`is:replayed`). */
    markReplayed(...ids: number[]): void {
      const fresh = ids.filter((id) => !replayed.peek().has(id));
      if (fresh.length > 0) replayed.value = new Set([...replayed.peek(), ...fresh]);
    },

    select(id: number | null): void {
      selectedId.value = id;
    },

    /** The current log (for export). */
    currentLog(): CaptureLog {
      return writer.current();
    },
  };
}

/** The panel's masker as the list reads it (a signal of it, so the list follows each new secret). */
export type ListMasker = ReadonlySignal<{ text(text: string): string }>;

/** The panel store's API. */
export type PanelStore = ReturnType<typeof createPanelStore>;
