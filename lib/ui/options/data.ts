/**
 * The options page's stored data: counts, a clear that first shows what will go, and the export download.
 */
import { signal } from '@preact/signals';
import type { RpcClient } from '../../protocol';
import type { Settings } from '../../settings/settings';
import type { ClearableData, StoreCounts } from '../../store/schema';
import { errorText } from '../shared/rpc-client';

/** Most history rows an export carries (the RPC's maximum). */
export const EXPORT_HISTORY_LIMIT = 10_000;

/** Every group of data the page can clear. */
export const CLEARABLE: readonly ClearableData[] = ['tickets', 'history', 'captures'];

/** What the data store needs. */
export interface DataDeps {
  rpc: RpcClient;
  settings: () => Settings;
  /** Save a file (the page's download). */
  download: (fileName: string, text: string) => void;
  now?: () => number;
}

/** Create the data part of the options page. */
export function createDataStore(deps: DataDeps) {
  const now = deps.now ?? (() => Date.now());
  const counts = signal<StoreCounts | null>(null);
  /** The groups picked for clearing. */
  const selection = signal<readonly ClearableData[]>(CLEARABLE);
  /** The counts shown in the open confirmation; null when none is open. */
  const confirming = signal<StoreCounts | null>(null);
  const busy = signal(false);
  const error = signal<string | null>(null);
  /** Set after a clear: what was there before. */
  const cleared = signal<StoreCounts | null>(null);

  async function refreshCounts(): Promise<void> {
    try {
      counts.value = await deps.rpc.request('data.counts', {});
    } catch (e) {
      error.value = errorText(e);
    }
  }

  function toggle(group: ClearableData, on: boolean): void {
    const set = new Set(selection.value);
    if (on) set.add(group);
    else set.delete(group);
    selection.value = CLEARABLE.filter((g) => set.has(g));
  }

  /** Open the confirmation with fresh counts. */
  async function askClear(): Promise<void> {
    error.value = null;
    cleared.value = null;
    await refreshCounts();
    confirming.value = counts.value;
  }

  function cancelClear(): void {
    confirming.value = null;
  }

  /** Clear the selected groups (after the confirmation). */
  async function confirmClear(): Promise<void> {
    if (busy.value || selection.value.length === 0) return;
    busy.value = true;
    const before = confirming.value;
    try {
      counts.value = await deps.rpc.request('data.clear', { stores: [...selection.value] });
      cleared.value = before;
      confirming.value = null;
    } catch (e) {
      error.value = errorText(e);
    } finally {
      busy.value = false;
    }
  }

  /** Download settings, environments, history and tickets (masked unless `reveal`). */
  async function exportData(reveal: boolean): Promise<boolean> {
    error.value = null;
    try {
      // The export and its masking core load on first use: the page's first paint does not need them.
      const [environments, history, tickets, { buildExport, exportFileName }] = await Promise.all([
        deps.rpc.request('environments.list', {}),
        deps.rpc.request('history.list', { limit: EXPORT_HISTORY_LIMIT }),
        deps.rpc.request('tickets.list', {}),
        import('./export'),
      ]);
      const at = now();
      const doc = buildExport({ settings: deps.settings(), environments, history, tickets, reveal, now: at });
      deps.download(exportFileName(at), JSON.stringify(doc, null, 2));
      return true;
    } catch (e) {
      error.value = errorText(e);
      return false;
    }
  }

  return {
    counts,
    selection,
    confirming,
    busy,
    error,
    cleared,
    refreshCounts,
    toggle,
    askClear,
    cancelClear,
    confirmClear,
    exportData,
  };
}

/** The data store. */
export type DataStore = ReturnType<typeof createDataStore>;
