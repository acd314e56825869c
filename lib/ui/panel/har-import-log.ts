/**
 * The viewer's log of an imported file: the rows in memory (as every log's), the bodies left in the file.
 * Each row keeps only its entry's byte range; the detail, find and export read the entry again from the
 * file (a File stays readable while the page is open), so a 1 GB HAR costs its rows, not its bodies.
 */
import type { Page } from 'har-format';
import type { RawCall } from '../../cme/types';
import { readEntryAgain, type ImportFile, type ReadHarOptions } from './har-import';
import type { CaptureLog } from './log';
import type { PanelRow } from './rows';

/** A file log: a CaptureLog the import fills (`append`), which says when it is cleared. */
export interface FileLog extends CaptureLog {
  /** Lists `row` with its entry's bytes `start`–`end` in the file. */
  append(row: PanelRow, start: number, end: number): void;
  /** The log's pages (`log.pages`), to read entries again as they were read. */
  setPages(pages: ReadonlyMap<string, Page>): void;
  /** Calls listed. */
  readonly size: number;
}

/** Options of `createFileLog`. */
export interface FileLogOptions {
  limits?: ReadHarOptions['limits'];
  /** Called when the panel clears the log (Clear): an import still running stops. */
  onClear?: () => void;
}

/** A read-only log over `file`. */
export function createFileLog(file: ImportFile, opts: FileLogOptions = {}): FileLog {
  let rows: PanelRow[] = [];
  // Byte ranges by row id (ids are 1, 2, …: the row's position in the import).
  let starts: number[] = [];
  let ends: number[] = [];
  let ordered = true;
  let pages: ReadonlyMap<string, Page> = new Map();
  return {
    writable: false,
    get size() {
      return rows.length;
    },
    append(row, start, end) {
      const last = rows[rows.length - 1];
      if (last !== undefined && row.startedAt < last.startedAt) ordered = false;
      rows.push(row);
      starts[row.id] = start;
      ends[row.id] = end;
    },
    setPages(next) {
      pages = next;
    },
    async list() {
      // The panel lists by start time: an unordered file is sorted once here, not row by row there.
      if (!ordered) {
        rows.sort((a, b) => a.startedAt - b.startedAt); // stable: same-time rows keep the file's order
        ordered = true;
      }
      return rows.slice();
    },
    add: async () => {
      throw new Error('An imported file is read-only');
    },
    mark: async () => {},
    async body(id: number): Promise<RawCall | undefined> {
      const start = starts[id];
      const end = ends[id];
      if (start === undefined || end === undefined) return undefined;
      return readEntryAgain(file, start, end, { pages, limits: opts.limits });
    },
    async clear() {
      rows = [];
      starts = [];
      ends = [];
      opts.onClear?.();
    },
    trim: async () => 0,
  };
}
