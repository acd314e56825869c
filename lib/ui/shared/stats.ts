/**
 * Latency and error statistics of captured calls, per action, for the panel's stats view. Pure: no DOM.
 */
import type { DecodedCall } from '../../cme/types';

/** The fields of a call the statistics read. */
export type StatsCall = Pick<DecodedCall, 'actionClass' | 'action' | 'durationMs' | 'ok' | 'startedAt'>;

/** One action's statistics; percentiles are null when no call of it has a known duration. */
export interface ActionStats {
  /** `/Material/ListMedia` for an api call, `Login` for a login. */
  action: string;
  actionClass: string | null;
  count: number;
  /** Median duration in ms over the calls with a known (positive) duration. */
  p50: number | null;
  p95: number | null;
  /** Share of calls that did not succeed (any non-Success code, or no response), 0..1. */
  errorRate: number;
}

/** One point of the latency timeline. */
export interface TimelinePoint {
  t: number;
  ms: number;
  ok: boolean;
}

/**
 * The p-th percentile (0..100) by linear interpolation between closest ranks (the "R-7" / spreadsheet
 * PERCENTILE.INC rule): p50 of [1, 2, 3, 4] is 2.5. Non-finite values are ignored; null for no values.
 */
export function percentile(values: readonly number[], p: number): number | null {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((x, y) => x - y);
  if (sorted.length === 0) return null;
  const q = Math.min(100, Math.max(0, Number.isFinite(p) ? p : 0)) / 100;
  const rank = q * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  const low = sorted[lo]!;
  return low + (sorted[hi]! - low) * (rank - lo);
}

/** The label calls are grouped under: `/Class/Action` for api calls, the bare action (`Login`) otherwise. */
export function actionLabel(call: Pick<DecodedCall, 'actionClass' | 'action'>): string {
  return call.actionClass ? `/${call.actionClass}/${call.action}` : call.action;
}

/**
 * Count, p50, p95 and error rate per action, most frequent first (ties by label). Durations of 0 or less
 * (unknown, as HAR's -1) count towards `count` and `errorRate` but not towards the percentiles.
 */
export function statsByAction(calls: readonly StatsCall[]): ActionStats[] {
  const groups = new Map<
    string,
    { actionClass: string | null; durations: number[]; count: number; errors: number }
  >();
  for (const call of calls) {
    const key = actionLabel(call);
    let g = groups.get(key);
    if (!g) {
      g = { actionClass: call.actionClass, durations: [], count: 0, errors: 0 };
      groups.set(key, g);
    }
    g.count++;
    if (!call.ok) g.errors++;
    if (call.durationMs > 0) g.durations.push(call.durationMs);
  }
  return [...groups.entries()]
    .map(([action, g]) => ({
      action,
      actionClass: g.actionClass,
      count: g.count,
      p50: percentile(g.durations, 50),
      p95: percentile(g.durations, 95),
      errorRate: g.errors / g.count,
    }))
    .sort((x, y) => y.count - x.count || (x.action < y.action ? -1 : x.action > y.action ? 1 : 0));
}

/** Timeline points of calls with a known duration, in time order. */
export function timelinePoints(calls: readonly StatsCall[]): TimelinePoint[] {
  return calls
    .filter((c) => c.durationMs > 0 && Number.isFinite(c.startedAt))
    .map((c) => ({ t: c.startedAt, ms: c.durationMs, ok: c.ok }))
    .sort((x, y) => x.t - y.t);
}
