import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { HarReadError, readHarEntries, scanHarEntries, type HarEntryItem } from '../../lib/node/har-stream';

const FIXTURE = join(__dirname, '..', 'fixtures', 'chrome-export.har');
const dir = mkdtempSync(join(tmpdir(), 'har-stream-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Splits bytes into chunks of `size` (the last one shorter). */
function chunked(bytes: Uint8Array, size: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.subarray(i, i + size));
  return out;
}

async function collect(text: string | Uint8Array, chunkSize: number): Promise<HarEntryItem[]> {
  const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  const items: HarEntryItem[] = [];
  for await (const item of scanHarEntries(chunked(bytes, chunkSize))) items.push(item);
  return items;
}

/** Entries read, and the error that ended the scan (null when none). */
async function collectUntilError(
  text: string,
  chunkSize: number,
): Promise<{ items: unknown[]; error: unknown }> {
  const items: unknown[] = [];
  try {
    for await (const item of scanHarEntries(chunked(Buffer.from(text, 'utf8'), chunkSize)))
      items.push(item.entry);
    return { items, error: null };
  } catch (error) {
    return { items, error };
  }
}

const TRICKY_ENTRIES: unknown[] = [
  { request: { url: 'https://a/{x}?q="1"' }, note: 'braces } { ] [ and "quotes" inside strings' },
  { text: 'back\\slash \\" then a quote \\\\', deep: { a: [1, [2, [3, { b: '}' }]]] } },
  { cjk: '剪辑工作台 — 片头 "终版"', emoji: '🎬🎞️', escaped: '\u0000\u001f\u2028' },
  { '\\': '\\\\', '"': '"', '{': '}' },
  [],
  'a string entry',
  42,
  null,
  { empty: {}, list: [], t: true, f: false, n: -1.5e3 },
];

function harText(entries: unknown[], pretty: boolean, extraLog: Record<string, unknown> = {}): string {
  const har = {
    log: {
      version: '1.2',
      creator: { name: 'x', version: '1' },
      pages: [{ id: 'p', title: '{"[' }],
      ...extraLog,
      entries,
    },
  };
  return JSON.stringify(har, null, pretty ? 2 : undefined);
}

describe('scanHarEntries', () => {
  it.each([1, 2, 3, 7, 16, 64, 1 << 20])('yields every entry with chunks of %i bytes', async (size) => {
    for (const pretty of [false, true]) {
      const items = await collect(harText(TRICKY_ENTRIES, pretty), size);
      expect(items.map((i) => i.index)).toEqual(TRICKY_ENTRIES.map((_, i) => i));
      expect(items.map((i) => i.entry)).toEqual(TRICKY_ENTRIES);
    }
  });

  it('matches JSON.parse for random entries and random chunk sizes (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.jsonValue({ stringUnit: 'binary', maxDepth: 4 }), { maxLength: 6 }),
        fc.integer({ min: 1, max: 40 }),
        fc.boolean(),
        async (entries, size, pretty) => {
          const text = harText(entries, pretty);
          const items = await collect(text, size);
          expect(items.map((i) => i.entry)).toEqual(
            (JSON.parse(text) as { log: { entries: unknown[] } }).log.entries,
          );
        },
      ),
      { numRuns: 150 },
    );
  });

  it('finds log.entries wherever the keys come and skips look-alikes at other depths', async () => {
    const text = JSON.stringify({
      decoy: { log: { entries: ['not me'] } },
      entries: ['not me either'],
      log: { entries: [{ n: 1 }, { n: 2 }], pages: [{ entries: ['nested'] }], comment: 'after' },
      trailer: [1, 2, { '}': '{' }],
    });
    expect((await collect(text, 5)).map((i) => i.entry)).toEqual([{ n: 1 }, { n: 2 }]);
  });

  it('accepts escaped key spellings, a byte order mark and surrounding whitespace', async () => {
    const text = '\ufeff \n{"\\u006cog": {"entr\\u0069es": [ {"a": 1} ] } }\n\n';
    expect((await collect(text, 3)).map((i) => i.entry)).toEqual([{ a: 1 }]);
  });

  it('keeps multi-byte characters split across chunk boundaries intact', async () => {
    const entry = { s: '片'.repeat(50) + '🎬'.repeat(50) };
    for (const size of [1, 2, 5]) {
      expect((await collect(harText([entry], false), size))[0]?.entry).toEqual(entry);
    }
  });

  it('reads an entry much larger than the chunk size', async () => {
    const big = { response: { content: { text: `{\\"a\\":"${'x'.repeat(3_000_000)}` } } };
    const items = await collect(harText([big, { small: true }], false), 64 * 1024);
    expect(items).toHaveLength(2);
    expect(items[0]?.entry).toEqual(big);
  });

  it.each([
    ['an empty file', '', /empty/],
    ['plain text', 'hello world', /not a JSON object \(starts with "h"\)/],
    ['a JSON array', '[{"log":{}}]', /array, not an object/],
    ['an object without log', '{"a":1,"b":[{"c":"}"}]}', /no "log" object/],
    ['a log that is not an object', '{"log":[1]}', /"log" is not an object/],
    ['a log without entries', '{"log":{"version":"1.2"}}', /no "entries" array/],
    ['entries that are not an array', '{"log":{"entries":{"0":{}}}}', /"log.entries" is not an array/],
    ['an entry that is not JSON', '{"log":{"entries":[{"a":tru}]}}', /entries\[0\] is not valid JSON/],
    ['a mismatched bracket', '{"log":{"entries":[{"a":[1}]}}', /expected "\]" but found "}"/],
    ['data after the JSON', '{"log":{"entries":[]}} {}', /unexpected data after the JSON value/],
    ['a missing colon', '{"log" {"entries":[]}}', /expected ":"/],
    ['a trailing comma', '{"log":{"entries":[{},]}}', /expected a value but found "\]"/],
    ['JSON that ends early', '{"log":{"version":"1.2"', /ends early/],
  ])('rejects %s with a clear HarReadError', async (_name, text, message) => {
    for (const size of [1, 4, 1024]) {
      const { error } = await collectUntilError(text, size);
      expect(error).toBeInstanceOf(HarReadError);
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message).not.toContain('\n');
    }
  });

  it('yields the entries before a truncation, then reports it', async () => {
    const full = harText([{ n: 0 }, { n: 1 }, { n: 2 }], true);
    const cut = full.slice(0, full.indexOf('"n": 2'));
    for (const size of [3, 1 << 20]) {
      const { items, error } = await collectUntilError(cut, size);
      expect(items).toEqual([{ n: 0 }, { n: 1 }]);
      expect((error as Error).message).toMatch(/ends early \(truncated after 2 entries\)/);
    }
  });

  it('yields entries completed in the same chunk before a later error', async () => {
    const { items, error } = await collectUntilError('{"log":{"entries":[{"ok":1},{"bad":x}]}}', 1 << 20);
    expect(items).toEqual([{ ok: 1 }]);
    expect((error as Error).message).toMatch(/entries\[1\]/);
  });
});

describe('readHarEntries', () => {
  it.each([7, 1000, undefined])(
    'reads the Chrome fixture like JSON.parse (chunk size %s)',
    async (chunkSize) => {
      const expected = (JSON.parse(readFileSync(FIXTURE, 'utf8')) as { log: { entries: unknown[] } }).log
        .entries;
      const items: HarEntryItem[] = [];
      for await (const item of readHarEntries(FIXTURE, { chunkSize })) items.push(item);
      expect(items.map((i) => i.entry)).toEqual(expected);
      expect(items.map((i) => i.index)).toEqual(expected.map((_, i) => i));
    },
  );

  it('passes the file system error through for a missing file', async () => {
    const run = async (): Promise<void> => {
      for await (const _ of readHarEntries(join(dir, 'missing.har'))) void _;
    };
    await expect(run()).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('reports a file that is not a HAR', async () => {
    const path = join(dir, 'not-a-har.json');
    writeFileSync(path, JSON.stringify({ hello: 'world' }));
    const run = async (): Promise<void> => {
      for await (const _ of readHarEntries(path, { chunkSize: 4 })) void _;
    };
    await expect(run()).rejects.toThrow(HarReadError);
  });

  it('stops reading when the consumer stops early', async () => {
    const path = join(dir, 'many.har');
    writeFileSync(
      path,
      harText(
        Array.from({ length: 1000 }, (_, n) => ({ n })),
        true,
      ),
    );
    const seen: unknown[] = [];
    for await (const { entry } of readHarEntries(path, { chunkSize: 256 })) {
      seen.push(entry);
      if (seen.length === 3) break;
    }
    expect(seen).toEqual([{ n: 0 }, { n: 1 }, { n: 2 }]);
  });
});
