/** The panel's capture write loop on its own, with a log that records what it was asked and when. */
import { signal } from '@preact/signals';
import { describe, expect, it } from 'vitest';
import type { CaptureInput } from '../../../lib/store';
import { manualScheduler, streamScheduler } from '../../../lib/ui/panel/frame';
import type { CaptureLog } from '../../../lib/ui/panel/log';
import { createLogWriter, inTimeOrder } from '../../../lib/ui/panel/log-writer';
import type { PanelRow } from '../../../lib/ui/panel/rows';
import { apiCall, SESSION_START_MS } from '../../cme/factories';
import { deferred } from '../popup/fakes';
import { decoded, makeRow } from './fixtures';

function call(i = 0) {
  const raw = apiCall({ action: 'ListMedia', startedAt: SESSION_START_MS + i });
  return { raw, decoded: decoded(raw, i) };
}

/** A writable log in memory that records its operations in order; `gate` holds the next add. */
function recordingLog(listed: PanelRow[] = []) {
  const ops: string[] = [];
  const stored: CaptureInput[] = [];
  let gate: Promise<void> | null = null;
  const log: CaptureLog & { ops: string[]; stored: CaptureInput[]; hold(g: Promise<void>): void } = {
    writable: true,
    ops,
    stored,
    hold: (g) => (gate = g),
    list: async () => (ops.push('list'), listed.slice()),
    add: async (items) => {
      ops.push(`add ${items.length}`);
      const g = gate;
      gate = null;
      if (g) await g;
      stored.push(...items);
      ops.push('added');
      return items.map((_, i) => stored.length - items.length + i + 1);
    },
    body: async () => undefined,
    clear: async () => {
      ops.push('clear');
      stored.length = 0;
    },
    trim: async (max) => (ops.push(`trim ${max}`), 0),
  };
  return log;
}

function writerOver(log: CaptureLog, maxEntries = 100) {
  const rows = signal<readonly PanelRow[]>([]);
  const error = signal<string | null>(null);
  const schedule = manualScheduler();
  const writer = createLogWriter({ log, maxEntries, schedule, rows, error });
  return { writer, rows, error, schedule };
}

describe('panel log writer', () => {
  it('over a stream scheduler, writes a burst of calls in one transaction once the stream pauses', async () => {
    const log = recordingLog();
    let now = 0;
    let timers: { at: number; cb: () => void }[] = [];
    const advance = (ms: number) => {
      now += ms;
      const due = timers.filter((t) => t.at <= now);
      timers = timers.filter((t) => t.at > now);
      for (const t of due) t.cb();
    };
    const frames = manualScheduler();
    const schedule = streamScheduler(frames, 40, 250, {
      now: () => now,
      setTimeout: (cb, ms) => void timers.push({ at: now + ms, cb }),
    });
    const rows = signal<readonly PanelRow[]>([]);
    const writer = createLogWriter({ log, maxEntries: 100, schedule, rows, error: signal(null) });
    // 20 calls 5 ms apart: each joins the batch already scheduled.
    for (let i = 0; i < 20; i++) {
      writer.add(call(i));
      advance(5);
    }
    expect(frames.pending()).toBe(0);
    advance(40);
    expect(frames.pending()).toBe(1);
    frames.flush();
    await writer.flush();
    expect(log.ops).toEqual(['add 20', 'added']);
    expect(rows.value).toHaveLength(20);
  });

  it('clears only after a write in flight, and lists nothing of that write', async () => {
    const log = recordingLog();
    const { writer, rows, schedule } = writerOver(log);
    const gate = deferred<void>();
    log.hold(gate.promise);
    writer.add(call(0));
    schedule.flush();
    await Promise.resolve();
    expect(log.ops).toEqual(['add 1']);
    const cleared = writer.clear();
    expect(rows.value).toEqual([]);
    gate.resolve();
    await cleared;
    await writer.flush();
    expect(log.ops).toEqual(['add 1', 'added', 'clear']);
    expect(log.stored).toEqual([]);
    expect(rows.value).toEqual([]);
    writer.add(call(1));
    schedule.flush();
    await writer.flush();
    expect(rows.value.map((r) => r.seq)).toEqual([1]);
  });

  it('reads the newest rows up to the cap, trims a writable log, and numbers after the last', async () => {
    const listed = [1, 2, 3, 4].map((id) => makeRow({ id, seq: id }));
    const log = recordingLog(listed);
    const { writer, rows, schedule } = writerOver(log, 2);
    const kept = await writer.read();
    expect(kept.map((r) => r.id)).toEqual([3, 4]);
    writer.add(call(0));
    schedule.flush();
    await writer.flush();
    expect(log.ops).toEqual(['list', 'trim 2', 'add 1', 'added']);
    // read() leaves the rows to the store; the writer appends to what is listed, capped.
    expect(rows.value.map((r) => r.seq)).toEqual([5]);
  });

  it('writes to the replacing log from then on, and drops what was queued for the old one', async () => {
    const old = recordingLog();
    const next = recordingLog();
    const { writer, schedule } = writerOver(old);
    writer.add(call(0));
    writer.replace(next);
    expect(writer.current()).toBe(next);
    schedule.flush();
    await writer.flush();
    writer.add(call(1));
    schedule.flush();
    await writer.flush();
    expect(old.ops).toEqual([]);
    expect(next.stored).toHaveLength(1);
  });
});

describe('inTimeOrder', () => {
  const at = (id: number, startedAt: number) => makeRow({ id, seq: id, startedAt });
  it('appends rows in order with one concat, and puts a late one after those that started with it', () => {
    const list = [at(1, 10), at(2, 20), at(3, 20)];
    expect(inTimeOrder(list, [at(4, 20), at(5, 30)]).map((r) => r.id)).toEqual([1, 2, 3, 4, 5]);
    expect(inTimeOrder(list, [at(6, 15), at(7, 5), at(8, 25)]).map((r) => r.id)).toEqual([7, 1, 6, 2, 3, 8]);
    expect(inTimeOrder([], [at(2, 20), at(1, 10)]).map((r) => r.id)).toEqual([1, 2]);
    // The list given is never changed.
    expect(list.map((r) => r.id)).toEqual([1, 2, 3]);
  });
});
