/** The store's applyTerm as the row menu uses it: filter by action/user/Code, hide an action (a negated term). */
import { describe, expect, it } from 'vitest';
import { manualScheduler } from '../../../lib/ui/panel/frame';
import { createMemoryLog } from '../../../lib/ui/panel/log';
import { createPanelStore } from '../../../lib/ui/panel/store';
import { makeRow } from './fixtures';

async function store() {
  const rows = [
    makeRow({ id: 1, seq: 1, action: 'ListMedia', userId: 'alice', platform: 'p1', code: 'Success' }),
    makeRow({
      id: 2,
      seq: 2,
      action: 'DeleteMaterial',
      userId: 'bob',
      platform: 'p1',
      code: 'InvalidParameterValue',
    }),
    makeRow({ id: 3, seq: 3, action: 'ListMedia', userId: 'bob', platform: 'p1', code: 'Success' }),
  ];
  const panel = createPanelStore({
    log: createMemoryLog(rows, new Map()),
    maxEntries: 100,
    schedule: manualScheduler(),
  });
  await panel.load();
  await panel.filterReady;
  return panel;
}
const ids = (panel: Awaited<ReturnType<typeof store>>) => panel.visible.value.map((r) => r.id);

describe('applyTerm', () => {
  it('filters by action, user and Code', async () => {
    const panel = await store();
    panel.applyTerm('action', 'ListMedia');
    expect(ids(panel)).toEqual([1, 3]);
    panel.applyTerm('user', 'bob');
    expect(ids(panel)).toEqual([3]);
    expect(panel.filter.value).toBe('action:ListMedia user:bob');
    panel.setQuery('');
    panel.applyTerm('code', 'InvalidParameterValue');
    expect(ids(panel)).toEqual([2]);
  });

  it('hides an action when negated', async () => {
    const panel = await store();
    panel.applyTerm('action', 'ListMedia', true);
    expect(ids(panel)).toEqual([2]);
    // Unbound, as a handler may hold it.
    const { applyTerm } = panel;
    applyTerm('code', 'InvalidParameterValue', true);
    expect(ids(panel)).toEqual([]);
    expect(panel.filter.value).toBe('-action:ListMedia -code:InvalidParameterValue');
    // Removing the action's term ("All actions") shows the hidden action again.
    panel.applyTerm('action', '');
    expect(ids(panel)).toEqual([1, 3]);
    panel.applyTerm('code', '');
    expect(ids(panel)).toEqual([1, 2, 3]);
  });
});
