/**
 * The viewer's import of a HAR file as a store: one import at a time, its progress (bytes, %, calls, rate)
 * as a signal, Cancel (kept: the calls read so far), and what ended it. The list shows the file once its
 * head is read as a HAR — a file that is not one leaves the list as it was — and grows as calls are read.
 */
import { signal, type Signal } from '@preact/signals';
import type { DecodeContext } from '../../cme/decode-call';
import type { ImportFile, ReadHarOptions } from './har-import';
import type { CaptureLog } from './log';

/** Where an import is. `replaced`: the list shows this file (else it still shows what it showed before). */
export type HarImportState =
  | { phase: 'idle' }
  | {
      phase: 'reading';
      name: string;
      bytesRead: number;
      total: number;
      calls: number;
      bytesPerSecond: number;
    }
  | { phase: 'done'; name: string; total: number; calls: number; ms: number; capped: boolean }
  | { phase: 'cancelled'; name: string; bytesRead: number; total: number; calls: number; replaced: boolean }
  | {
      phase: 'failed';
      name: string;
      bytesRead: number;
      total: number;
      calls: number;
      message: string;
      replaced: boolean;
    };

/** What the import needs of the panel store. */
export interface ImportPanel {
  replaceLog(next: CaptureLog, name: string): Promise<void>;
  load(): Promise<unknown>;
}

/** Options of `createHarImport`. */
export interface HarImportDeps {
  panel: ImportPanel;
  /** Calls listed at most (the per-tab cap); the rest of a bigger file is not read. */
  maxEntries: number;
  /** Where the file's problems go (the banner), at most `MAX_PROBLEMS`. */
  problems: Signal<string[]>;
  decode?: Partial<Pick<DecodeContext, 'classify'>>;
  limits?: ReadHarOptions['limits'];
  chunkBytes?: number;
  /** The list is brought up to date at most this often while reading (default 250 ms). */
  listEveryMs?: number;
  /** The progress signal changes at most this often (default 100 ms). */
  progressEveryMs?: number;
  now?: () => number;
  yieldNow?: () => Promise<void>;
}

/** Problems of a file kept for the banner. */
export const MAX_PROBLEMS = 20;

// Why an import stopped before the end of its file.
const CANCELLED = 'cancelled';
const CLEARED = 'cleared';
const CAPPED = 'capped';

/** Creates the import store. */
export function createHarImport(deps: HarImportDeps) {
  const state = signal<HarImportState>({ phase: 'idle' });
  const now = deps.now ?? (() => performance.now());
  const listEvery = deps.listEveryMs ?? 250;
  const progressEvery = deps.progressEveryMs ?? 100;
  let running: { ctl: AbortController; done: Promise<void> } | null = null;

  async function run(file: ImportFile, ctl: AbortController): Promise<void> {
    // The reader (scanner, decoder) loads with the first import, not with the page.
    const [{ readHarCalls, importErrorText }, { createFileLog }, { prepareCapture }] = await Promise.all([
      import('./har-import'),
      import('./har-import-log'),
      import('./rows'),
    ]);
    const t0 = now();
    const log = createFileLog(file, { limits: deps.limits, onClear: () => ctl.abort(CLEARED) });
    const problems: string[] = [];
    let head = false;
    let replaced = false;
    let listedAt = t0;
    let shownAt = -Infinity;
    let bytesRead = 0;
    deps.problems.value = [];
    state.value = {
      phase: 'reading',
      name: file.name,
      bytesRead: 0,
      total: file.size,
      calls: 0,
      bytesPerSecond: 0,
    };
    let listing: Promise<void> | null = null;
    let listedSize = 0;
    const list = async (): Promise<void> => {
      await listing;
      listedAt = now();
      listedSize = log.size;
      listing = replaced ? deps.panel.load().then(() => undefined) : deps.panel.replaceLog(log, file.name);
      replaced = true;
      await listing;
      listing = null;
    };
    // Calls read while a slice is slow to come (a slow disk) are listed on time too.
    const ticker = setInterval(
      () => {
        if (replaced && listing === null && log.size > listedSize && now() - listedAt >= listEvery)
          void list();
        if (state.peek().phase === 'reading') show();
      },
      Math.max(50, listEvery),
    );
    const show = (): void => {
      const elapsed = Math.max(1, now() - t0);
      state.value = {
        phase: 'reading',
        name: file.name,
        bytesRead,
        total: file.size,
        calls: log.size,
        bytesPerSecond: (bytesRead / elapsed) * 1000,
      };
      shownAt = now();
    };
    let outcome: HarImportState;
    // The whole file read, or read up to the per-tab cap.
    const done = (capped: boolean): HarImportState => ({
      phase: 'done',
      name: file.name,
      total: file.size,
      calls: log.size,
      ms: now() - t0,
      capped,
    });
    try {
      await readHarCalls(file, {
        signal: ctl.signal,
        chunkBytes: deps.chunkBytes,
        limits: deps.limits,
        decode: deps.decode,
        yieldNow: deps.yieldNow,
        now: deps.now,
        onHead: (pages) => {
          log.setPages(pages);
          head = true;
        },
        onCalls: (calls) => {
          for (const c of calls) {
            if (log.size >= deps.maxEntries) {
              ctl.abort(CAPPED);
              return;
            }
            const id = log.size + 1;
            log.append(prepareCapture(c.decoded, c.raw, id).row(id), c.start, c.end);
          }
        },
        onProblem: (line) => {
          if (problems.length < MAX_PROBLEMS) deps.problems.value = [...problems, line];
          problems.push(line);
        },
        onProgress: async (p) => {
          bytesRead = p.bytesRead;
          if (head && (!replaced || now() - listedAt >= listEvery)) await list();
          if (now() - shownAt >= progressEvery) show();
        },
      });
      if (head) await list();
      outcome = done(false);
    } catch (e) {
      const reason = ctl.signal.aborted ? ctl.signal.reason : null;
      // What was read before the stop stays listed (a cleared list stays empty).
      if (head && reason !== CLEARED) await list();
      const base = { name: file.name, bytesRead, total: file.size, calls: log.size };
      if (reason === CAPPED) outcome = done(true);
      else if (reason === CANCELLED || reason === CLEARED)
        outcome = { phase: 'cancelled', ...base, replaced };
      else outcome = { phase: 'failed', ...base, message: importErrorText(e), replaced };
    }
    clearInterval(ticker);
    state.value = outcome;
  }

  return {
    state,
    /** Whether an import is reading now. */
    get busy(): boolean {
      return running !== null;
    },
    /** Imports `file` (stopping one still running first); resolves when it has ended, however it ended. */
    async start(file: ImportFile): Promise<void> {
      await this.cancel();
      const ctl = new AbortController();
      const done = run(file, ctl).finally(() => {
        if (running?.ctl === ctl) running = null;
      });
      running = { ctl, done };
      await done;
    },
    /** Stops the running import at its next slice, keeping what it read; resolves once it has stopped. */
    async cancel(): Promise<void> {
      const r = running;
      if (r === null) return;
      r.ctl.abort(CANCELLED);
      await r.done;
    },
    /** Hides the note of an import that has ended. */
    dismiss(): void {
      if (running === null) state.value = { phase: 'idle' };
    },
  };
}

/** The import store. */
export type HarImport = ReturnType<typeof createHarImport>;
