/**
 * The panel's store of signals: the call rows (summaries only), filters, selection and view, over the
 * capture write loop (log-writer.ts), which writes captured calls to the log in one transaction per frame
 * and changes the rows signal at most once per frame, so 10,000 calls never re-render the list per call.
 */
import { batch, computed, signal, type ReadonlySignal } from '@preact/signals';
import type { RawCall } from '../../cme/types';
import {
  createIncrementalFacets,
  createIncrementalFilter,
  compileFilter,
  EMPTY_FILTER,
  type PanelFilter,
} from './filter';
import { filterStatusOf, setFilterStatus } from './filter-status';
import { frameScheduler, type Scheduler } from './frame';
import type { CaptureLog } from './log';
import { createLogWriter, type CallToAdd } from './log-writer';
import { identityLabel, type PanelRow } from './rows';

export type { CallToAdd } from './log-writer';

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
}

/** Which view the panel shows. */
export type PanelView = 'calls' | 'stats' | 'faults';

/** Creates the panel store. */
export function createPanelStore(options: PanelStoreOptions) {
  const rows = signal<readonly PanelRow[]>([]);
  const filter = signal<PanelFilter>(EMPTY_FILTER);
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
    schedule: options.schedule ?? frameScheduler(),
    maxSearchChars: options.maxSearchChars,
    rows,
    error,
  });

  const filterRows = createIncrementalFilter();
  const facetRows = createIncrementalFacets();
  // Stand-in for the filter language's negated terms (`applyTerm(…, true)`): actions/codes/users hidden.
  const hidden = signal<readonly { key: string; value: string }[]>([]);
  const visible = computed(() => hideTerms(filterRows(rows.value, filter.value), hidden.value));
  const facets = computed(() => facetRows(rows.value));
  const filterError = computed(() => compileFilter(filter.value).error);
  // Sequence numbers start at 1 after each clear, so the first row's tells how many went before it.
  const dropped = computed(() => {
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
    listMasker,
    visible,
    facets,
    filter,
    filterError,
    selectedId,
    selected,
    preserveLog,
    reveal,
    view,
    status,
    error,
    dropped,
    source,

    /** Reads the log (summaries only); resolves with the rows it listed. */
    async load(): Promise<readonly PanelRow[]> {
      status.value = 'loading';
      try {
        const kept = await writer.read();
        batch(() => {
          rows.value = kept;
          status.value = 'ready';
        });
        return kept;
      } catch (e) {
        batch(() => {
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

    /** Changes some filter fields (a field set again also shows what `applyTerm` hid by it). */
    setFilter(patch: Partial<PanelFilter>): void {
      filter.value = { ...filter.value, ...patch };
      const keys = new Set(Object.keys(patch).map((k) => (k === 'identity' ? 'user' : k)));
      if (hidden.peek().some((h) => keys.has(h.key)))
        hidden.value = hidden.peek().filter((h) => !keys.has(h.key));
    },

    /**
     * Filters by one term of a row (`action`, `user`, `code`); `negate` hides what matches instead.
     * Minimal stand-in over the filter fields until the filter language lands.
     */
    applyTerm(key: string, value: string, negate = false): void {
      if (negate) {
        hidden.value = [...hidden.value, { key, value }];
        return;
      }
      if (key === 'action') filter.value = { ...filter.value, action: value };
      else if (key === 'code') filter.value = { ...filter.value, code: value };
      else if (key === 'user') {
        const row = rows.peek().find((r) => r.userId === value);
        filter.value = { ...filter.value, identity: row ? identityLabel(row) : value };
      }
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

/** The rows none of the hidden terms match (the filter's status tag kept). */
function hideTerms(
  list: readonly PanelRow[],
  hidden: readonly { key: string; value: string }[],
): readonly PanelRow[] {
  if (hidden.length === 0) return list;
  const field = (row: PanelRow, key: string) =>
    key === 'action' ? row.action : key === 'code' ? row.code : key === 'user' ? row.userId : null;
  const out = list.filter((row) => !hidden.some((h) => field(row, h.key) === h.value));
  const status = filterStatusOf(list);
  if (status) setFilterStatus(out, status);
  return out;
}

/** The panel's masker as the list reads it (a signal of it, so the list follows each new secret). */
export type ListMasker = ReadonlySignal<{ text(text: string): string }>;

/** The panel store's API. */
export type PanelStore = ReturnType<typeof createPanelStore>;
