/**
 * The popup's recent calls: the last API calls from the history, put back in the editor (with their
 * ticket when it is still stored) or sent again.
 */
import { batch, signal, type ReadonlySignal, type Signal } from '@preact/signals';
import type { RpcClient } from '../../protocol';
import type { HistoryRecord } from '../../store/schema';
import { errorText } from '../shared/rpc-client';
import type { CallResult } from './call';
import type { Editor } from './editor';
import type { Identity } from './identity';

/** How many recent calls the popup lists. */
export const RECENT_LIMIT = 8;

/** What the recent calls need. */
export interface RecentDeps {
  rpc: RpcClient;
  /** Where a failed read says why. */
  loadError: Signal<string | null>;
  identity: Pick<Identity, 'tickets' | 'ticketId'>;
  editor: Pick<Editor, 'load'>;
  /** Whether a call is in flight (a re-run waits for none). */
  sending: ReadonlySignal<boolean>;
  send: () => Promise<CallResult | null>;
}

/** Create the popup's recent calls. */
export function createRecent({ rpc, loadError, identity, editor, sending, send }: RecentDeps) {
  const recent = signal<HistoryRecord[]>([]);

  /** Read the recent API calls again (logins are left out). */
  async function refreshRecent(): Promise<void> {
    try {
      const rows = await rpc.request('history.list', { limit: RECENT_LIMIT * 3 });
      recent.value = rows.filter((r) => r.kind === 'api').slice(0, RECENT_LIMIT);
    } catch (e) {
      loadError.value = errorText(e);
    }
  }

  /** Put a recent call back in the editor (with its ticket when that is still stored). */
  function loadFromHistory(row: HistoryRecord): void {
    batch(() => {
      editor.load(row.actionClass ?? '', row.action, row.requestBody);
      if (row.ticketId && identity.tickets.value.some((t) => t.id === row.ticketId)) {
        identity.ticketId.value = row.ticketId;
      }
    });
  }

  /** Send a recent call again. */
  async function rerun(row: HistoryRecord): Promise<CallResult | null> {
    if (sending.value) return null;
    loadFromHistory(row);
    return send();
  }

  return { recent, refreshRecent, loadFromHistory, rerun };
}
