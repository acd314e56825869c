/**
 * Where the panel's calls live: the inspected tab's log in IndexedDB (through lib/store), or memory
 * for an imported HAR in the viewer. The panel store speaks only this interface.
 */
import type { RawCall } from '../../cme/types';
import type { CaptureInput, CmeStore } from '../../store';
import { rowFromSummary, type AgentMarks, type PanelRow } from './rows';

/** A log of captured calls. */
export interface CaptureLog {
  /** Every row, oldest first (no bodies). */
  list(): Promise<PanelRow[]>;
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
  'addCaptures' | 'listCaptureSummaries' | 'getCaptureBody' | 'clearCaptures' | 'trimCaptures' | 'markCapture'
>;

/**
 * The inspected tab's log in IndexedDB. The store may be given as a loader, so that its code (and the
 * database) load after the panel's first paint.
 */
export function createTabLog(
  storeOrLoader: CaptureStoreLike | (() => Promise<CaptureStoreLike>),
  tabId: number,
): CaptureLog {
  const get = async (): Promise<CaptureStoreLike> =>
    typeof storeOrLoader === 'function' ? storeOrLoader() : storeOrLoader;
  return {
    writable: true,
    async list() {
      const summaries = await (await get()).listCaptureSummaries(tabId);
      return summaries.map(rowFromSummary);
    },
    add: async (items) => (await get()).addCaptures(tabId, items),
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
