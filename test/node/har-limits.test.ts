import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { scanHarEntries, type HarEntryItem } from '../../lib/node/har-stream';
import { inspectHar } from '../../lib/node/inspect';

function chunked(bytes: Uint8Array, size: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.subarray(i, i + size));
  return out;
}

async function scan(
  text: string,
  chunkSize: number,
  limits: { maxStringBytes?: number; maxEntryBytes?: number; maxOutsideBytes?: number },
): Promise<{ items: HarEntryItem[]; outside: string }> {
  const items: HarEntryItem[] = [];
  let outside = '';
  const opts = { ...limits, onOutside: (b: Buffer) => (outside = b.toString('utf8')) };
  for await (const item of scanHarEntries(chunked(Buffer.from(text, 'utf8'), chunkSize), opts))
    items.push(item);
  return { items, outside };
}

/** The entry as the scanner should give it: every string value (not key) longer than `max` bytes of JSON read as "". */
/**
 * One order for omitted strings: two can share a path (a key "" adds no segment: `{"text":…,"":{"text":…}}`),
 * and a comparator without a tie-break sorted such twins differently on each side (seed 869094429).
 */
function byPathThenBytes(a: { path: string; bytes: number }, b: { path: string; bytes: number }): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : a.bytes - b.bytes;
}

function expected(
  value: unknown,
  max: number,
  path = '',
  omitted: { path: string; bytes: number }[] = [],
): unknown {
  const size = (s: string): number => Buffer.byteLength(JSON.stringify(s), 'utf8') - 2;
  if (typeof value === 'string') {
    if (size(value) <= max) return value;
    omitted.push({ path: path === '' ? '(the entry)' : path, bytes: size(value) });
    return '';
  }
  if (Array.isArray(value)) return value.map((v, i) => expected(v, max, `${path}[${i}]`, omitted));
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value))
      out[k] = expected(v, max, path === '' ? k : `${path}.${k}`, omitted);
    return out;
  }
  return value;
}

const strings = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.constantFrom('"', '\\', '\\"', '{"a":"}"}', '\u001b]0;x\u0007', '剪辑'),
);
const json = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    strings,
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(fc.constantFrom('a', 'text', 'url'), strings), tie('value'), { maxKeys: 4 }),
  ),
})).value;

describe('per-entry bounds of the HAR scanner', () => {
  it('reads every string over the limit as "" and says where it was and how long, at any chunking', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(json, { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 1, max: 64 }),
        fc.integer({ min: 0, max: 24 }),
        fc.boolean(),
        async (entries, chunkSize, max, pretty) => {
          const har = { log: { version: '1.2', pages: [{ title: 'p' }], entries } };
          const text = JSON.stringify(har, null, pretty ? 2 : undefined);
          const { items, outside } = await scan(text, chunkSize, {
            maxStringBytes: max,
            maxEntryBytes: 1 << 20,
            maxOutsideBytes: 1 << 20,
          });
          expect(items.map((i) => i.index)).toEqual(entries.map((_, i) => i));
          entries.forEach((e, i) => {
            const omitted: { path: string; bytes: number }[] = [];
            const want = expected(e, max, '', omitted);
            expect(items[i]!.entry).toEqual(want);
            if (omitted.length === 0) expect(items[i]!.omitted).toBeUndefined();
            else expect([...items[i]!.omitted!].sort(byPathThenBytes)).toEqual(omitted.sort(byPathThenBytes));
          });
          // What is outside log.entries is kept byte for byte; with empty entries it is the same HAR.
          expect(JSON.parse(outside)).toEqual({ log: { ...har.log, entries: [] } });
        },
      ),
      { numRuns: 500 },
    );
  });

  it('skips an entry over the per-entry limit, saying how large it was, and reads the next', async () => {
    const big = { request: { url: 'https://x/' }, parts: Array.from({ length: 50 }, () => 'y'.repeat(100)) };
    const small = { request: { url: 'https://z/' } };
    const text = JSON.stringify({ log: { entries: [big, small] } });
    for (const chunkSize of [7, 64, 1 << 20]) {
      const { items } = await scan(text, chunkSize, { maxStringBytes: 1000, maxEntryBytes: 2000 });
      const bigBytes = Buffer.byteLength(JSON.stringify(big));
      const at = '{"log":{"entries":['.length;
      // Each item says where its entry sits in the file (the viewer reads it again from there).
      expect(items).toEqual([
        { index: 0, entry: undefined, tooLarge: bigBytes, start: at, end: at + bigBytes },
        {
          index: 1,
          entry: small,
          start: at + bigBytes + 1,
          end: at + bigBytes + 1 + JSON.stringify(small).length,
        },
      ]);
    }
  });
});

describe('inspect within the per-entry bounds', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cme-bounds-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function inspect(file: string, opts: Parameters<typeof inspectHar>[1]) {
    let stdout = '';
    let stderr = '';
    const code = await inspectHar(file, opts, {
      stdout: { write: (s: string) => ((stdout += s), true) },
      stderr: { write: (s: string) => ((stderr += s), true) },
    });
    return { code, stdout, stderr };
  }

  const call = (body: string) => ({
    startedDateTime: '2024-05-20T08:30:00.000Z',
    time: 5,
    request: {
      method: 'POST',
      url: 'https://web-paas-api.cme.qcloud.com/PaaS/Material/ListMedia?auth=tf_0123456789abcdef0123456789ab27ec',
      headers: [],
    },
    response: {
      status: 200,
      headers: [],
      content: { size: body.length, mimeType: 'application/json', text: body },
    },
  });

  it('does not keep a body over the default 16 MB limit, and says so on stderr and in --json', async () => {
    const file = join(dir, 'big.har');
    const body = JSON.stringify({ Code: 'Success', Data: 'x'.repeat(17 * 1024 * 1024) });
    writeFileSync(file, JSON.stringify({ log: { entries: [call('{"Code":"Success"}'), call(body)] } }));
    const { code, stdout, stderr } = await inspect(file, { json: true });
    expect(code).toBe(0);
    expect(stderr).toBe(
      `cme-devtools: ${file}: entry 1: response.content.text (17.0 MB) not read: over the 16 MB limit per string\n`,
    );
    const records = stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { index: number; problems: string[] });
    expect(records.map((r) => r.index)).toEqual([0, 1]);
    expect(records[1]!.problems[0]).toBe(
      'response.content.text (17.0 MB) not read: over the 16 MB limit per string',
    );
  });

  it('skips an entry over the per-entry limit with a line on stderr, and reads the rest', async () => {
    const file = join(dir, 'wide.har');
    const wide = { ...call('{"Code":"Success"}'), parts: Array.from({ length: 100 }, () => 'y'.repeat(100)) };
    writeFileSync(file, JSON.stringify({ log: { entries: [wide, call('{"Code":"Success"}')] } }));
    const { code, stdout, stderr } = await inspect(file, { maxEntryBytes: 4096, chunkSize: 1000 });
    expect(code).toBe(0);
    expect(stderr).toMatch(/entry 0: Entry of 1\d\.\d KB not read: over the 4 KB limit per entry\n$/);
    expect(stdout.trimEnd().split('\n').at(-1)).toBe('1 CME call in 2 entries');
  });
});
