/**
 * Which listed calls were replayed (`is:replayed`): a replay is not listed itself (the background sends
 * it, DevTools does not see it); the history keeps each replay with the id of the capture it replayed.
 * The panel reads the history once, the first time a query asks `is:replayed`; replays made in this
 * panel are added as they happen (createReplayStore's `onReplayed`).
 */
import { effect } from '@preact/signals';
import type { RpcClient } from '../../protocol';
import type { PanelStore } from './store';

/** How many history records are read for the first `is:replayed` (newest first). */
export const REPLAYED_HISTORY_LIMIT = 2000;

/** Reads the replayed capture ids from the history when the query first needs them; returns the stop function. */
export function watchReplayed(panel: PanelStore, rpc: Pick<RpcClient, 'request'>): () => void {
  let asked = false;
  return effect(() => {
    if (asked) return;
    const needs = panel.parsedFilter.value.terms.some((t) => t.kind === 'is' && t.value === 'replayed');
    if (!needs) return;
    asked = true;
    void rpc
      .request('history.list', { limit: REPLAYED_HISTORY_LIMIT })
      .then((records) => {
        const ids: number[] = [];
        for (const r of records) {
          if (r.replayOf?.kind === 'capture' && r.replayOf.id !== null) ids.push(r.replayOf.id);
        }
        panel.markReplayed(...ids);
      })
      .catch(() => {
        asked = false;
      });
  });
}
