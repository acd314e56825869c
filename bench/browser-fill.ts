/**
 * Bundled (bench/browser-ext.ts) and run inside one of our extension pages: fills a tab's capture log
 * in IndexedDB with synthetic CME calls, decoded and prepared as the panel prepares what it captures.
 */
import { createAttributor } from '../lib/cme/attribute';
import { decodeCall } from '../lib/cme/decode-call';
import { openStore } from '../lib/store';
import { prepareCapture } from '../lib/ui/panel/rows';
import { syntheticCalls } from './synthetic';

const CHUNK = 500;
const SPACING_MS = 50;

/** Adds synthetic calls number `from` to `to` (exclusive) to tab `tabId`'s log; resolves with the count. */
export async function fill(tabId: number, from: number, to: number): Promise<number> {
  const store = openStore();
  const attributor = createAttributor();
  let added = 0;
  try {
    for (let start = from; start < to; start += CHUNK) {
      const calls = syntheticCalls(Math.min(CHUNK, to - start), start + 1);
      const inputs = [];
      for (const [i, raw] of calls.entries()) {
        // Every chunk starts its clock at the same instant: keep the whole log in time order.
        raw.startedAt += start * SPACING_MS;
        const decoded = decodeCall(raw, start + i, { attributor });
        if (decoded) inputs.push(prepareCapture(decoded, raw, start + i + 1).input);
      }
      added += (await store.addCaptures(tabId, inputs)).length;
    }
  } finally {
    store.close();
  }
  return added;
}
