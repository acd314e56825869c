/**
 * One masker per panel (the inspected tab, or an imported file): every ticket and signature seen in its
 * traffic (each listed call's ticket and URL secrets, every secret of each call shown in full) and every
 * stored ticket, by value, in any encoding (lib/cme/secrets). Every view, copy and export of the panel
 * goes through it. Loaded with the detail pane, never with the first paint; the masker is compiled again
 * only when a secret it did not know appears.
 */
import { computed, type ReadonlySignal } from '@preact/signals';
import { growingSecrets, type Masker } from '../../cme/secrets';
import type { RawCall } from '../../cme/types';
import type { TicketRecord } from '../../store/schema';
import type { DetailState } from './detail';
import type { PanelRow } from './rows';

/** Where the tab's secrets come from. */
export interface TabSecretSources {
  rows: ReadonlySignal<readonly PanelRow[]>;
  stored: ReadonlySignal<readonly TicketRecord[]>;
  /** The call shown in full (its bodies, headers and answer are read for secrets too). */
  shown: ReadonlySignal<DetailState>;
}

/** The tab's masker, compiled again only when a new secret appears. */
export function createTabMasker(src: TabSecretSources): ReadonlySignal<Masker> {
  const secrets = growingSecrets();
  const seenRows = new WeakSet<PanelRow>();
  const seenCalls = new WeakSet<RawCall>();
  // A call the finder cannot read (a malformed import) adds nothing: the views still mask every secret a
  // text names itself, and a view that cannot read it either shows what failed (error boundaries).
  const addAll = (call: RawCall): void => {
    try {
      secrets.addCall(call);
    } catch {
      // nothing learnt
    }
  };
  return computed(() => {
    for (const row of src.rows.value) {
      if (seenRows.has(row)) continue;
      seenRows.add(row);
      if (row.ticket) secrets.add({ value: row.ticket, kind: 'ticket' });
      // A login's `signature`, a proxied call's `auth`: what the row's URL carries.
      if (row.url.includes('?')) addAll(urlOnly(row.url));
    }
    for (const t of src.stored.value) secrets.add({ value: t.authorization, kind: 'ticket' });
    const shown = src.shown.value;
    if (shown.status === 'ready' && !seenCalls.has(shown.raw)) {
      seenCalls.add(shown.raw);
      addAll(shown.raw);
    }
    return secrets.masker();
  });
}

function urlOnly(url: string): RawCall {
  return {
    startedAt: 0,
    durationMs: 0,
    request: { method: 'GET', url, headers: [], body: null },
    response: null,
  };
}

/** What the panel masker is built from: the stores every panel has. */
export interface PanelStores {
  /** `listMasker`, when there, is given the masker for the call list's messages. */
  panel: {
    rows: ReadonlySignal<readonly PanelRow[]>;
    listMasker?: { value: ReadonlySignal<Pick<Masker, 'text'>> | null };
  };
  tickets: { tickets: ReadonlySignal<readonly TicketRecord[]> };
  detail: { state: ReadonlySignal<DetailState> };
}

const perPanel = new WeakMap<object, ReadonlySignal<Masker>>();

/** The panel's one masker (made on first use, kept for the panel's life). */
export function tabMasker(ui: PanelStores): ReadonlySignal<Masker> {
  let masker = perPanel.get(ui.panel);
  if (masker === undefined) {
    masker = createTabMasker({ rows: ui.panel.rows, stored: ui.tickets.tickets, shown: ui.detail.state });
    perPanel.set(ui.panel, masker);
    if (ui.panel.listMasker) ui.panel.listMasker.value = masker;
  }
  return masker;
}
