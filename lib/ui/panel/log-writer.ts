/**
 * The panel's capture write loop: captured calls are queued and written to the log in one transaction per
 * frame, then listed in one rows update, so 10,000 calls never re-render the list per call. Log operations
 * run one at a time (a clear never races a write); the log on disk is trimmed to the cap now and then; a
 * call whose write failed stays listed with its bodies kept in memory.
 */
import type { Signal } from '@preact/signals';
import type { DecodedCall, RawCall } from '../../cme/types';
import type { CaptureInput } from '../../store';
import type { Scheduler } from './frame';
import { listed, type CaptureLog } from './log';
import { agentMarksOf, prepareCapture, type AgentMarks, type PanelRow } from './rows';

/** A call to add: decoded, with its raw request/response (and, when the page agent reported it, its marks). */
export interface CallToAdd extends AgentMarks {
  decoded: DecodedCall;
  raw: RawCall;
}

/** What the write loop needs. */
export interface LogWriterDeps {
  log: CaptureLog;
  /** Entries kept (at least 1). */
  maxEntries: number;
  schedule: Scheduler;
  /** Cap of each call's search text (characters). */
  maxSearchChars?: number;
  /** The listed rows, which the loop appends to (capped). */
  rows: Signal<readonly PanelRow[]>;
  /** Where a failed write says why. */
  error: Signal<string | null>;
}

interface Prepared {
  input: CaptureInput;
  row: (id: number) => PanelRow;
}

/**
 * `list` (in start-time order) with `added` put in their places by start time; a row starting at the
 * same time as listed ones goes after them. Calls come almost always in order: that case is one concat.
 */
export function inTimeOrder(list: readonly PanelRow[], added: readonly PanelRow[]): PanelRow[] {
  let last = list.length > 0 ? list[list.length - 1]!.startedAt : -Infinity;
  let ordered = true;
  for (const row of added) {
    if (row.startedAt < last) {
      ordered = false;
      break;
    }
    last = row.startedAt;
  }
  if (ordered) return list.concat(added);
  const out = list.slice();
  for (const row of added) {
    // The first row that starts after this one, searched from the end (a late call is rarely far back).
    let lo = 0;
    let hi = out.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (out[mid]!.startedAt <= row.startedAt) lo = mid + 1;
      else hi = mid;
    }
    if (lo === out.length) out.push(row);
    else out.splice(lo, 0, row);
  }
  return out;
}

/** Create the write loop over `log` (replaceable by `replace`). */
export function createLogWriter(deps: LogWriterDeps) {
  const { maxEntries, schedule, rows, error } = deps;
  // The log on disk may run this far past the cap before it is trimmed (trimming reads every key).
  const trimSlack = Math.max(50, Math.floor(maxEntries / 100));
  let log = deps.log;
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

  /** Trim the log on disk to the cap, behind whatever is running. */
  function trim(): void {
    void exclusive(() => log.trim(maxEntries)).then(
      (n) => (onDisk -= n),
      () => undefined,
    );
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
      const added = batchItems.map((b, i) => listed(log, b.row(ids[i] ?? nextUnsavedId--)));
      const all = inTimeOrder(rows.peek(), added);
      rows.value = all.length > maxEntries ? all.slice(all.length - maxEntries) : all;
      if (log.writable && onDisk > maxEntries + trimSlack) trim();
    }
  }

  return {
    /** Reads the log (summaries only): the newest rows up to the cap; throws when it cannot be read. */
    async read(onBatch?: (rows: PanelRow[], total: number) => void): Promise<PanelRow[]> {
      const listed = await exclusive(() => log.list(onBatch));
      onDisk = listed.length;
      // Listed by start time, as captured (a call whose event came late was written after later ones).
      const ordered = inTimeOrder([], listed);
      const kept = ordered.length > maxEntries ? ordered.slice(ordered.length - maxEntries) : ordered;
      if (log.writable && listed.length > maxEntries) trim();
      nextSeq = (listed[listed.length - 1]?.seq ?? 0) + 1;
      return kept;
    },

    /** Queues a captured call; it is written and listed on the next frame. */
    add(call: CallToAdd): void {
      pending.push(
        prepareCapture(call.decoded, call.raw, nextSeq++, deps.maxSearchChars, agentMarksOf(call)),
      );
      if (scheduled) schedule.touch?.();
      else kick();
    },

    /** Writes everything queued now and resolves once it is listed. */
    async flush(): Promise<void> {
      while (writing !== null || pending.length > 0) await writeOne();
    },

    /**
     * Drops what is queued (a write in flight lists nothing) and numbering restarts; the rows are emptied
     * now, the log once what runs before it is done.
     */
    clear(): Promise<void> {
      generation++;
      pending = [];
      nextSeq = 1;
      unsaved.clear();
      rows.value = [];
      return exclusive(async () => {
        await log.clear();
        onDisk = 0;
      });
    },

    /**
     * Marks a listed call (a delayed call DevTools captured, which a fault rule held back): the row now, the
     * log behind what runs before it; false when the row is not listed.
     */
    async mark(id: number, marks: AgentMarks): Promise<boolean> {
      const list = rows.peek();
      const i = list.findIndex((r) => r.id === id);
      if (i < 0) return false;
      const next = list.slice();
      next[i] = { ...list[i]!, ...agentMarksOf(marks) };
      rows.value = next;
      if (id < 0 || !log.writable) return true;
      try {
        await exclusive(async () => log.mark?.(id, marks));
      } catch (e) {
        error.value = `Could not save a call's mark: ${e instanceof Error ? e.message : String(e)}`;
      }
      return true;
    },

    /** The raw call of a row, from memory when its write failed, else from the log. */
    async body(id: number): Promise<RawCall | undefined> {
      return unsaved.get(id) ?? (await log.body(id));
    },

    /** Writes to `next` (an imported file) from now on, dropping what is queued; `read()` lists it. */
    replace(next: CaptureLog): void {
      generation++;
      pending = [];
      log = next;
    },

    /** The current log (for export). */
    current(): CaptureLog {
      return log;
    },
  };
}

/** The panel's capture write loop. */
export type LogWriter = ReturnType<typeof createLogWriter>;
