/**
 * Streams the entries of a HAR file without holding the whole file: reads it in chunks, scans the bytes
 * for `log.entries` and parses one entry at a time. Peak memory is about one chunk plus one entry, and one
 * entry is bounded: a string over `maxStringBytes` is not kept (the item lists it in `omitted`), an entry
 * over `maxEntryBytes` is not parsed (the item has `tooLarge`).
 */
import { createReadStream } from 'node:fs';
import { createHarScanner, type HarEntryItem, type HarScanLimits } from '../har/har-scanner';

export {
  DEFAULT_MAX_ENTRY_BYTES,
  DEFAULT_MAX_STRING_BYTES,
  formatBytes,
  HarReadError,
  type HarEntryItem,
  type HarScanLimits,
  type OmittedString,
} from '../har/har-scanner';

/** Options of `readHarEntries`; `chunkSize` is for tests (entries spanning many chunks). */
export interface HarStreamOptions extends HarScanLimits {
  /** Bytes per read; default `HAR_CHUNK_BYTES`. */
  chunkSize?: number;
  /** Called at the end with the bytes outside log.entries (kept up to `maxOutsideBytes`). */
  onOutside?: (bytes: Buffer) => void;
  /** Called as each chunk arrives, with the bytes read so far (for a progress line). */
  onBytes?: (bytesRead: number) => void;
}

/**
 * Bytes per read of a HAR for `inspect`. Each chunk is memory outside V8's heap that lives until a
 * collection finds it unreferenced, and V8 collects for it only after tens of MB of it: smaller chunks lower
 * the peak (`redact` reads 256 KB at a time, see REDACT_CHUNK_BYTES) but cost inspect 2–4 % of its speed.
 */
export const HAR_CHUNK_BYTES = 1024 * 1024;

/** Reads the entries of a HAR file one at a time. Throws HarReadError (not a HAR) or the fs error. */
export async function* readHarEntries(
  path: string,
  opts: HarStreamOptions = {},
): AsyncGenerator<HarEntryItem> {
  const stream = createReadStream(path, { highWaterMark: opts.chunkSize ?? HAR_CHUNK_BYTES });
  try {
    yield* scanHarEntries(stream as AsyncIterable<Buffer>, opts);
  } finally {
    stream.destroy();
  }
}

/** Scans HAR bytes arriving in chunks and yields each entry of `log.entries`, parsed. */
export async function* scanHarEntries(
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  opts: Omit<HarStreamOptions, 'chunkSize'> = {},
): AsyncGenerator<HarEntryItem> {
  const scanner = createHarScanner({ decodeUtf8: bufferUtf8, ...opts });
  const out: HarEntryItem[] = [];
  let bytesRead = 0;
  for await (const chunk of chunks) {
    bytesRead += chunk.length;
    opts.onBytes?.(bytesRead);
    let failure: unknown = null;
    try {
      scanner.push(chunk, out);
    } catch (err) {
      failure = err;
    }
    // Entries completed before a failure in the same chunk are still handed out, in order.
    for (const item of out) yield item;
    out.length = 0;
    if (failure !== null) throw failure;
  }
  scanner.end();
  const outside = scanner.outside();
  opts.onOutside?.(Buffer.from(outside.buffer, outside.byteOffset, outside.byteLength));
}

/** UTF-8 bytes to text through Buffer (faster in Node than TextDecoder, the scanner's default). */
function bufferUtf8(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
}
