/**
 * The page agent's marks on a row (recorded, injected, the fault rule): made with the row, kept in the store
 * (so a reopened panel shows them), set later on a listed row (a delayed call), filtered by the status select.
 */
import { signal } from '@preact/signals';
import { describe, expect, it } from 'vitest';
import { createIncrementalFilter } from '../../../lib/ui/panel/filter';
import { manualScheduler } from '../../../lib/ui/panel/frame';
import { createTabLog } from '../../../lib/ui/panel/log';
import { createLogWriter } from '../../../lib/ui/panel/log-writer';
import { agentMarksOf, isInjected, prepareCapture, type PanelRow } from '../../../lib/ui/panel/rows';
import { apiCall, SESSION_START_MS } from '../../cme/factories';
import { decoded, freshStore, makeRow } from './fixtures';

const fault = { ruleId: 'r1', effect: { kind: 'code' as const, code: 'AuthFailure.SessionInvalid' } };

describe('agent marks', () => {
  it('are absent unless given, and a rule marks a row injected', () => {
    expect(agentMarksOf(undefined)).toEqual({});
    expect(agentMarksOf({ source: 'recorded' })).toEqual({ source: 'recorded' });
    expect(isInjected(makeRow())).toBe(false);
    expect(isInjected(makeRow({ source: 'injected' }))).toBe(true);
    expect(isInjected(makeRow({ source: 'recorded', fault }))).toBe(true);
    const raw = apiCall({ startedAt: SESSION_START_MS });
    const made = prepareCapture(decoded(raw), raw, 1, undefined, { source: 'injected', fault });
    expect(made.input).toMatchObject({ source: 'injected', fault });
    expect(made.row(5)).toMatchObject({ id: 5, source: 'injected', fault });
    expect(prepareCapture(decoded(raw), raw, 1).row(5)).not.toHaveProperty('source');
  });

  it('filter the list: Injected and Recorded', () => {
    const rows = [
      makeRow({ id: 1 }),
      makeRow({ id: 2, source: 'injected', fault }),
      makeRow({ id: 3, source: 'recorded' }),
      makeRow({ id: 4, source: 'recorded', fault }),
    ];
    const filter = createIncrementalFilter();
    const ids = (status: 'injected' | 'recorded') => filter(rows, `is:${status}`).map((r: PanelRow) => r.id);
    expect(ids('injected')).toEqual([2, 4]);
    expect(ids('recorded')).toEqual([3, 4]);
  });

  it('are stored with the row, checked, and set later on a listed row', async () => {
    const store = freshStore();
    const log = createTabLog(store, 9);
    const rows = signal<readonly PanelRow[]>([]);
    const writer = createLogWriter({
      log,
      maxEntries: 100,
      schedule: manualScheduler(),
      rows,
      error: signal(null),
    });
    const raw = apiCall({ startedAt: SESSION_START_MS });
    writer.add({ decoded: decoded(raw), raw, source: 'recorded' });
    writer.add({ decoded: decoded(raw), raw });
    await writer.flush();
    const [recorded, captured] = rows.value;
    expect(recorded).toMatchObject({ source: 'recorded' });
    expect(
      await writer.mark(captured!.id, {
        source: 'injected',
        fault: { ruleId: 'r2', effect: { kind: 'delay', ms: 2000 } },
      }),
    ).toBe(true);
    expect(rows.value[1]).toMatchObject({ source: 'injected', fault: { ruleId: 'r2' } });
    expect(await writer.mark(12345, { source: 'injected' })).toBe(false);
    // A reopened panel reads them back.
    const listed = await log.list();
    expect(listed.map((r) => [r.source, r.fault?.effect.kind])).toEqual([
      ['recorded', undefined],
      ['injected', 'delay'],
    ]);
    await expect(
      store.addCaptures(9, [{ ...prepareCapture(decoded(raw), raw, 3).input, source: 'forged' as never }]),
    ).rejects.toThrow(/source must be recorded or injected/);
    await expect(
      store.addCaptures(9, [
        {
          ...prepareCapture(decoded(raw), raw, 3).input,
          fault: { ruleId: 'r', effect: { kind: 'boom' } } as never,
        },
      ]),
    ).rejects.toThrow(/fault.effect.kind/);
    // Only the fields of the effect's kind are kept.
    const [id] = await store.addCaptures(9, [
      {
        ...prepareCapture(decoded(raw), raw, 4).input,
        fault: { ruleId: 'r', effect: { kind: 'http', status: 502, extra: 'x' } } as never,
      },
    ]);
    const kept = (await store.listCaptureSummaries(9)).find((s) => s.id === id);
    expect(kept?.fault).toEqual({ ruleId: 'r', effect: { kind: 'http', status: 502 } });
    store.close();
  });
});
