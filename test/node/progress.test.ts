import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { rawCallsToHar } from '../../lib/cme/har';
import type { RawCall } from '../../lib/cme/types';
import { inspectHar } from '../../lib/node/inspect';
import { createProgress, progressText } from '../../lib/node/progress';
import { redactFile } from '../../lib/node/redact';

/** A terminal (or not) that records what is written, and a clock that moves `stepMs` per reading. */
function fakeTerminal(isTTY: boolean) {
  const writes: string[] = [];
  return { writes, stream: { isTTY, columns: 200, write: (c: string) => void writes.push(c) } };
}
function steppingClock(stepMs: number): () => number {
  let t = 1_700_000_000_000;
  return () => (t += stepMs);
}
const ERASE = '\r\x1b[K';

function call(i: number): RawCall {
  return {
    startedAt: 1_700_000_000_000 + i,
    durationMs: 10,
    request: {
      method: 'POST',
      url: `https://web-paas-api.cme.qcloud.com/PaaS/Material/DescribeClass?auth=tf_${'a'.repeat(30)}`,
      headers: [],
      body: { text: '{"Platform":"p","Owner":{"Type":"PERSON","Id":"u"}}' },
    },
    response: {
      status: 200,
      headers: [],
      body: {
        text: `{"Code":"Success","Message":"ok","RequestId":"r${i}","Data":{}}`,
        mimeType: 'application/json',
      },
    },
  };
}

const dir = mkdtempSync(join(tmpdir(), 'cme-progress-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const har = join(dir, 'calls.har');
writeFileSync(
  har,
  JSON.stringify(
    rawCallsToHar(
      Array.from({ length: 40 }, (_, i) => call(i)),
      { reveal: true },
    ),
  ),
);

describe('createProgress', () => {
  it('stays silent for the first second, then writes at most one line per interval, erased at the end', () => {
    const term = fakeTerminal(true);
    let now = 0;
    const p = createProgress({ stream: term.stream, now: () => now, total: 1e8, label: 'inspect' });
    for (now = 0; now < 1000; now += 100) p.update(now * 1000, 1);
    expect(term.writes).toEqual([]);
    for (now = 1000; now <= 2000; now += 50) p.update(now * 10_000, 7);
    // 1000, 1250, 1500, 1750, 2000: five lines in one second at 50 ms updates.
    expect(term.writes).toHaveLength(5);
    expect(term.writes.every((w) => w.startsWith(ERASE))).toBe(true);
    expect(term.writes[4]).toBe(`${ERASE}inspect: 20.0 of 100.0 MB (20%), 7 CME calls, 10 MB/s`);
    p.done();
    expect(term.writes.at(-1)).toBe(ERASE);
  });

  it('writes nothing when the stream is not a terminal, however long the work', () => {
    const term = fakeTerminal(false);
    let now = 0;
    const p = createProgress({ stream: term.stream, now: () => now, total: 10, label: 'inspect' });
    for (now = 0; now < 10_000; now += 300) p.update(1, 1);
    p.done();
    expect(term.writes).toEqual([]);
  });

  it('erases nothing at the end of short work', () => {
    const term = fakeTerminal(true);
    const p = createProgress({ stream: term.stream, now: () => 5, total: 10, label: 'redact' });
    p.update(5, 1);
    p.done();
    expect(term.writes).toEqual([]);
  });

  it('cuts the line to the terminal width', () => {
    const term = fakeTerminal(true);
    term.stream.columns = 30;
    let now = 0;
    const p = createProgress({ stream: term.stream, now: () => now, total: 1e9, label: 'inspect' });
    now = 5000;
    p.update(5e8, 123_456);
    expect(term.writes[0]!.slice(ERASE.length)).toHaveLength(29);
    expect(term.writes[0]!.endsWith('…')).toBe(true);
  });

  it('takes a terminal that gives no width as 80 columns', () => {
    const term = fakeTerminal(true);
    term.stream.columns = 0;
    let now = 0;
    const p = createProgress({ stream: term.stream, now: () => now, total: 1e9, label: 'inspect' });
    now = 5000;
    p.update(5e8, 123_456);
    expect(term.writes[0]).toBe(`${ERASE}inspect: 500.0 of 1,000.0 MB (50%), 123,456 CME calls, 100 MB/s`);
  });

  it('gives no share of a size it does not know (a pipe)', () => {
    expect(progressText('inspect', 3e6, 0, 2, 1000)).toBe('inspect: 3.0 MB read, 2 CME calls, 3 MB/s');
  });

  it('says the stage and counts with grouping', () => {
    expect(progressText('redact', 1.5e9, 2e9, 12_345, 10_000, 'writing', ['entry', 'entries'])).toBe(
      'redact (writing): 1,500.0 of 2,000.0 MB (75%), 12,345 entries, 150 MB/s',
    );
  });
});

describe('inspect and redact show progress on a terminal only', () => {
  it('inspect: lines of bytes, calls and rate on stderr, erased before the end; stdout untouched', async () => {
    const term = fakeTerminal(true);
    const out: string[] = [];
    const code = await inspectHar(
      har,
      { json: true, chunkSize: 512 },
      { stdout: { write: (c: string) => void out.push(c) }, stderr: term.stream, now: steppingClock(400) },
    );
    expect(code).toBe(0);
    const lines = term.writes.filter((w) => w !== ERASE);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.at(-1)).toMatch(
      // eslint-disable-next-line no-control-regex
      /^\r\x1b\[Kinspect: [\d.]+ of [\d.]+ MB \(\d+%\), \d+ CME calls?, \d+ MB\/s$/,
    );
    expect(term.writes.at(-1)).toBe(ERASE);
    expect(out.join('').split('\n').filter(Boolean)).toHaveLength(40);
    expect(out.join('')).not.toContain('\x1b');
  });

  it('inspect: output to a pipe leaves the line up; output to the terminal erases it first', async () => {
    // Enough calls for the output to be written in several blocks while the work runs.
    const many = join(dir, 'many.har');
    const calls = Array.from({ length: 400 }, (_, i) => call(i));
    writeFileSync(many, JSON.stringify(rawCallsToHar(calls, { reveal: true })));
    for (const stdoutIsTTY of [false, true]) {
      const events: string[] = [];
      const stderr = { isTTY: true, write: (c: string) => void events.push(c === ERASE ? 'erase' : 'line') };
      const stdout = { isTTY: stdoutIsTTY, write: () => void events.push('out') };
      await inspectHar(many, { json: true, chunkSize: 4096 }, { stdout, stderr, now: steppingClock(400) });
      const outs = events.flatMap((e, i) => (e === 'out' ? [i] : []));
      expect(outs.length).toBeGreaterThan(1);
      // Every block of output but the last comes while the work runs, after a line was shown.
      const before = outs.slice(0, -1).map((i) => events[i - 1]);
      expect(new Set(before)).toEqual(new Set([stdoutIsTTY ? 'erase' : 'line']));
    }
  });

  it('inspect: nothing on stderr when it is not a terminal', async () => {
    const term = fakeTerminal(false);
    const code = await inspectHar(
      har,
      { json: true, chunkSize: 512 },
      { stdout: { write: () => undefined }, stderr: term.stream, now: steppingClock(400) },
    );
    expect(code).toBe(0);
    expect(term.writes).toEqual([]);
  });

  it('redact: both passes named, erased before its summary line', async () => {
    const term = fakeTerminal(true);
    const code = await redactFile(
      har,
      { out: join(dir, 'out.har'), chunkSize: 512 },
      { stdout: { write: () => undefined }, stderr: term.stream, now: steppingClock(400) },
    );
    expect(code).toBe(0);
    const text = term.writes.join('');
    expect(text).toContain('redact (finding secrets): ');
    expect(text).toContain('redact (writing): ');
    const summary = term.writes.findIndex((w) => w.includes('40 entries written'));
    expect(summary).toBeGreaterThan(0);
    expect(term.writes[summary - 1]).toBe(ERASE);
  });
});
