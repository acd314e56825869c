import { describe, expect, it, vi } from 'vitest';
import { createHandlers } from '../../lib/background/handlers';
import { replay } from '../../lib/background/call';
import { createTicketTouches, TOUCH_EVERY_MS } from '../../lib/background/touches';
import { fakeFetch, json, makeDeps } from './fakes';
import { popupSender } from '../protocol/fakes';

/** Timers the test fires by hand. */
function manualTimers() {
  const due: { fn: () => void; ms: number; cleared: boolean }[] = [];
  return {
    due,
    timers: {
      setTimeout: (fn: () => void, ms: number) => {
        const entry = { fn, ms, cleared: false };
        due.push(entry);
        return entry;
      },
      clearTimeout: (handle: unknown) => void ((handle as { cleared: boolean }).cleared = true),
    },
    fire: () => due.filter((d) => !d.cleared).forEach((d) => ((d.cleared = true), d.fn())),
  };
}

describe('createTicketTouches', () => {
  it('writes the uses noted within one period together, the latest time per ticket', async () => {
    const written: Map<string, number>[] = [];
    const clock = manualTimers();
    const touches = createTicketTouches(
      { touchTickets: async (m) => (written.push(new Map(m)), m.size) },
      clock.timers,
    );
    touches.touch('a', 10);
    touches.touch('b', 11);
    touches.touch('a', 12);
    touches.touch('a', 9);
    expect(written).toEqual([]);
    expect(clock.due.map((d) => d.ms)).toEqual([TOUCH_EVERY_MS]);
    clock.fire();
    await touches.flush();
    expect(written).toEqual([
      new Map([
        ['a', 12],
        ['b', 11],
      ]),
    ]);
    touches.touch('b', 20);
    expect(clock.due).toHaveLength(2);
  });

  it('flush writes at once and cancels the timer; with nothing noted it writes nothing', async () => {
    const touchTickets = vi.fn(async (m: ReadonlyMap<string, number>) => m.size);
    const clock = manualTimers();
    const touches = createTicketTouches({ touchTickets }, clock.timers);
    await touches.flush();
    expect(touchTickets).not.toHaveBeenCalled();
    touches.touch('a', 1);
    await touches.flush();
    expect(touchTickets).toHaveBeenCalledTimes(1);
    expect(clock.due[0]!.cleared).toBe(true);
  });

  it('logs a failed write and goes on', async () => {
    const errors: unknown[] = [];
    const spy = vi.spyOn(console, 'error').mockImplementation((...args) => void errors.push(args));
    try {
      let fail = true;
      const touchTickets = vi.fn(async (m: ReadonlyMap<string, number>) => {
        if (fail) throw new Error('disk full');
        return m.size;
      });
      const touches = createTicketTouches({ touchTickets }, manualTimers().timers);
      touches.touch('a', 1);
      await expect(touches.flush()).resolves.toBeUndefined();
      expect(String(errors[0])).toContain('writing ticket uses failed');
      fail = false;
      touches.touch('a', 2);
      await touches.flush();
      expect(touchTickets).toHaveBeenCalledTimes(2);
    } finally {
      spy.mockRestore();
    }
  });

  it('tickets.list counts the calls just made: the ticket used last comes first', async () => {
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
    const list = async () => (await handlers['tickets.list']({}, context)).map((t) => t.authorization);
    const use = async (auth: string) => {
      now += 10;
      const url = `https://web-paas-api.cme.qcloud.com/PaaS/Team/DescribeTeams?auth=${auth}`;
      const request = { method: 'POST', url, headers: [], body: { text: '{}' } };
      await replay(deps, { capture: { startedAt: now, durationMs: 1, request, response: null } });
    };
    await use('tf_first');
    expect(await list()).toEqual(['tf_first', 'tf_second']);
    await use('tf_second');
    expect(await list()).toEqual(['tf_second', 'tf_first']);
  });
});
