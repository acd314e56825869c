/** Fixtures of the viewer's import tests: an in-memory file, a session of CME calls, its HAR text. */
import { rawCallsToHar } from '../../../lib/cme/har';
import type { RawCall } from '../../../lib/cme/types';
import type { ImportFile } from '../../../lib/ui/panel/har-import';
import { answers, apiCall, loginCall, makeRawCall, SESSION_START_MS } from '../../cme/factories';

/** A file over bytes, counting its reads; `failAt` makes reads from that offset on fail. */
export function memoryFile(text: string | Uint8Array, name = 'test.har', failAt = Infinity) {
  let bytes = typeof text === 'string' ? new TextEncoder().encode(text) : text;
  const file = {
    name,
    reads: 0,
    get size() {
      return bytes.length;
    },
    replace(next: string) {
      bytes = new TextEncoder().encode(next);
    },
    slice(start = 0, end = bytes.length) {
      return {
        arrayBuffer: async () => {
          file.reads++;
          if (start >= failAt) throw new DOMException('The file could not be read', 'NotReadableError');
          return bytes.slice(start, end).buffer;
        },
      };
    },
  };
  return file satisfies ImportFile;
}

/** A session of `n` CME calls (a login first, some failing, answers with Chinese text) and one page script. */
export function session(n: number, note = '素材'): RawCall[] {
  const calls: RawCall[] = [loginCall()];
  for (let i = 0; i < n; i++) {
    calls.push(
      apiCall({
        action: i % 3 === 0 ? 'DeleteMaterial' : 'ListMedia',
        startedAt: SESSION_START_MS + 10 + i,
        answer: i % 3 === 0 ? answers.paasError() : answers.paasOk({ Note: `${note} ${i} 🎬` }),
      }),
    );
  }
  calls.splice(
    2,
    0,
    makeRawCall({ startedAt: SESSION_START_MS + 5, request: { url: 'https://example.com/app.js' } }),
  );
  return calls;
}

export const harText = (calls: RawCall[]) => JSON.stringify(rawCallsToHar(calls, { reveal: true }), null, 1);
