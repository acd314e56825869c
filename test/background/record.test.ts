import { describe, expect, it } from 'vitest';
import { PENDING_AFTER_MS, startRecord } from '../../lib/background/record';
import type { HistoryStart } from '../../lib/store';
import { fakeFetch, loggedHistory, makeDeps, manualTimers } from './fakes';

const row: HistoryStart = {
  ticketId: null,
  environment: 'tencent',
  actionClass: 'Team',
  action: 'DescribeTeams',
  url: 'https://web-paas-api.cme.qcloud.com/PaaS/Team/DescribeTeams?auth=tf_x',
};

const deps = () => makeDeps(fakeFetch(() => new Response('{}')).fetch, 1_700_000_000_000);

describe('startRecord', () => {
  it('writes nothing until the call is over or has run PENDING_AFTER_MS', async () => {
    const d = deps();
    const { timers, due } = manualTimers();
    const record = startRecord(d, row, timers);
    expect(due[0]?.ms).toBe(PENDING_AFTER_MS);
    await new Promise((r) => setTimeout(r, 10));
    expect(await d.store.listHistory()).toEqual([]);
    await record.finish({ durationMs: 3, httpStatus: 200, code: 'Success' });
    expect(due[0]?.cleared).toBe(true);
    expect(await loggedHistory(d)).toEqual([
      expect.objectContaining({ id: record.id, status: 'done', startedAt: 1_700_000_000_000 }),
    ]);
  });

  it('a slow call is pending first, then finished under the same id', async () => {
    const d = deps();
    const { timers, fire } = manualTimers();
    const record = startRecord(d, row, timers);
    fire();
    await expect.poll(async () => (await d.store.listHistory())[0]?.status).toBe('pending');
    await record.finish({ durationMs: 900, error: 'Timed out after 900 ms' });
    const rows = await loggedHistory(d);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: record.id, status: 'failed', error: 'Timed out after 900 ms' });
  });

  it('a row still being worked out when the call ends is written once, finished', async () => {
    const d = deps();
    const { timers, fire } = manualTimers();
    let resolveRow!: (r: HistoryStart) => void;
    const record = startRecord(d, new Promise<HistoryStart>((r) => (resolveRow = r)), timers);
    fire(); // the timer ran, but the row was not known yet
    const finished = record.finish({ durationMs: 150, httpStatus: 200, code: 'Success' });
    resolveRow({ ...row, ticketId: 't1' });
    await finished;
    await new Promise((r) => setTimeout(r, 10));
    const rows = await loggedHistory(d);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: record.id, status: 'done', ticketId: 't1' });
  });
});
