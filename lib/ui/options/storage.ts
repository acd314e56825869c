/**
 * The options page's view of what the extension stores: rows per store against the caps the user sets,
 * the browser's estimate of the bytes used, and what pruning removed (now, after a cap was lowered, or
 * earlier, by the worker on its own).
 */
import { signal } from '@preact/signals';
import type { RpcClient } from '../../protocol';
import { PRUNE_REPORT_KEY, type PruneReport } from '../../background/prune';
import type { StorageAreaLike } from '../../settings/settings';
import type { Pruned, StoreCounts } from '../../store';
import { errorText } from '../shared/rpc-client';

/** The browser's estimate of what the extension's origin stores, in bytes (`navigator.storage.estimate`). */
export type EstimateFn = () => Promise<{ usage?: number; quota?: number }>;

/** What the storage view needs. */
export interface StorageDeps {
  rpc: RpcClient;
  local: StorageAreaLike;
  /** Absent where the browser has no StorageManager: the page then shows rows only. */
  estimate?: EstimateFn;
}

/** A stored report, checked (it is only ours, but storage can be edited). */
export function readPruneReport(value: unknown): PruneReport | null {
  if (typeof value !== 'object' || value === null) return null;
  const r = value as Record<string, unknown>;
  const count = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;
  return count(r.history) && count(r.captures) && count(r.at)
    ? { at: r.at, history: r.history, captures: r.captures }
    : null;
}

/** Create the storage view's store. */
export function createStorageStore(deps: StorageDeps) {
  const counts = signal<StoreCounts | null>(null);
  /** Bytes used by the extension's origin; null when the browser gives no estimate. */
  const usage = signal<number | null>(null);
  /** What the prune this page asked for removed (after a cap was saved); null before any. */
  const removed = signal<Pruned | null>(null);
  /** The last prune that removed rows, whoever ran it. */
  const report = signal<PruneReport | null>(null);
  const error = signal<string | null>(null);

  async function refreshUsage(): Promise<void> {
    try {
      const got = await deps.estimate?.();
      usage.value = typeof got?.usage === 'number' ? got.usage : null;
    } catch {
      usage.value = null;
    }
  }

  async function refreshReport(): Promise<void> {
    try {
      report.value = readPruneReport((await deps.local.get(PRUNE_REPORT_KEY))[PRUNE_REPORT_KEY]);
    } catch {
      report.value = null;
    }
  }

  /** Read rows, bytes and the last report again. */
  async function refresh(): Promise<void> {
    error.value = null;
    await Promise.all([
      deps.rpc.request('data.counts', {}).then(
        (c) => void (counts.value = c),
        (e: unknown) => void (error.value = errorText(e)),
      ),
      refreshUsage(),
      refreshReport(),
    ]);
  }

  /** Prune to the saved caps now (a cap was just saved) and say what went. */
  async function prune(): Promise<void> {
    error.value = null;
    try {
      const answer = await deps.rpc.request('data.prune', {});
      counts.value = answer.counts;
      removed.value = answer.removed;
    } catch (e) {
      error.value = errorText(e);
    }
    await Promise.all([refreshUsage(), refreshReport()]);
  }

  return { counts, usage, removed, report, error, refresh, prune };
}

/** The storage view's store. */
export type StorageStore = ReturnType<typeof createStorageStore>;
