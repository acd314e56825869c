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

/** At most this many media items per answer in a `small` fill: answers of 1–10 KB (issue 20's workload). */
const SMALL_ITEMS = 18;

/** Cuts an answer's media list to 1–`SMALL_ITEMS` items (by the call's number, deterministic). */
function smallAnswer(raw: ReturnType<typeof syntheticCalls>[number], n: number): void {
  const body = raw.response?.body;
  if (!body?.text?.includes('MaterialInfoSet')) return;
  const answer = JSON.parse(body.text) as { Data: { MaterialInfoSet: unknown[]; TotalCount: number } };
  answer.Data.MaterialInfoSet = answer.Data.MaterialInfoSet.slice(0, 1 + (n % SMALL_ITEMS));
  answer.Data.TotalCount = answer.Data.MaterialInfoSet.length;
  body.text = JSON.stringify(answer);
}

/**
 * Adds synthetic calls number `from` to `to` (exclusive) to tab `tabId`'s log; resolves with the count.
 * `small`: answers of 1–10 KB rather than 1–50 KB.
 */
export async function fill(tabId: number, from: number, to: number, small = false): Promise<number> {
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
        if (small) smallAnswer(raw, start + i);
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
