/**
 * Reconciliation: Firefox now and then never sends a request's finished event. After live CME events the
 * session reads the browser's HAR again and takes the CME calls it lists that were never taken — once,
 * only finished ones old enough for their event to have come, only of the current document.
 */
import { describe, expect, it, vi } from 'vitest';
import type { CapturedCall } from '../../lib/capture/capture-pipeline';
import { startCaptureSession } from '../../lib/capture/capture-session';
import { createAttributor } from '../../lib/cme/attribute';
import { apiCall, loginCall, SESSION_START_MS } from '../cme/factories';
import { fakeInspectedWindow, fakeNetwork, harEntryOf } from './fakes';

function session(now: number) {
  const network = fakeNetwork([]);
  const inspectedWindow = fakeInspectedWindow();
  // The document began before the session's calls.
  inspectedWindow.state.document = String(SESSION_START_MS - 60_000);
  const captured: CapturedCall[] = [];
  const timers: (() => void)[] = [];
  const clock = { now };
  const s = startCaptureSession({
    devtools: { network, inspectedWindow },
    decode: { attributor: createAttributor() },
    onCaptured: (c) => captured.push(c),
    onNewDocument: () => {},
    reconcile: { afterMs: 1500, now: () => clock.now, setTimer: (fn) => void timers.push(fn) },
  });
  /** Lets `quietMs` pass (events wait to be quiet), fires the pending timers, waits for what they started. */
  const fire = async (quietMs = 1500) => {
    clock.now += quietMs;
    const due = timers.splice(0);
    for (const fn of due) fn();
    await new Promise((r) => setTimeout(r, 5));
    await s.pipeline.idle();
  };
  return { s, network, captured, fire, clock, timers };
}

const actions = (captured: CapturedCall[]) => captured.map((c) => c.decoded.action);

describe('capture reconciliation', () => {
  it('takes a call whose finished event never came, once, with its body', async () => {
    const login = harEntryOf(loginCall({ startedAt: SESSION_START_MS }));
    const lost = harEntryOf(apiCall({ action: 'DescribeClass', startedAt: SESSION_START_MS + 10 }));
    const next = harEntryOf(apiCall({ action: 'CreateClass', startedAt: SESSION_START_MS + 20 }));
    const { s, network, captured, fire, timers } = session(SESSION_START_MS + 5000);
    await s.backfilled;
    network.finish(login);
    network.finish(next); // DescribeClass's event is lost
    await s.pipeline.idle();
    expect(actions(captured)).toEqual(['Login', 'CreateClass']);
    // One read per burst, not per event.
    expect(timers).toHaveLength(1);
    network.har = [login, lost, next];
    await fire();
    expect(actions(captured)).toEqual(['Login', 'CreateClass', 'DescribeClass']);
    expect(captured[2]!.decoded.code).toBe('Success');
    // Its event comes after all: not taken twice; nor is it taken again by a later read.
    network.finish(lost);
    network.finish(harEntryOf(apiCall({ action: 'ListMedia', startedAt: SESSION_START_MS + 30 })));
    network.har = [
      ...network.har,
      harEntryOf(apiCall({ action: 'ListMedia', startedAt: SESSION_START_MS + 30 })),
    ];
    await fire();
    expect(actions(captured)).toEqual(['Login', 'CreateClass', 'DescribeClass', 'ListMedia']);
    expect(s.trace().some((t) => t.what === 'missing: taken from the HAR' && t.on === 'DescribeClass')).toBe(
      true,
    );
  });

  it('looks again for a while after the last event: a call the HAR lists only later is taken too', async () => {
    const first = harEntryOf(apiCall({ action: 'DescribeClass', startedAt: SESSION_START_MS }));
    const later = harEntryOf(apiCall({ action: 'CreateClass', startedAt: SESSION_START_MS + 10 }));
    const { s, network, captured, fire, clock, timers } = session(SESSION_START_MS + 5000);
    await s.backfilled;
    network.finish(first);
    network.har = [first];
    await fire();
    expect(actions(captured)).toEqual(['DescribeClass']);
    // The browser lists the next call only now, and never announces it.
    network.har = [first, later];
    clock.now += 3000;
    await fire();
    expect(actions(captured)).toEqual(['DescribeClass', 'CreateClass']);
    // Half a minute after the last event it stops looking.
    clock.now += 40_000;
    await fire();
    expect(timers).toHaveLength(0);
  });

  it('leaves a call that just finished to its own event, and looks again', async () => {
    const first = harEntryOf(apiCall({ action: 'DescribeClass', startedAt: SESSION_START_MS }));
    const fresh = harEntryOf(apiCall({ action: 'CreateClass', startedAt: SESSION_START_MS + 10 }));
    // Once events are quiet, the fresh call finished only half a second before: its event may still come.
    const { s, network, captured, fire, clock, timers } = session(SESSION_START_MS + 10 + fresh.time - 1000);
    await s.backfilled;
    network.finish(first);
    network.har = [first, fresh];
    await fire();
    expect(actions(captured)).toEqual(['DescribeClass']);
    expect(timers).toHaveLength(1); // another look is scheduled
    clock.now += 2000;
    await fire();
    expect(actions(captured)).toEqual(['DescribeClass', 'CreateClass']);
  });

  it('takes no call of an earlier document, nor one still loading, nor a non-CME request', async () => {
    const { s, network, captured, fire } = session(SESSION_START_MS + 5000);
    await s.backfilled;
    const old = harEntryOf(apiCall({ action: 'Old', startedAt: SESSION_START_MS - 120_000 }));
    const loading = harEntryOf(apiCall({ action: 'Loading', startedAt: SESSION_START_MS + 5 }));
    loading.response.status = 0;
    const other = { ...harEntryOf(apiCall({ startedAt: SESSION_START_MS + 6 })) };
    other.request = { ...other.request, url: 'http://127.0.0.1:1/app.js' };
    const live = harEntryOf(apiCall({ action: 'ListMedia', startedAt: SESSION_START_MS + 7 }));
    network.finish(live);
    network.har = [old, loading, other, live];
    await fire();
    expect(actions(captured)).toEqual(['ListMedia']);
  });

  it('waits for live events to be quiet before it reads the HAR (a read during traffic stalls Firefox)', async () => {
    const { s, network, fire, timers } = session(SESSION_START_MS + 5000);
    let reads = 0;
    const getHAR = network.getHAR;
    network.getHAR = (...a: unknown[]) => {
      reads++;
      return getHAR(...a);
    };
    await s.backfilled;
    network.finish(harEntryOf(apiCall({ startedAt: SESSION_START_MS })));
    // The timer fires while events still come (500 ms after the last): no read, another timer.
    await fire(500);
    network.finish(harEntryOf(apiCall({ action: 'CreateClass', startedAt: SESSION_START_MS + 1 })));
    await fire(500);
    expect(reads).toBe(0);
    expect(timers).toHaveLength(1);
    await fire(1500);
    expect(reads).toBe(1);
  });

  it('gives live calls the page of their document, asked of the page (no HAR read during traffic)', async () => {
    const network = fakeNetwork([]);
    let reads = 0;
    const getHAR = network.getHAR;
    network.getHAR = (...a: unknown[]) => {
      reads++;
      return getHAR(...a);
    };
    const origin = SESSION_START_MS - 60_000.25;
    const inspectedWindow = {
      tabId: 7,
      eval: (...args: unknown[]) => {
        const cb = args[2] as (result: unknown) => void;
        const answer = String(args[0]).startsWith('JSON.stringify')
          ? JSON.stringify(['http://127.0.0.1:8787/demo', origin])
          : String(origin);
        setTimeout(() => cb(answer), 0);
      },
    };
    const captured: CapturedCall[] = [];
    const s = startCaptureSession({
      devtools: { network, inspectedWindow },
      decode: { attributor: createAttributor() },
      onCaptured: (c) => captured.push(c),
      onNewDocument: () => {},
      reconcile: { afterMs: 60_000, setTimer: () => undefined },
    });
    await s.backfilled;
    const before = reads;
    network.finish(harEntryOf(apiCall({ startedAt: SESSION_START_MS })));
    await new Promise((r) => setTimeout(r, 10));
    await s.pipeline.idle();
    expect(reads).toBe(before);
    expect(captured[0]!.raw.page).toMatchObject({
      title: 'http://127.0.0.1:8787/demo',
      startedDateTime: new Date(Math.round(origin)).toISOString(),
    });
  });

  it('reads nothing again when reconciliation is off', async () => {
    const network = fakeNetwork([]);
    let reads = 0;
    const getHAR = network.getHAR;
    network.getHAR = (...a: unknown[]) => {
      reads++;
      return getHAR(...a);
    };
    const s = startCaptureSession({
      devtools: { network, inspectedWindow: fakeInspectedWindow() },
      decode: { attributor: createAttributor() },
      onCaptured: () => {},
      onNewDocument: () => {},
    });
    await s.backfilled;
    const before = reads;
    vi.useFakeTimers();
    try {
      // With its page named, a live entry asks nothing of getHAR; only reconciliation would, later.
      network.finish({ ...harEntryOf(apiCall()), pageref: 'page_1' });
      await vi.advanceTimersByTimeAsync(30_000);
      expect(reads).toBe(before);
    } finally {
      vi.useRealTimers();
    }
  });
});
