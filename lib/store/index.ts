/**
 * The store of CME DevTools: the only owner of the IndexedDB schema. Every extension page and the
 * background open it with `openStore()` and call its functions; none touches IndexedDB directly.
 */
import { createCaptureFunctions } from './captures';
import { createConnection } from './connection';
import { DEFAULT_LIMITS, type StoreContext, type StoreLimits } from './context';
import type { RecorderLimits } from './recorder';
import { compiledRule } from './capture-rule-check';
import { createEnvironmentFunctions, ruleShape, type CaptureRuleCheck } from './environments';
import { createHistoryFunctions } from './history';
import { DB_NAME, type ClearableData, type StoreCounts } from './schema';
import { createRecorderFunctions } from './recorder';
import { createPutTicket, createTicketFunctions } from './tickets';
import { createPruneFunctions } from './prune';

export * from './schema';
export type { StoreLimits } from './context';
export type { TicketInput, TicketFilter } from './tickets';
export type { HistoryStart, HistoryFinish, HistoryQuery } from './history';
export type { EnvironmentInput } from './environments';
export type { CaptureInput } from './captures';
export type { Pruned } from './prune';
export { RECORDER_LIMITS } from './recorder';
export type { RecordedCallInput, RecordedQuery, RecorderLimits } from './recorder';

/** Options of `openStore`; every one has a default for the real extension. */
export interface StoreOptions {
  /** Database name (default `cme-devtools`). */
  name?: string;
  /** IndexedDB factory (default the global `indexedDB`); tests pass a fresh fake one. */
  idb?: IDBFactory;
  /** Clock in epoch ms (default `Date.now`). */
  now?: () => number;
  /** Id maker for tickets, history rows and environments (default `crypto.randomUUID`). */
  randomId?: () => string;
  /** An older page keeps this one from upgrading the database. */
  onBlocked?: () => void;
  /** This page closed its connection so another could upgrade or delete the database. */
  onClosedForOthers?: () => void;
  limits?: Partial<StoreLimits>;
  /** The recorder's limits per site (default RECORDER_LIMITS). */
  recorderLimits?: RecorderLimits;
}

const CLEARABLE: readonly ClearableData[] = ['tickets', 'history', 'captures'];

const COUNTED: readonly (keyof StoreCounts)[] = ['tickets', 'history', 'captures', 'environments'];

type ClearedStore = 'tickets' | 'history' | 'captures' | 'captureBodies' | 'recordedCalls';

/** What the background uses of the store, with the connection and context: the part both flavours share. */
function openShared(options: StoreOptions, checkRule: CaptureRuleCheck) {
  const connection = createConnection({
    ...options,
    factory: options.idb ?? globalThis.indexedDB,
    name: options.name ?? DB_NAME,
  });
  const ctx: StoreContext = {
    db: connection.get,
    now: options.now ?? (() => Date.now()),
    randomId: options.randomId ?? (() => globalThis.crypto.randomUUID()),
    limits: { ...DEFAULT_LIMITS, ...options.limits },
  };
  const store = {
    ...createTicketFunctions(ctx),
    ...createHistoryFunctions(ctx),
    ...createEnvironmentFunctions(ctx, checkRule),
    ...createRecorderFunctions(ctx, options.recorderLimits),
    ...createPruneFunctions(ctx),

    /** Records per store, for the "clear data" confirmation. */
    async counts(): Promise<StoreCounts> {
      const tx = (await connection.get()).transaction(COUNTED);
      const counting = COUNTED.map(async (s) => [s, await tx.objectStore(s).count()] as const);
      const [counted] = await Promise.all([Promise.all(counting), tx.done]);
      return Object.fromEntries(counted) as Record<keyof StoreCounts, number>;
    },

    /** Empty the given groups in one transaction ('captures' empties every tab's log and the recorder's). */
    async clearAll(which: readonly ClearableData[]): Promise<void> {
      if (!Array.isArray(which) || which.some((w) => !CLEARABLE.includes(w))) {
        throw new Error(`CME DevTools store: clearAll takes a list of ${CLEARABLE.join(', ')}.`);
      }
      const stores = [...new Set(which)].flatMap((w): ClearedStore[] =>
        w === 'captures' ? ['captures', 'captureBodies', 'recordedCalls'] : [w],
      );
      if (stores.length === 0) return;
      const recorder = stores.includes('recordedCalls');
      const tx = (await connection.get()).transaction([...stores, 'agentSites'], 'readwrite');
      const emptied = stores.map((s) => tx.objectStore(s).clear());
      // The recorder's sites stay opted in, with nothing recorded.
      const sites = recorder ? await tx.objectStore('agentSites').getAll() : [];
      for (const site of sites) void tx.objectStore('agentSites').put({ ...site, count: 0, bytes: 0 });
      await Promise.all([...emptied, tx.done]);
    },
  };
  return { connection, ctx, store };
}

/**
 * Create the store. The database opens on the first call (or on `ready()`), closes itself when another
 * page needs to upgrade or delete it, and reopens on the next call.
 */
export function openStore(options: StoreOptions = {}) {
  const { connection, ctx, store } = openShared(options, compiledRule);
  return {
    ...store,
    ...createPutTicket(ctx),
    ...createCaptureFunctions(ctx),

    /** Open (and upgrade) the database now rather than on the first call. */
    async ready(): Promise<void> {
      await connection.get();
    },

    /** Close the connection for good (later calls reject). */
    close(): void {
      connection.close();
    },
  };
}

/**
 * The store without what the background never uses (the capture log, which only the panel writes;
 * `putTicket`, `ready`, `close`; the capture rule compiler: its rules come compiled from our pages, and
 * it checks their shape): the background ships less code.
 */
export function openBackgroundStore(options: StoreOptions = {}) {
  return openShared(options, ruleShape).store;
}

/** The background's part of the store's API. */
export type BackgroundStore = ReturnType<typeof openBackgroundStore>;

/** The store's API, as `openStore` returns it. */
export type CmeStore = ReturnType<typeof openStore>;
