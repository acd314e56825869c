/**
 * What the row menu's items (and the `r` / `e` shortcuts) do: replay, open the replay editor, copy masked
 * snippets, the RequestId or a support-ticket text, filter or hide by the row's action, user or Code.
 * Copies go through the panel's masker plus the call's own secrets, as the Copy tab's snippets do.
 */
import { effect, type ReadonlySignal } from '@preact/signals';
import { maskerForCalls, type Masker } from '../../cme/secrets';
import { toCurl, toFetch, toWebSdk } from '../../cme/snippets';
import type { DecodedCall, RawCall } from '../../cme/types';
import type { Translate } from '../../i18n/i18n';
import type { Copier } from '../shared/copier';
import type { DetailState } from './detail';
import type { RowMenuAction } from './row-menu';
import type { ReplayStore } from './replay';
import type { PanelRow } from './rows';
import { supportText } from './support-text';

/** What the actions act on. */
export interface RowActionDeps {
  panel: {
    select(id: number | null): void;
    applyTerm(key: string, value: string, negate?: boolean): void;
  };
  detail: { state: ReadonlySignal<DetailState> };
  replay: Pick<ReplayStore, 'mode' | 'run' | 'available'>;
  listView: { openTab(tab: 'replay'): void };
  /** The panel's masker (every secret seen in the tab and the stored tickets). */
  masker: () => Masker;
  copier: Pick<Copier, 'copy'>;
  t: Translate;
  /** How long to wait for the row's call to load (ms). */
  loadTimeoutMs?: number;
}

/** The row's call as the detail pane loads it once the row is selected; null when it cannot be read. */
export function loadedCall(
  row: PanelRow,
  deps: Pick<RowActionDeps, 'panel' | 'detail' | 'loadTimeoutMs'>,
): Promise<{ raw: RawCall; decoded: DecodedCall | null } | null> {
  deps.panel.select(row.id);
  return new Promise((resolve) => {
    let stop: (() => void) | null = null;
    let done = false;
    const finish = (value: { raw: RawCall; decoded: DecodedCall | null } | null) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      // After this turn: the selection's own effects (the replay form's reset) have run by then.
      queueMicrotask(() => {
        stop?.();
        resolve(value);
      });
    };
    const timer = setTimeout(() => finish(null), deps.loadTimeoutMs ?? 10_000);
    stop = effect(() => {
      const state = deps.detail.state.value;
      if (state.status === 'empty' || state.row.id !== row.id) return;
      if (state.status === 'ready') finish({ raw: state.raw, decoded: state.decoded });
      else if (state.status === 'missing') finish(null);
    });
    if (done) queueMicrotask(() => stop?.());
  });
}

/** The masker of one call: the panel's secrets plus every secret of the call itself. */
export function callMasker(raw: RawCall, panelMasker: Masker): Masker {
  return maskerForCalls([raw], panelMasker.secrets);
}

/** The text an item copies, or null when the row's call cannot be read (or the item copies nothing). */
export async function copyText(
  action: RowMenuAction,
  row: PanelRow,
  deps: RowActionDeps,
): Promise<string | null> {
  if (action === 'copyRequestId') return row.requestId ?? null;
  const call = await loadedCall(row, deps);
  if (call === null) return null;
  const secrets = deps.masker().secrets;
  switch (action) {
    case 'copyCurl':
      return toCurl(call.raw, { secrets });
    case 'copyFetch':
      return toFetch(call.raw, { secrets });
    case 'copyWebSdk':
      return call.decoded ? toWebSdk(call.decoded, { secrets }) : null;
    case 'copySupport':
      return supportText(row, call.raw, callMasker(call.raw, deps.masker()), deps.t);
    default:
      return null;
  }
}

/**
 * Runs an item on `row`. Resolves with what happened: `copied`/`copy-failed` for copies, `done` otherwise,
 * `unavailable` when the call could not be read.
 */
export async function runRowAction(
  action: RowMenuAction,
  row: PanelRow,
  deps: RowActionDeps,
): Promise<'done' | 'copied' | 'copy-failed' | 'unavailable'> {
  switch (action) {
    case 'replay': {
      deps.replay.mode.value = 'captured';
      deps.listView.openTab('replay');
      const call = await loadedCall(row, deps);
      if (call === null) return 'unavailable';
      await deps.replay.run(call.raw, row.id);
      return 'done';
    }
    case 'replayEdited':
      deps.replay.mode.value = 'body';
      deps.panel.select(row.id);
      deps.listView.openTab('replay');
      return 'done';
    case 'filterAction':
      if (row.action) deps.panel.applyTerm('action', row.action);
      return 'done';
    case 'hideAction':
      if (row.action) deps.panel.applyTerm('action', row.action, true);
      return 'done';
    case 'filterUser':
      if (row.userId) deps.panel.applyTerm('user', row.userId);
      return 'done';
    case 'filterCode':
      if (row.code) deps.panel.applyTerm('code', row.code);
      return 'done';
    default: {
      const text = await copyText(action, row, deps);
      if (text === null) return 'unavailable';
      return (await deps.copier.copy(text)) ? 'copied' : 'copy-failed';
    }
  }
}
