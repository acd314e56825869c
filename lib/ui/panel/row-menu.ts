/**
 * The row menu's items for one call (right-click, the ContextMenu key, Shift+F10): which apply, in which
 * group, and how the keyboard moves among the enabled ones. Pure: the actions are in row-actions.ts.
 */
import type { MessageKey } from '../../i18n/i18n';
import { identityLabel, type PanelRow } from './rows';

/** What an item does. */
export type RowMenuAction =
  | 'replay'
  | 'replayEdited'
  | 'copyCurl'
  | 'copyFetch'
  | 'copyWebSdk'
  | 'copyRequestId'
  | 'copySupport'
  | 'filterAction'
  | 'filterUser'
  | 'filterCode'
  | 'hideAction';

/** One item: its action, label, whether it applies to the row, and its group (a separator between groups). */
export interface RowMenuItem {
  action: RowMenuAction;
  label: MessageKey;
  enabled: boolean;
  group: number;
}

/** What the items depend on besides the row. */
export interface RowMenuContext {
  /** Whether replay works here (the background is reachable). */
  replayAvailable: boolean;
}

/** The items of the menu of `row`, each enabled only where it applies. */
export function rowMenuItems(row: PanelRow, ctx: RowMenuContext): RowMenuItem[] {
  const api = row.kind === 'api';
  const replayable = api && ctx.replayAvailable;
  const hasAction = api && !!row.action;
  return [
    { action: 'replay', label: 'panelMenuReplay', enabled: replayable, group: 0 },
    { action: 'replayEdited', label: 'panelMenuReplayEdited', enabled: replayable, group: 0 },
    { action: 'copyCurl', label: 'panelMenuCopyCurl', enabled: true, group: 1 },
    { action: 'copyFetch', label: 'panelMenuCopyFetch', enabled: true, group: 1 },
    { action: 'copyWebSdk', label: 'panelMenuCopyWebSdk', enabled: api, group: 1 },
    { action: 'copyRequestId', label: 'panelMenuCopyRequestId', enabled: !!row.requestId, group: 1 },
    { action: 'copySupport', label: 'panelMenuCopySupport', enabled: true, group: 1 },
    { action: 'filterAction', label: 'panelMenuFilterAction', enabled: hasAction, group: 2 },
    { action: 'filterUser', label: 'panelMenuFilterUser', enabled: !!row.userId, group: 2 },
    { action: 'filterCode', label: 'panelMenuFilterCode', enabled: !!row.code, group: 2 },
    { action: 'hideAction', label: 'panelMenuHideAction', enabled: hasAction, group: 2 },
  ];
}

/** The value an item shows after its label (the action, user or Code it filters by), or ''. */
export function itemDetail(action: RowMenuAction, row: PanelRow): string {
  if (action === 'filterAction' || action === 'hideAction') return row.action ?? '';
  if (action === 'filterUser') return row.userId ?? identityLabel(row);
  if (action === 'filterCode') return row.code ?? '';
  return '';
}

/**
 * The enabled item `step` places from `from` (wrapping), for ArrowDown (+1) / ArrowUp (-1); Home and End
 * are `first`/`last`. -1 when none is enabled.
 */
export function moveFocus(
  items: readonly Pick<RowMenuItem, 'enabled'>[],
  from: number,
  step: 1 | -1 | 'first' | 'last',
): number {
  const n = items.length;
  if (n === 0) return -1;
  let at = step === 'first' ? -1 : step === 'last' ? n : from;
  const dir = step === 'first' ? 1 : step === 'last' ? -1 : step;
  for (let i = 0; i < n; i++) {
    at = (((at + dir) % n) + n) % n;
    if (items[at]!.enabled) return at;
  }
  return -1;
}

/** Where a menu opened at (x, y) goes so that it stays inside the view (`w`×`h` the menu, `vw`×`vh` the view). */
export function placeMenu(
  x: number,
  y: number,
  w: number,
  h: number,
  vw: number,
  vh: number,
): { left: number; top: number } {
  const left = Math.max(0, Math.min(x, vw - w - 2));
  const top = y + h > vh ? Math.max(0, Math.min(y - h, vh - h - 2)) : y;
  return { left, top };
}
