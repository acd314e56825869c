/**
 * Export and import glue of the panel: the log to a HAR 1.2 file (tickets and signatures masked unless
 * the user confirmed one export with secrets), and a HAR file to rows and bodies for the viewer. (Capture converts DevTools entries itself,
 * with lib/cme/har.ts.)
 */
import { createAttributor } from '../../cme/attribute';
import { decodeCalls } from '../../cme/decode-call';
import { harToRawCalls, rawCallsToHar } from '../../cme/har';
import { maskerForCalls, type KnownSecret } from '../../cme/secrets';
import type { RawCall } from '../../cme/types';
import { prepareCapture, type PanelRow } from './rows';

/** A DevTools HAR entry (body filled in) as a RawCall: lib/cme/har.ts's, under the name its test imports. */
export { harEntryToRawCall as entryToRawCall } from '../../cme/har';

/**
 * The HAR text of `rows`, bodies read one by one from `body`: every secret of the calls, and the `secrets`
 * known besides (stored tickets), masked by value wherever it sits, unless `reveal` (one export the user
 * confirmed). A failure throws an Error that says why, with any secret in its message masked.
 */
export async function buildHarExport(
  rows: readonly PanelRow[],
  body: (id: number) => Promise<RawCall | undefined>,
  reveal: boolean,
  opts: { secrets?: readonly KnownSecret[] } = {},
): Promise<{ text: string; count: number }> {
  const calls: RawCall[] = [];
  for (const row of rows) {
    const raw = await body(row.id);
    if (raw !== undefined) calls.push(raw);
  }
  try {
    const har = rawCallsToHar(calls, {
      reveal,
      secrets: opts.secrets ?? [],
      creator: { name: 'cme-devtools', version: '0.1.0' },
    });
    return { text: JSON.stringify(har, null, 2), count: calls.length };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    let safe: string;
    try {
      safe = maskerForCalls([], opts.secrets ?? []).text(message.slice(0, 300));
    } catch {
      safe = '';
    }
    throw new Error(`Could not write the HAR file${safe ? `: ${safe}` : ''}`, { cause: e });
  }
}

/** A file name for an export made at `now`: `cme-calls-20261129-0615.har`. */
export function harFileName(now: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const day = `${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}`;
  return `cme-calls-${day}-${pad(now.getHours())}${pad(now.getMinutes())}${pad(now.getSeconds())}.har`;
}

/** An imported file: its CME calls as rows, their raw calls by row id, and what could not be read. */
export interface ImportedHar {
  rows: PanelRow[];
  bodies: Map<number, RawCall>;
  problems: string[];
  /** Entries that were not CME calls. */
  skipped: number;
}

/**
 * Reads a HAR file's whole text; never throws (a bad file gives no rows and a problem). For texts already in
 * memory (round trips, tests): the viewer streams a file instead (har-import-store.ts), never holding it whole.
 */
export function importHar(text: string, maxSearchChars?: number): ImportedHar {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    return {
      rows: [],
      bodies: new Map(),
      problems: [`Not JSON: ${e instanceof Error ? e.message : String(e)}`],
      skipped: 0,
    };
  }
  const { calls, problems } = harToRawCalls(parsed);
  const raws = calls.map((c) => c.raw);
  const decoded = decodeCalls(raws, { attributor: createAttributor() });
  const rows: PanelRow[] = [];
  const bodies = new Map<number, RawCall>();
  decoded.forEach((call, i) => {
    const raw = raws[call.index];
    if (raw === undefined) return;
    const id = i + 1;
    rows.push(prepareCapture(call, raw, id, maxSearchChars).row(id));
    bodies.set(id, raw);
  });
  return { rows, bodies, problems, skipped: raws.length - rows.length };
}
