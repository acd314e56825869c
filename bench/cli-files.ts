/**
 * The CLI benchmark's input files, written entry by entry to disk (never whole in memory): a HAR of
 * synthetic CME traffic of a given size, the same HAR repeated to a larger size, and a HAR with one huge
 * answer.
 */
import { closeSync, createReadStream, openSync, statSync, writeSync } from 'node:fs';
import { rawCallsToHar } from '../lib/cme/har';
import { syntheticCalls } from './synthetic';

const HEAD =
  '{"log":{"version":"1.2","creator":{"name":"WebInspector","version":"537.36"},"pages":[],"entries":[';
const TAIL = ']}}';

/** Writes a HAR of about `targetMb` MB of synthetic calls; returns its size in bytes. */
export function writeHar(path: string, targetMb: number): number {
  const fd = openSync(path, 'w');
  writeSync(fd, HEAD);
  let bytes = 0;
  let first = true;
  for (let batch = 0; bytes < targetMb * 1e6; batch++) {
    const har = rawCallsToHar(syntheticCalls(500, batch + 1), { reveal: true }) as {
      log: { entries: unknown[] };
    };
    for (const e of har.log.entries) {
      const text = (first ? '' : ',') + JSON.stringify(e);
      first = false;
      writeSync(fd, text);
      bytes += Buffer.byteLength(text);
      if (bytes >= targetMb * 1e6) break;
    }
  }
  writeSync(fd, TAIL);
  closeSync(fd);
  return statSync(path).size;
}

/**
 * Writes a HAR whose entries are those of `source` (a file `writeHar` wrote) repeated until the file holds
 * at least `targetBytes`, streaming the copy; returns its size in bytes.
 */
export async function writeRepeatedHar(source: string, path: string, targetBytes: number): Promise<number> {
  const size = statSync(source).size;
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, HEAD);
    let written = HEAD.length;
    for (let round = 0; written < targetBytes; round++) {
      if (round > 0) written += writeSync(fd, ',');
      const body = createReadStream(source, { start: HEAD.length, end: size - TAIL.length - 1 });
      for await (const chunk of body as AsyncIterable<Buffer>) written += writeSync(fd, chunk);
    }
    writeSync(fd, TAIL);
  } finally {
    closeSync(fd);
  }
  return statSync(path).size;
}

/** Writes a HAR of one CME call whose answer (a JSON text) is `answerMb` MB; returns its size in bytes. */
export function writeHugeEntryHar(path: string, answerMb: number): number {
  const [call] = syntheticCalls(2, 3).slice(1);
  const har = rawCallsToHar([call!], { reveal: true }) as unknown as {
    log: { entries: Record<string, unknown>[] };
  };
  const marker = '\u0001HUGE\u0001';
  const entry = har.log.entries[0]!;
  (entry.response as { content: Record<string, unknown> }).content.text =
    `{"Code":"Success","Message":"成功","RequestId":"req-huge","Data":{"Blob":"${marker}"}}`;
  const [before, after] = JSON.stringify(entry).split(JSON.stringify(marker).slice(1, -1)) as [
    string,
    string,
  ];
  const fd = openSync(path, 'w');
  writeSync(fd, HEAD + before);
  const block = 'abcdefghij'.repeat(100_000); // 1 MB
  for (let i = 0; i < answerMb; i++) writeSync(fd, block);
  writeSync(fd, after + TAIL);
  closeSync(fd);
  return statSync(path).size;
}
