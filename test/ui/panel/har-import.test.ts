import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  readEntryAgain,
  readHarCalls,
  type ImportedCall,
  type ImportFile,
} from '../../../lib/ui/panel/har-import';
import { rawCallsToHar } from '../../../lib/cme/har';
import { importHar } from '../../../lib/ui/panel/export';
import { answers, apiCall, SESSION_START_MS } from '../../cme/factories';
import { harText, memoryFile, session } from './har-fixtures';

async function readAll(file: ImportFile, chunkBytes: number) {
  const calls: ImportedCall[] = [];
  const problems: string[] = [];
  const heads: number[] = [];
  const progress = await readHarCalls(file, {
    chunkBytes,
    onCalls: (c) => calls.push(...c),
    onProblem: (p) => problems.push(p),
    onHead: (pages) => heads.push(pages.size),
    yieldNow: async () => {},
  });
  return { calls, problems, heads, progress };
}

const summary = (c: { decoded: { action: string | null; code: string | null; requestId: string | null } }) =>
  `${c.decoded.action} ${c.decoded.code} ${c.decoded.requestId}`;

describe('streaming HAR import', () => {
  it('reads the same calls as a whole-text import, wherever the slices cut the file', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 12 }),
        fc.integer({ min: 1, max: 700 }),
        fc.constantFrom('素材', 'a"b\\c', '\u2028x', ''),
        async (n, chunkBytes, note) => {
          const text = harText(session(n, note));
          const whole = importHar(text);
          const file = memoryFile(text);
          const { calls, problems, heads, progress } = await readAll(file, chunkBytes);
          expect(calls.map(summary)).toEqual(whole.rows.map((r) => `${r.action} ${r.code} ${r.requestId}`));
          // Identity is attributed from the login, across slices.
          expect(calls.map((c) => c.decoded.user?.userId ?? null)).toEqual(whole.rows.map((r) => r.userId));
          expect(problems).toEqual([]);
          expect(heads).toEqual([0]);
          expect(progress).toEqual({ bytesRead: file.size, total: file.size, entries: n + 2 });
          // Each call's byte range is its entry: read again, it is the same call.
          const bytes = new TextEncoder().encode(text);
          for (const c of calls.slice(0, 3)) {
            const entry = JSON.parse(new TextDecoder().decode(bytes.slice(c.start, c.end))) as {
              request: { url: string };
            };
            expect(entry.request.url).toBe(c.raw.request.url);
            expect(await readEntryAgain(file, c.start, c.end)).toEqual(c.raw);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('says clearly what is wrong with a file that is not a HAR, and reads nothing of it', async () => {
    const cases: [string, RegExp][] = [
      ['', /the file is empty/],
      ['<html>hello</html>', /Not a HAR file: not a JSON object/],
      ['[{"log":1}]', /array, not an object/],
      ['{"log":{"version":"1.2"}}', /"log" has no "entries" array/],
      ['{"hello": "world"}', /no "log" object/],
      ['{"log":{"entries":[{"request":{"url":"x"}} garbage', /expected "," or "]"/],
    ];
    for (const [text, message] of cases) {
      await expect(readAll(memoryFile(text), 64)).rejects.toThrow(message);
    }
  });

  it('reads the pages before the entries, and ignores what follows them however long', async () => {
    const har = rawCallsToHar(session(3), { reveal: true });
    const pages = [
      { id: 'page_1', title: 'demo', startedDateTime: '2023-11-14T22:13:20.000Z', pageTimings: {} },
    ];
    const entries = har.log.entries.map((e) => ({ ...e, pageref: 'page_1' }));
    const tail = 'x'.repeat(9 * 1024 * 1024);
    const text = JSON.stringify({ log: { version: '1.2', pages, entries, comment: tail } });
    const { calls, heads } = await readAll(memoryFile(text), 1 << 20);
    expect(heads).toEqual([1]);
    expect(calls).toHaveLength(4);
    expect(calls[0]!.raw.page?.title).toBe('demo');
  });

  it('hands out the calls before a truncation, then says the file ends early', async () => {
    const text = harText(session(6));
    const cut = text.slice(0, Math.floor(text.length * 0.7));
    const calls: ImportedCall[] = [];
    await expect(
      readHarCalls(memoryFile(cut), {
        chunkBytes: 100,
        onCalls: (c) => calls.push(...c),
        yieldNow: async () => {},
      }),
    ).rejects.toThrow(/ends early \(truncated after \d+ entries\)/);
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.length).toBeLessThan(7);
  });

  it('skips an entry over the per-entry limit, or a string over the per-string limit, saying so', async () => {
    const huge = apiCall({
      startedAt: SESSION_START_MS + 100,
      answer: answers.paasOk({ Blob: 'x'.repeat(50_000) }),
    });
    const text = harText([...session(3), huge, apiCall({ startedAt: SESSION_START_MS + 200 })]);
    const read = async (limits: { maxEntryBytes: number; maxStringBytes: number }) => {
      const found: ImportedCall[] = [];
      const problems: string[] = [];
      await readHarCalls(memoryFile(text), {
        chunkBytes: 999,
        limits,
        onCalls: (c) => found.push(...c),
        onProblem: (p) => problems.push(p),
        yieldNow: async () => {},
      });
      return { found, problems };
    };
    const entry = await read({ maxEntryBytes: 20_000, maxStringBytes: 100_000 });
    // The login, three calls and the one after the huge entry; the page script is no CME call.
    expect(entry.found).toHaveLength(5);
    expect(entry.problems).toEqual([
      expect.stringMatching(/^entries\[5\]: entry of [\d.]+ KB not read: over the 19.5 KB limit per entry$/),
    ]);
    const string = await read({ maxEntryBytes: 20_000, maxStringBytes: 10_000 });
    expect(string.found).toHaveLength(6);
    expect(string.found[4]!.raw.response?.body?.text).toBe('');
    expect(string.problems).toEqual([
      expect.stringMatching(
        /^entries\[5\]: response.content.text \([\d.]+ KB\) not read: over the 9.8 KB limit per string$/,
      ),
    ]);
  });

  it('stops at the next slice once aborted, with the abort reason', async () => {
    const file = memoryFile(harText(session(40)));
    const ctl = new AbortController();
    let seen = 0;
    await expect(
      readHarCalls(file, {
        chunkBytes: 200,
        signal: ctl.signal,
        onCalls: (c) => (seen += c.length),
        onProgress: () => {
          if (seen > 0) ctl.abort('stop');
        },
        yieldNow: async () => {},
      }),
    ).rejects.toBe('stop');
    // The slice read ahead is the only one read after the abort.
    expect(file.reads).toBeLessThan(Math.ceil(file.size / 200) / 2);
  });

  it('reads an entry again from the file, and says so when the file changed', async () => {
    const text = harText(session(2));
    const file = memoryFile(text);
    const { calls } = await readAll(file, 1 << 20);
    const last = calls[calls.length - 1]!;
    expect(await readEntryAgain(file, last.start, last.end)).toEqual(last.raw);
    file.replace(text.slice(0, last.start + 10));
    await expect(readEntryAgain(file, last.start, last.end)).rejects.toThrow(/changed since it was imported/);
  });
});
