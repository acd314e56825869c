import { describe, expect, it, vi } from 'vitest';
import { replay } from '../../lib/background/call';
import { createHandlers } from '../../lib/background/handlers';
import {
  backgroundLogs,
  HISTORY_EVERY_MS,
  TOUCH_EVERY_MS,
  writeBehind,
} from '../../lib/background/write-behind';
import { popupSender } from '../protocol/fakes';
import { capturedRequest, fakeFetch, json, makeDeps, manualTimers } from './fakes';

describe('writeBehind', () => {
  it('writes what was noted within one period in one batch, merging notes of the same key', async () => {
    const written: Map<string, number>[] = [];
    const clock = manualTimers();
    const log = writeBehind<string, number>(async (batch) => written.push(new Map(batch)), {
      what: 'numbers',
      everyMs: 40,
      merge: Math.max,
      timers: clock.timers,
    });
    log.note('a', 10);
    log.note('b', 11);
    log.note('a', 12);
    log.note('a', 9);
    expect(written).toEqual([]);
    expect(clock.due.map((d) => d.ms)).toEqual([40]);
    clock.fire();
    await log.flush();
    expect(written).toEqual([
      new Map([
        ['a', 12],
        ['b', 11],
      ]),
    ]);
    log.note('b', 20);
    expect(clock.due).toHaveLength(2);
  });

  it('without merge the last note of a key wins', async () => {
    const write = vi.fn(async (batch: ReadonlyMap<string, string>) => batch.size);
    const log = writeBehind(write, { what: 'rows', everyMs: 40, timers: manualTimers().timers });
    log.note('r1', 'pending');
    log.note('r1', 'done');
    await log.flush();
    expect([...write.mock.calls[0]![0]]).toEqual([['r1', 'done']]);
  });

  it('flush writes at once and cancels the timer; with nothing noted it writes nothing', async () => {
    const write = vi.fn(async (batch: ReadonlyMap<string, number>) => batch.size);
    const clock = manualTimers();
    const log = writeBehind(write, { what: 'numbers', everyMs: 40, timers: clock.timers });
    await log.flush();
    expect(write).not.toHaveBeenCalled();
    log.note('a', 1);
    await log.flush();
    expect(write).toHaveBeenCalledTimes(1);
    expect(clock.due[0]!.cleared).toBe(true);
  });

  it('logs a failed write, and the next batch is written', async () => {
    const errors: unknown[] = [];
    const spy = vi.spyOn(console, 'error').mockImplementation((...args) => void errors.push(args));
    try {
      let fail = true;
      const write = vi.fn(async (batch: ReadonlyMap<string, number>) => {
        if (fail) throw new Error('disk full');
        return batch.size;
      });
      const log = writeBehind(write, { what: 'numbers', everyMs: 40, timers: manualTimers().timers });
      log.note('a', 1);
      await expect(log.flush()).resolves.toBeUndefined();
      expect(String(errors[0])).toContain('writing numbers failed');
      fail = false;
      log.note('a', 2);
      await log.flush();
      expect(write).toHaveBeenCalledTimes(2);
    } finally {
      spy.mockRestore();
    }
  });
});

describe('backgroundLogs', () => {
  it('waits HISTORY_EVERY_MS for rows and TOUCH_EVERY_MS for last uses, then writes each batch once', async () => {
    const clock = manualTimers();
    const completeHistories = vi.fn(async () => []);
    const touchTickets = vi.fn(async () => 0);
    const logs = backgroundLogs({ completeHistories, touchTickets }, clock.timers);
    const row = { ticketId: null, environment: 'e', actionClass: 'Team', action: 'DescribeTeams', url: 'u' };
    logs.history.note('h1', { row, result: { durationMs: 1 } });
    logs.history.note('h2', { row, result: { durationMs: 2 } });
    logs.touches.note('t1', 5);
    logs.touches.note('t1', 3);
    expect(clock.due.map((d) => d.ms)).toEqual([HISTORY_EVERY_MS, TOUCH_EVERY_MS]);
    await logs.flush();
    expect(completeHistories).toHaveBeenCalledWith([
      { row, result: { durationMs: 1 } },
      { row, result: { durationMs: 2 } },
    ]);
    expect(touchTickets).toHaveBeenCalledWith(new Map([['t1', 5]]));
  });

  it('a page’s request of the store sees the calls made before it: history rows and ticket order', async () => {
    const deps = makeDeps(fakeFetch(() => json({ Code: 'Success', Data: {} })).fetch);
    let now = deps.now() + 1000; // after the tickets were saved
    deps.now = () => now;
    for (const authorization of ['tf_first', 'tf_second']) {
      await deps.store.upsertTicketByAuthorization({
        authorization,
        environment: 'tencent',
        source: 'signature',
      });
    }
    const handlers = createHandlers(deps);
    const context = { sender: popupSender(), afterReply: (task: () => void) => task() };
    const tickets = async () => (await handlers['tickets.list']({}, context)).map((t) => t.authorization);
    const use = async (auth: string) => {
      now += 10;
      await replay(deps, { capture: capturedRequest(auth) });
    };
    await use('tf_first');
    expect(await tickets()).toEqual(['tf_first', 'tf_second']);
    await use('tf_second');
    expect(await tickets()).toEqual(['tf_second', 'tf_first']);
    expect(await handlers['history.list']({}, context)).toHaveLength(2);
    expect((await handlers['data.counts']({}, context)).history).toBe(2);
  });
});
