/**
 * Where the panel's calls live: the inspected tab's log in IndexedDB (through lib/store), or memory
 * for an imported HAR in the viewer. The panel store speaks only this interface.
 */
import type { RawCall } from '../../cme/types';
import type { CaptureInput, CaptureSummary, CmeStore } from '../../store';
import { rowFromSummary, slimRowFromSummary, type AgentMarks, type PanelRow } from './rows';
import type { TextIndex } from './text-index/client';

/** A log of captured calls. */
export interface CaptureLog {
  /**
   * Every row, oldest first (no bodies). `onBatch`, when given, gets the rows as they are read: the
   * newest first, then older batches (each in order), while the whole list is still to come.
   */
  list(onBatch?: (rows: PanelRow[], total: number) => void): Promise<PanelRow[]>;
  /** Rows are listed without their search text (a text index holds it): what the list keeps of a row. */
  listed?(row: PanelRow): PanelRow;
  /** How many calls the log holds (to say how far a reading is). */
  count?(): Promise<number>;
  /** Adds calls in one write; returns their ids in input order. */
  add(items: readonly CaptureInput[]): Promise<number[]>;
  /** Sets a row's agent marks (source, fault). */
  mark?(id: number, marks: AgentMarks): Promise<void>;
  /** The raw call of a row (bodies, possibly truncated by the store). */
  body(id: number): Promise<RawCall | undefined>;
  clear(): Promise<void>;
  /** Keeps only the newest `max` calls; returns how many were dropped. */
  trim(max: number): Promise<number>;
  /** False for a read-only log (an imported file). */
  readonly writable: boolean;
}

/** The store functions the tab log uses. */
export type CaptureStoreLike = Pick<
  CmeStore,
  | 'addCaptures'
  | 'listCaptureSummaries'
  | 'getCaptureBody'
  | 'clearCaptures'
  | 'trimCaptures'
  | 'markCapture'
  | 'readCaptureSummariesNewestFirst'
  | 'countCaptures'
>;

/** The row as `log` lists it (without its search text when an index holds it). */
export function listed(log: CaptureLog, row: PanelRow): PanelRow {
  return log.listed ? log.listed(row) : row;
}

/** Without its search text (the text index holds it). */
export function withoutText(row: PanelRow): PanelRow {
  if (row.text === undefined) return row;
  const { text: _text, ...rest } = row;
  return rest;
}

/**
 * The inspected tab's log in IndexedDB. The store may be given as a loader, so that its code (and the
 * database) load after the panel's first paint.
 */
export function createTabLog(
  storeOrLoader: CaptureStoreLike | (() => Promise<CaptureStoreLike>),
  tabId: number,
  index?: TextIndex,
): CaptureLog {
  const get = async (): Promise<CaptureStoreLike> =>
    typeof storeOrLoader === 'function' ? storeOrLoader() : storeOrLoader;
  if (!index) {
    return {
      writable: true,
      async list() {
        const summaries = await (await get()).listCaptureSummaries(tabId);
        return summaries.map(rowFromSummary);
      },
      add: async (items) => (await get()).addCaptures(tabId, items),
      ...tabFunctions(get, tabId),
    };
  }
  return {
    writable: true,
    listed: withoutText,
    async list(onBatch) {
      // Newest first, each batch slimmed as it comes (its search texts are the index's, read by its worker).
      const batches: PanelRow[][] = [];
      const intern = createInterner();
      await (
        await get()
      ).readCaptureSummariesNewestFirst(tabId, (summaries: CaptureSummary[], span) => {
        const rows = summaries.map((s) => slimRowFromSummary(s, intern));
        batches.push(rows);
        onBatch?.(rows, span);
      });
      return batches.reverse().flat();
    },
    count: async () => (await get()).countCaptures(tabId),
    async add(items) {
      const ids = await (await get()).addCaptures(tabId, items);
      index.add(ids.map((id, i) => [id, items[i]?.searchText ?? '']));
      return ids;
    },
    ...tabFunctions(get, tabId),
    async clear() {
      index.clear();
      await (await get()).clearCaptures(tabId);
    },
  };
}

/** One copy of each repeated short text (actions, codes, users, URLs, tickets, messages) of a reading. */
export function createInterner(max = 50_000): (s: string | null) => string | null {
  const seen = new Map<string, string>();
  return (s) => {
    if (s === null) return null;
    const known = seen.get(s);
    if (known !== undefined) return known;
    if (seen.size < max) seen.set(s, s);
    return s;
  };
}

/** What both tab logs do the same way. */
function tabFunctions(
  get: () => Promise<CaptureStoreLike>,
  tabId: number,
): Pick<CaptureLog, 'mark' | 'body' | 'clear' | 'trim'> {
  return {
    async mark(id, marks) {
      await (await get()).markCapture(id, marks);
    },
    body: async (id) => (await get()).getCaptureBody(id),
    async clear() {
      await (await get()).clearCaptures(tabId);
    },
    trim: async (max) => (await get()).trimCaptures(tabId, max),
  };
}

/** A read-only log held in memory (an imported HAR): rows and raw calls by id. */
export function createMemoryLog(rows: readonly PanelRow[], bodies: ReadonlyMap<number, RawCall>): CaptureLog {
  return {
    writable: false,
    list: async () => rows.slice(),
    add: async () => {
      throw new Error('An imported file is read-only');
    },
    mark: async () => {},
    body: async (id) => bodies.get(id),
    clear: async () => {},
    trim: async () => 0,
  };
}
