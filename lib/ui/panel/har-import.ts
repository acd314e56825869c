/**
 * The viewer's streaming HAR import: reads a file in slices (never whole), finds `log.entries` with the
 * platform-neutral scanner (lib/har), reads each entry as a call and decodes the CME ones in batches, with
 * the event loop given back between slices so the page stays responsive. Each call carries the byte range
 * of its entry, so its bodies can be read again from the file instead of being kept in memory.
 */
import type { Page } from 'har-format';
import { createAttributor } from '../../cme/attribute';
import { decodeCalls, type DecodeContext } from '../../cme/decode-call';
import { readHarEntry, readPages } from '../../cme/har';
import type { DecodedCall, RawCall } from '../../cme/types';
import {
  createHarScanner,
  DEFAULT_MAX_ENTRY_BYTES,
  DEFAULT_MAX_STRING_BYTES,
  formatBytes,
  HarReadError,
  type HarEntryItem,
  type HarScanLimits,
} from '../../har/har-scanner';

export { HarReadError } from '../../har/har-scanner';

/** What the import reads: a File, or any Blob with a name. */
export interface ImportFile {
  readonly name: string;
  readonly size: number;
  slice(start?: number, end?: number): { arrayBuffer(): Promise<ArrayBuffer> };
}

/** One CME call of the file: decoded, its raw call, and where its entry is in the file. */
export interface ImportedCall {
  decoded: DecodedCall;
  raw: RawCall;
  start: number;
  end: number;
}

/** How far a read has come. */
export interface ImportProgress {
  bytesRead: number;
  total: number;
  /** Entries of log.entries read, CME or not. */
  entries: number;
}

/** Options of `readHarCalls`. */
export interface ReadHarOptions {
  /** Aborts the read at the next slice (the promise rejects with `signal.reason`). */
  signal?: AbortSignal;
  /** Bytes per slice (default 256 KB). */
  chunkBytes?: number;
  limits?: Pick<HarScanLimits, 'maxStringBytes' | 'maxEntryBytes'>;
  /** Capture rules (classify) for the decoder; the attributor is the file's own. */
  decode?: Partial<Pick<DecodeContext, 'classify'>>;
  /** The log's head was read (`log.entries` begins): the file is a HAR; `pages` are those before entries. */
  onHead?: (pages: ReadonlyMap<string, Page>) => void;
  /** CME calls, in file order, a slice's worth at a time. */
  onCalls: (calls: ImportedCall[]) => void;
  /** Something of an entry could not be read (bounds, odd fields); one line each. */
  onProblem?: (line: string) => void;
  /** After each slice; the read waits for what it returns (the viewer lists the calls read so far). */
  onProgress?: (p: ImportProgress) => void | Promise<void>;
  /** Gives the event loop back (default: a zero timeout). */
  yieldNow?: () => Promise<void>;
  /** Milliseconds of work between yields (default 12). */
  budgetMs?: number;
  now?: () => number;
}

/** Default bytes per slice: about one frame's work of parsing and decoding. */
export const IMPORT_CHUNK_BYTES = 256 * 1024;
/** Bytes of a HAR's head (before log.entries) the import keeps for `log.pages`; a longer head fails the import. */
export const IMPORT_OUTSIDE_BYTES = 8 * 1024 * 1024;

const defaultYield = (): Promise<void> => new Promise((r) => setTimeout(r, 0));

/** Resolves when the whole file was read; rejects with HarReadError (bad input), the abort reason, or a read error. */
export async function readHarCalls(file: ImportFile, opts: ReadHarOptions): Promise<ImportProgress> {
  const chunk = Math.max(1, opts.chunkBytes ?? IMPORT_CHUNK_BYTES);
  const limits = opts.limits ?? {};
  // The head is kept for its pages; what follows the entries is not needed.
  const scanner = createHarScanner({
    ...limits,
    maxOutsideBytes: IMPORT_OUTSIDE_BYTES,
    outsideHeadOnly: true,
  });
  const now = opts.now ?? (() => performance.now());
  const yieldNow = opts.yieldNow ?? defaultYield;
  const budget = opts.budgetMs ?? 12;
  const ctx: DecodeContext = { attributor: createAttributor(), classify: opts.decode?.classify };
  const total = file.size;
  const progress: ImportProgress = { bytesRead: 0, total, entries: 0 };
  let pages: ReadonlyMap<string, Page> | null = null;
  const out: HarEntryItem[] = [];
  const read = (at: number) => file.slice(at, Math.min(total, at + chunk)).arrayBuffer();
  const check = (): void => {
    if (opts.signal?.aborted) throw opts.signal.reason ?? new DOMException('Aborted', 'AbortError');
  };
  check();
  let since = now();
  // One slice is read ahead while the one before it is scanned.
  let next: Promise<ArrayBuffer> | null = total > 0 ? read(0) : null;
  while (next !== null) {
    const bytes = new Uint8Array(await next);
    check();
    const at = progress.bytesRead + bytes.length;
    next = at < total && bytes.length > 0 ? read(at) : null;
    // A failure mid-slice still hands out the entries completed before it.
    let failure: unknown = null;
    try {
      scanner.push(bytes, out);
    } catch (e) {
      failure = e;
    }
    progress.bytesRead = at;
    if (pages === null && (scanner.inEntries() || out.length > 0)) {
      pages = headPages(scanner.outside(), opts.onProblem);
      opts.onHead?.(pages);
    }
    if (out.length > 0) {
      progress.entries += out.length;
      const calls = toCalls(out, pages ?? new Map(), ctx, limits, opts.onProblem);
      out.length = 0;
      if (calls.length > 0) opts.onCalls(calls);
    }
    if (failure !== null) throw failure;
    await opts.onProgress?.({ ...progress });
    check();
    if (now() - since >= budget) {
      await yieldNow();
      check();
      since = now();
    }
  }
  scanner.end();
  if (pages === null) opts.onHead?.(new Map());
  return progress;
}

/** The pages of a HAR's head (`{"log":{…,"entries":[`), when they come before the entries. */
function headPages(head: Uint8Array, onProblem?: (line: string) => void): ReadonlyMap<string, Page> {
  let log: unknown;
  try {
    log = (JSON.parse(`${new TextDecoder().decode(head)}]}}`) as { log?: unknown }).log;
  } catch {
    return new Map();
  }
  const problems: string[] = [];
  const pages = readPages((log as { pages?: unknown } | undefined)?.pages, problems);
  for (const p of problems) onProblem?.(p);
  return pages;
}

/** The CME calls among scanned entries, decoded in one batch (the file's attributor learns as it goes). */
function toCalls(
  items: readonly HarEntryItem[],
  pages: ReadonlyMap<string, Page>,
  ctx: DecodeContext,
  limits: ReadHarOptions['limits'] & object,
  onProblem?: (line: string) => void,
): ImportedCall[] {
  const raws: RawCall[] = [];
  const ranges: HarEntryItem[] = [];
  for (const item of items) {
    for (const line of boundLines(item, limits)) onProblem?.(`entries[${item.index}]: ${line}`);
    if (item.entry === undefined) continue;
    const read = readHarEntry(item.entry, { pages });
    for (const p of read.problems) onProblem?.(`entries[${item.index}]: ${p}`);
    if (read.raw === null) continue;
    raws.push(read.raw);
    ranges.push(item);
  }
  // decodeCalls attributes in time order within the batch and keeps the raws' order in its answer.
  return decodeCalls(raws, ctx).map((decoded) => {
    const item = ranges[decoded.index]!;
    return { decoded, raw: raws[decoded.index]!, start: item.start, end: item.end };
  });
}

/** What the per-entry bounds left out of an entry, one line each (as the CLI says it). */
export function boundLines(item: HarEntryItem, limits: ReadHarOptions['limits'] = {}): string[] {
  if (item.tooLarge !== undefined) {
    const max = limits.maxEntryBytes ?? DEFAULT_MAX_ENTRY_BYTES;
    return [`entry of ${formatBytes(item.tooLarge)} not read: over the ${formatBytes(max)} limit per entry`];
  }
  const max = limits.maxStringBytes ?? DEFAULT_MAX_STRING_BYTES;
  return (item.omitted ?? []).map(
    (o) => `${o.path} (${formatBytes(o.bytes)}) not read: over the ${formatBytes(max)} limit per string`,
  );
}

const ENTRY_HEAD = new TextEncoder().encode('{"log":{"entries":[');
const ENTRY_TAIL = new TextEncoder().encode(']}}');

/**
 * One entry read again from the file (its bytes `start`–`end`), with the import's bounds: the raw call of a
 * row, for the detail, find and export. Throws when the file cannot be read any more (moved, changed).
 */
export async function readEntryAgain(
  file: ImportFile,
  start: number,
  end: number,
  opts: { pages?: ReadonlyMap<string, Page>; limits?: ReadHarOptions['limits'] } = {},
): Promise<RawCall | undefined> {
  const bytes = new Uint8Array(await file.slice(start, end).arrayBuffer());
  if (bytes.length !== end - start) throw new HarReadError('The file changed since it was imported');
  const scanner = createHarScanner(opts.limits);
  const out: HarEntryItem[] = [];
  scanner.push(ENTRY_HEAD, out);
  scanner.push(bytes, out);
  scanner.push(ENTRY_TAIL, out);
  scanner.end();
  const item = out[0];
  if (out.length !== 1 || item === undefined)
    throw new HarReadError('The file changed since it was imported');
  if (item.entry === undefined) return undefined;
  return readHarEntry(item.entry, { pages: opts.pages }).raw ?? undefined;
}

/** A read error as one line for the user. */
export function importErrorText(e: unknown): string {
  const text =
    e instanceof HarReadError ? e.message : e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  // The note puts its own full stop after it.
  return text.replace(/\.+$/, '');
}
