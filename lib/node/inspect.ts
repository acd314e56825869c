/**
 * `cme-devtools inspect FILE.har`: streams a HAR, decodes every CME call and prints a table or JSON Lines.
 * Secrets are masked unless `--reveal`. Every line is safe for a terminal: control and bidi characters of
 * the file are shown as escapes (`\x1b`, `\u202e`). One entry's memory is bounded (see har-stream).
 */
import { createAttributor } from '../cme/attribute';
import { decodeCall } from '../cme/decode-call';
import { readHarEntry } from '../cme/har';
import { maskTicket, maskUrl } from '../cme/redact';
import { growingSecrets, type Masker } from '../cme/secrets';
import type { CaptureRule, DecodedCall } from '../cme/types';
import { countOf } from '../i18n/plural';
import { stat } from 'node:fs/promises';
import { createWriter, escapeJson, escapeLine, fitColumn, type CliIo } from './cli-io';
import { createProgress, quietly } from './progress';
import {
  DEFAULT_MAX_ENTRY_BYTES,
  DEFAULT_MAX_STRING_BYTES,
  formatBytes,
  HarReadError,
  readHarEntries,
  type HarEntryItem,
  type HarScanLimits,
} from './har-stream';

/** Options of `inspectHar`. */
export interface InspectOptions extends Pick<HarScanLimits, 'maxStringBytes' | 'maxEntryBytes'> {
  json?: boolean;
  reveal?: boolean;
  /** Capture rules (`--rule`): calls of an app's own backend, classified and their tickets masked. */
  captureRules?: readonly CaptureRule[];
  /** Bytes per read (tests). */
  chunkSize?: number;
}

/**
 * What the per-entry bounds left out of one entry, one line each: a string over the per-string limit
 * (read as ""), or the whole entry over the per-entry limit (skipped).
 */
export function boundProblems(item: HarEntryItem, limits: HarScanLimits = {}): string[] {
  if (item.tooLarge !== undefined) {
    const max = limits.maxEntryBytes ?? DEFAULT_MAX_ENTRY_BYTES;
    return [`Entry of ${formatBytes(item.tooLarge)} not read: over the ${formatBytes(max)} limit per entry`];
  }
  const max = limits.maxStringBytes ?? DEFAULT_MAX_STRING_BYTES;
  return (item.omitted ?? []).map(
    (o) => `${o.path} (${formatBytes(o.bytes)}) not read: over the ${formatBytes(max)} limit per string`,
  );
}

/** One JSON Lines record of `inspect --json`: exactly these fields, in this order. */
export interface InspectRecord {
  index: number;
  kind: 'login' | 'api';
  class: string | null;
  action: string;
  method: string;
  url: string;
  httpStatus: number;
  ok: boolean;
  code: string | null;
  message: string | null;
  englishMessage: string | null;
  requestId: string | null;
  startedAt: string | null;
  durationMs: number;
  ticket: string | null;
  user: { platform: string | null; userId: string | null; appId: number | null } | null;
  signature: Record<string, unknown> | null;
  catalogue: { catalogued: boolean; documented: boolean; findings: unknown[] } | null;
  /** A login's diagnosis (clock skew, expiry, validity, platform/user answered), most serious first. */
  loginFindings: { kind: string; severity: string; seconds: number | null; en: string; zh: string }[];
  problems: string[];
}

/** The JSON Lines record of a decoded call; `entryProblems` are what the HAR entry itself lacked. */
export function toInspectRecord(
  call: DecodedCall,
  reveal: boolean,
  entryProblems: string[] = [],
  masker: Pick<Masker, 'text' | 'url'> | null = null,
): InspectRecord {
  const text = (t: string | null): string | null =>
    t === null || reveal || masker === null ? t : masker.text(t);
  const problems = [...entryProblems, ...call.problems];
  let signature: Record<string, unknown> | null = null;
  if (call.signature !== null) {
    const sig = call.signature;
    if (sig.fields !== null) {
      signature = { ...sig.fields, expired: sig.expired };
      for (const p of sig.problems) problems.push(`Signature: ${p}`);
    }
  }
  return {
    index: call.index,
    kind: call.kind,
    class: call.actionClass,
    action: call.action,
    method: call.method,
    url: reveal || masker === null ? maskUrl(call.url, reveal) : masker.url(maskUrl(call.url, reveal)),
    httpStatus: call.httpStatus,
    ok: call.ok,
    code: text(call.code),
    message: text(call.message),
    englishMessage: text(call.englishMessage),
    requestId: call.requestId,
    startedAt: isoOrNull(call.startedAt),
    durationMs: call.durationMs,
    ticket: call.ticket === null ? null : maskTicket(call.ticket, reveal),
    user:
      call.user === null
        ? null
        : { platform: call.user.platform, userId: call.user.userId, appId: call.user.appId },
    signature,
    catalogue:
      call.catalogue === null
        ? null
        : {
            catalogued: call.catalogue.catalogued,
            documented: call.catalogue.documented,
            findings: call.catalogue.findings,
          },
    // Platform and user names are the page's text: through the masker like the rest.
    loginFindings: call.loginFindings.map((f) => ({ ...f, en: text(f.en) ?? '', zh: text(f.zh) ?? '' })),
    problems: [...new Set(problems.map((p) => text(p) as string))],
  };
}

function isoOrNull(ms: number): string | null {
  return Number.isFinite(ms) && ms > 0 ? new Date(ms).toISOString() : null;
}

// Table columns: header, width, alignment.
const COLUMNS: [string, number, 'left' | 'right'][] = [
  ['#', 5, 'right'],
  ['time (UTC)', 23, 'left'],
  ['action', 34, 'left'],
  ['http', 4, 'right'],
  ['code', 30, 'left'],
  ['user', 26, 'left'],
  ['ms', 7, 'right'],
];

/** A table line; every cell's control and bidi characters escaped before it is fitted to its column. */
function tableRow(cells: string[]): string {
  const safe = cells.map(escapeLine);
  const out = COLUMNS.map(([, width, align], i) => fitColumn(safe[i] ?? '', width, align)).join('  ');
  const notes = safe[COLUMNS.length];
  return notes ? `${out}  ${notes}` : out.trimEnd();
}

/** One table row of a decoded call (its Code through `masker`, which may have seen a ticket echoed there). */
export function tableCells(call: DecodedCall, masker: Pick<Masker, 'text'> | null = null): string[] {
  const iso = isoOrNull(call.startedAt);
  const who = call.user === null ? '-' : `${call.user.platform ?? '?'}/${call.user.userId ?? '?'}`;
  const notes: string[] = [];
  if (call.proxied) notes.push('proxied');
  if (call.signature?.expired === true) notes.push('signature expired');
  if (call.verifySign?.expired === true) notes.push('VerifySign expired');
  const findings = call.catalogue?.findings.length ?? 0;
  if (findings > 0) notes.push(`${findings} param finding${findings > 1 ? 's' : ''}`);
  if (call.problems.length > 0)
    notes.push(`${call.problems.length} problem${call.problems.length > 1 ? 's' : ''}`);
  return [
    String(call.index),
    iso === null ? '-' : iso.slice(0, 23).replace('T', ' '),
    call.kind === 'login' ? 'Login' : `${call.actionClass ?? ''}/${call.action}`,
    String(call.httpStatus),
    call.code === null ? '-' : (masker?.text(call.code) ?? call.code),
    who,
    call.durationMs >= 0 ? String(Math.round(call.durationMs)) : '-',
    notes.join(', '),
  ];
}

/** How many unknown parameters the table's line under a call names (a body may have thousands). */
const UNKNOWN_NAMED = 5;

/**
 * The table's line under a call whose body has parameters the catalogue does not know for its action
 * (CME ignores them silently: a mis-cased `taskId` shows up only as a missing `TaskId`), each with the
 * documented one it likely meant; null when there are none. Names only, never values; through `masker`
 * like every other field.
 */
export function unknownParamsLine(
  call: DecodedCall,
  masker: Pick<Masker, 'text'> | null = null,
): string | null {
  const unknown = (call.catalogue?.findings ?? []).filter((f) => f.problem === 'unknown');
  if (unknown.length === 0) return null;
  const name = (n: string): string => masker?.text(n) ?? n;
  const named = unknown
    .slice(0, UNKNOWN_NAMED)
    .map((f) =>
      f.suggestion === undefined ? name(f.param) : `${name(f.param)} — did you mean ${name(f.suggestion)}?`,
    );
  const more = unknown.length > UNKNOWN_NAMED ? `; and ${unknown.length - UNKNOWN_NAMED} more` : '';
  const head = countOf(unknown.length, 'unknown parameter', 'unknown parameters');
  const list = `${named.join('; ')}${more}`;
  const stop = list.endsWith('?') ? '' : '.';
  return `${' '.repeat(7)}${head}: ${list}${stop} CME ignores parameters it does not know, without an error.`;
}

/**
 * The table's lines under a login whose diagnosis found something, most serious first: "error: Signed
 * 7 min in the future (by the server's clock): your signing server's clock is ahead." Through `masker`.
 */
export function loginFindingLines(call: DecodedCall, masker: Pick<Masker, 'text'> | null = null): string[] {
  return call.loginFindings.map((f) => `${' '.repeat(7)}${f.severity}: ${masker?.text(f.en) ?? f.en}`);
}

/** Streams a HAR file and prints its CME calls. Returns the exit code: 0 read, 2 unreadable / not a HAR. */
export async function inspectHar(path: string, opts: InspectOptions, io: CliIo): Promise<number> {
  const progress = createProgress({
    stream: io.stderr,
    now: io.now ?? Date.now,
    total: await fileSize(path),
    label: 'inspect',
  });
  // The line is erased before anything else reaches the terminal (output on stdout, a note on stderr).
  const out = createWriter(quietly(io.stdout, progress));
  const attributor = createAttributor();
  const reveal = opts.reveal === true;
  let entries = 0;
  let calls = 0;
  // The table header waits for the first row, so a file that is not a HAR prints nothing on stdout.
  const header = async (): Promise<void> => {
    if (!opts.json && calls === 0) await out.line(tableRow(COLUMNS.map(([h]) => h)));
  };
  const limits = { maxStringBytes: opts.maxStringBytes, maxEntryBytes: opts.maxEntryBytes };
  // Secrets by value: every ticket and signature seen so far in the file (this entry's included) is masked
  // wherever it is echoed, in one pass. An echo before the secret's first use stays: `redact` reads twice.
  const secrets = growingSecrets(opts.captureRules);
  let bytesRead = 0;
  const onBytes = (n: number): void => {
    bytesRead = n;
  };
  try {
    for await (const item of readHarEntries(path, { chunkSize: opts.chunkSize, onBytes, ...limits })) {
      entries++;
      progress.update(bytesRead, calls);
      const { index, entry } = item;
      const bounded = boundProblems(item, limits);
      // What the bounds left out is said on stderr for every entry, CME call or not.
      if (bounded.length > 0) progress.done();
      for (const p of bounded)
        io.stderr.write(`${escapeLine(`cme-devtools: ${path}: entry ${index}: ${p}`)}\n`);
      if (item.tooLarge !== undefined) continue;
      const read = readHarEntry(entry);
      if (read.raw === null) continue;
      // Every readable entry teaches its secrets, CME call or not (an app's own backend may echo a ticket).
      let mask: Masker | null = null;
      if (!reveal) {
        secrets.addCall(read.raw);
        mask = secrets.masker();
      }
      // The output shows no Data: the answer's envelope is read from its head.
      const call = decodeCall(read.raw, index, {
        attributor,
        classify: { captureRules: opts.captureRules },
        answerHead: true,
      });
      if (call === null) continue;
      await header();
      calls++;
      await out.line(
        opts.json
          ? escapeJson(JSON.stringify(toInspectRecord(call, reveal, [...bounded, ...read.problems], mask)))
          : tableRow(tableCells(call, mask)),
      );
      const unknown = opts.json ? null : unknownParamsLine(call, mask);
      if (unknown !== null) await out.line(escapeLine(unknown));
      if (!opts.json) for (const line of loginFindingLines(call, mask)) await out.line(escapeLine(line));
    }
  } catch (err) {
    progress.done();
    await out.flush();
    io.stderr.write(`${escapeLine(`cme-devtools: ${readErrorLine(path, err)}`)}\n`);
    return 2;
  }
  progress.done();
  await header();
  if (!opts.json) {
    await out.line(
      escapeLine(`${countOf(calls, 'CME call', 'CME calls')} in ${countOf(entries, 'entry', 'entries')}`),
    );
  }
  await out.flush();
  return 0;
}

/** The size of a file in bytes; 0 when it cannot be read (reading it then says why). */
export async function fileSize(path: string): Promise<number> {
  return stat(path).then(
    (s) => s.size,
    () => 0,
  );
}

/** One readable line for a failure to read a HAR file. */
export function readErrorLine(path: string, err: unknown): string {
  if (err instanceof HarReadError) return `${path}: ${err.message}`;
  const code = typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : '';
  switch (code) {
    case 'ENOENT':
      return `${path}: no such file`;
    case 'EISDIR':
      return `${path}: is a directory, not a HAR file`;
    case 'EACCES':
    case 'EPERM':
      return `${path}: permission denied`;
    default:
      return `${path}: cannot read (${err instanceof Error ? err.message.split('\n')[0] : String(err)})`;
  }
}
