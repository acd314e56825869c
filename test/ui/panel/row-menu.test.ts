/** The row menu's items per row, keyboard movement among enabled items, placement in the view. */
import { describe, expect, it } from 'vitest';
import en from '../../../public/_locales/en/messages.json';
import zh from '../../../public/_locales/zh_CN/messages.json';
import { itemDetail, moveFocus, placeMenu, rowMenuItems } from '../../../lib/ui/panel/row-menu';
import { makeRow } from './fixtures';

const enabled = (items: ReturnType<typeof rowMenuItems>) =>
  Object.fromEntries(items.map((i) => [i.action, i.enabled]));

describe('rowMenuItems', () => {
  it('enables everything for a failed CME call with a RequestId and an identity', () => {
    const row = makeRow({
      action: 'DeleteMaterial',
      code: 'InvalidParameterValue.MaterialId',
      requestId: 'r-1',
    });
    const items = rowMenuItems(row, { replayAvailable: true });
    expect(items.map((i) => i.action)).toEqual([
      'replay',
      'replayEdited',
      'copyCurl',
      'copyFetch',
      'copyWebSdk',
      'copyRequestId',
      'copySupport',
      'filterAction',
      'filterUser',
      'filterCode',
      'hideAction',
    ]);
    expect(items.every((i) => i.enabled)).toBe(true);
    for (const i of items) {
      expect(en).toHaveProperty(i.label);
      expect(zh).toHaveProperty(i.label);
    }
    expect(itemDetail('filterAction', row)).toBe('DeleteMaterial');
    expect(itemDetail('filterCode', row)).toBe('InvalidParameterValue.MaterialId');
    expect(itemDetail('filterUser', row)).toBe('user_001');
    expect(itemDetail('copyCurl', row)).toBe('');
  });

  it('disables what does not apply: no RequestId, no identity, no replay', () => {
    const row = makeRow({ requestId: null, userId: null, platform: null });
    const e = enabled(rowMenuItems(row, { replayAvailable: false }));
    expect(e.copyRequestId).toBe(false);
    expect(e.filterUser).toBe(false);
    expect(e.replay).toBe(false);
    expect(e.replayEdited).toBe(false);
    expect(e.copyCurl).toBe(true);
    expect(e.copySupport).toBe(true);
    expect(e.filterAction).toBe(true);
  });

  it('gives a login no replay, no Web SDK, no action filter; a network failure no Code filter', () => {
    const login = makeRow({ kind: 'login', actionClass: null, action: 'Login', requestId: null });
    const e = enabled(rowMenuItems(login, { replayAvailable: true }));
    expect(e.replay).toBe(false);
    expect(e.copyWebSdk).toBe(false);
    expect(e.filterAction).toBe(false);
    expect(e.hideAction).toBe(false);
    expect(e.copyCurl).toBe(true);
    const failed = makeRow({ code: null, httpStatus: 0, ok: false });
    expect(enabled(rowMenuItems(failed, { replayAvailable: true })).filterCode).toBe(false);
  });
});

describe('moveFocus', () => {
  const items = [true, false, true, true, false].map((enabled) => ({ enabled }));
  it('skips disabled items and wraps', () => {
    expect(moveFocus(items, -1, 'first')).toBe(0);
    expect(moveFocus(items, 0, 1)).toBe(2);
    expect(moveFocus(items, 3, 1)).toBe(0);
    expect(moveFocus(items, 0, -1)).toBe(3);
    expect(moveFocus(items, 2, 'last')).toBe(3);
  });
  it('is -1 when nothing is enabled', () => {
    expect(moveFocus([{ enabled: false }], 0, 1)).toBe(-1);
    expect(moveFocus([], 0, 'first')).toBe(-1);
  });
});

describe('placeMenu', () => {
  it('stays inside the view', () => {
    expect(placeMenu(10, 10, 200, 300, 800, 600)).toEqual({ left: 10, top: 10 });
    expect(placeMenu(700, 10, 200, 300, 800, 600)).toEqual({ left: 598, top: 10 });
    // No room below: above the point.
    expect(placeMenu(10, 500, 200, 300, 800, 600)).toEqual({ left: 10, top: 200 });
    // Taller than the view: from the top.
    expect(placeMenu(10, 100, 200, 900, 800, 600)).toEqual({ left: 10, top: 0 });
  });
});
