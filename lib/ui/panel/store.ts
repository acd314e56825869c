/**
 * The panel's store of signals: the call rows (summaries only), filters, selection and the capture
 * write loop. Captured calls are queued and written to the log in one transaction per frame, and the
 * rows signal changes at most once per frame, so 10,000 calls never re-render the list per call.
 */
import { batch, computed, signal } from '@preact/signals';
import type { DecodedCall, RawCall } from '../../cme/types';
import type { CaptureInput } from '../../store';
import {
  createIncrementalFacets,
  createIncrementalFilter,
  compileFilter,
  EMPTY_FILTER,
  type PanelFilter,
} from './filter';
import { frameScheduler, type Scheduler } from './frame';
import type { CaptureLog } from './log';
import { prepareCapture, type PanelRow } from './rows';

/** A call to add: decoded, with its raw request/response. */
export interface CallToAdd {
  decoded: DecodedCall;
  raw: RawCall;
}

/** Options of the panel store. */
export interface PanelStoreOptions {
  log: CaptureLog;
  /** Entries kept (settings.maxEntriesPerTab). */
  maxEntries: number;
  /** Reveal tickets and signatures by default (settings.revealSecrets). */
  reveal?: boolean;
  preserveLog?: boolean;
  schedule?: Scheduler;
  /** Cap of each call's search text (characters). */
  maxSearchChars?: number;
}

/** Which view the panel shows. */
export type PanelView = 'calls' | 'stats';

interface Prepared {
  input: CaptureInput;
  row: (id: number) => PanelRow;
}

/** Creates the panel store. */
export function createPanelStore(options: PanelStoreOptions) {
  const schedule = options.schedule ?? frameScheduler();
  const maxEntries = Math.max(1, options.maxEntries);
  // The log on disk may run this far past the cap before it is trimmed (trimming reads every key).
  const trimSlack = Math.max(50, Math.floor(maxEntries / 100));

  let log = options.log;
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

  const filterRows = createIncrementalFilter();
  const facetRows = createIncrementalFacets();
  const visible = computed(() => filterRows(rows.value, filter.value));
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

  let nextSeq = 1;
  let pending: Prepared[] = [];
  let scheduled = false;
  let writing: Promise<void> | null = null;
  let generation = 0;
  let onDisk = 0;
  // Calls whose write failed: still listed (negative ids), bodies kept here.
  const unsaved = new Map<number, RawCall>();
  let nextUnsavedId = -1;
  let queue: Promise<unknown> = Promise.resolve();

  /** Runs log operations one at a time, so a clear never races a write. */
  function exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = queue.then(fn, fn);
    queue = run.catch(() => undefined);
    return run;
  }

  function kick(): void {
    if (scheduled || writing !== null || pending.length === 0) return;
    scheduled = true;
    schedule(() => {
      scheduled = false;
      void writeOne();
    });
  }

  /** One frame's work: the queued calls in one transaction, then one rows update. */
  function writeOne(): Promise<void> {
    if (writing !== null) return writing;
    writing = writeBatch().finally(() => {
      writing = null;
      kick();
    });
    return writing;
  }

  /** Writes everything queued now and resolves once it is listed (tests, export). */
  async function flush(): Promise<void> {
    while (writing !== null || pending.length > 0) await writeOne();
  }

  async function writeBatch(): Promise<void> {
    const batchItems = pending;
    pending = [];
    const gen = generation;
    let ids: number[];
    try {
      ids = await exclusive(() => log.add(batchItems.map((b) => b.input)));
      onDisk += ids.length;
    } catch (e) {
      error.value = `Could not save captured calls: ${e instanceof Error ? e.message : String(e)}`;
      ids = batchItems.map((b) => {
        const id = nextUnsavedId--;
        unsaved.set(id, b.input.raw);
        return id;
      });
    }
    if (gen === generation && batchItems.length > 0) {
      const added = batchItems.map((b, i) => b.row(ids[i] ?? nextUnsavedId--));
      const all = rows.peek().concat(added);
      rows.value = all.length > maxEntries ? all.slice(all.length - maxEntries) : all;
      if (log.writable && onDisk > maxEntries + trimSlack) {
        void exclusive(() => log.trim(maxEntries)).then(
          (n) => (onDisk -= n),
          () => undefined,
        );
      }
    }
  }

  return {
    rows,
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
        const listed = await exclusive(() => log.list());
        onDisk = listed.length;
        const kept = listed.length > maxEntries ? listed.slice(listed.length - maxEntries) : listed;
        if (log.writable && listed.length > maxEntries) {
          void exclusive(() => log.trim(maxEntries)).then(
            (n) => (onDisk -= n),
            () => undefined,
          );
        }
        nextSeq = (listed[listed.length - 1]?.seq ?? 0) + 1;
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
      pending.push(prepareCapture(call.decoded, call.raw, nextSeq++, options.maxSearchChars));
      kick();
    },

    /** Writes what is queued now and resolves when everything queued is listed (tests, export). */
    flush,

    /** Empties the log (the tab's, on disk) and the list. */
    async clear(): Promise<void> {
      generation++;
      pending = [];
      nextSeq = 1;
      unsaved.clear();
      batch(() => {
        rows.value = [];
        selectedId.value = null;
      });
      await exclusive(async () => {
        await log.clear();
        onDisk = 0;
      });
    },

    /** The inspected page loaded a new document: clear unless Preserve log is on. */
    async navigated(): Promise<void> {
      if (!preserveLog.peek()) await this.clear();
    },

    /** The raw call of a row, from memory when its write failed, else from the log. */
    async body(id: number): Promise<RawCall | undefined> {
      return unsaved.get(id) ?? (await log.body(id));
    },

    /** Shows another log (an imported file) instead of the current one. */
    async replaceLog(next: CaptureLog, name: string): Promise<void> {
      generation++;
      pending = [];
      log = next;
      batch(() => {
        selectedId.value = null;
        source.value = { kind: 'file', name };
      });
      await this.load();
    },

    /** Changes some filter fields. */
    setFilter(patch: Partial<PanelFilter>): void {
      filter.value = { ...filter.value, ...patch };
    },

    select(id: number | null): void {
      selectedId.value = id;
    },

    /** The current log (for export). */
    currentLog(): CaptureLog {
      return log;
    },
  };
}

/** The panel store's API. */
export type PanelStore = ReturnType<typeof createPanelStore>;
