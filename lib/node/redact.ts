/**
 * `cme-devtools redact FILE.har [-o OUT.har]`: the same HAR with every ticket, signature and key masked by
 * lib/cme's masking (the code the panel's HAR export uses), everything else kept: the same entries in the
 * same order, every field, the same non-secret text.
 *
 * Two passes over the file, one entry in memory at a time: the first reads every entry and finds the
 * secrets by value (every `auth`/`signature` query value, login answer, VerifySign... anywhere in the
 * file), the second masks every string of every entry — CME calls or not, since a ticket can sit in any
 * request — and of the rest of the log (pages), and writes it. With `-o` it writes a temporary file beside
 * OUT and renames it at the end, so a failure leaves no output file.
 */
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { collectSecrets, maskBody } from '../cme/call-secrets';
import type { CaptureRule } from '../cme/types';
import { readHarEntry } from '../cme/har';
import { maskHeaders, maskSecretsInText, maskSignature, maskTicket, maskUrl } from '../cme/redact';
import type { RawBody } from '../cme/types';
import { countOf } from '../i18n/plural';
import { escapeJson, escapeLine, type CliIo } from './cli-io';
import { boundProblems, fileSize, readErrorLine } from './inspect';
import { createProgress, quietly, type Progress } from './progress';
import {
  DEFAULT_MAX_ENTRY_BYTES,
  formatBytes,
  HarReadError,
  scanHarEntries,
  type HarScanLimits,
} from './har-stream';

/** Where the HAR's bytes come from; called once per pass. */
export type HarSource = () => AsyncIterable<Uint8Array> | Iterable<Uint8Array>;

/** Where the redacted HAR goes: text is pushed, and written out in blocks when `flush` is awaited. */
export interface HarSink {
  push(text: string): void;
  /** Characters pushed and not yet written. */
  readonly pending: number;
  flush(): Promise<void>;
}

/** A sink that writes blocks with `write` (which resolves once the block may be followed by another). */
export function blockSink(write: (block: string) => Promise<unknown>): HarSink {
  let parts: string[] = [];
  let pending = 0;
  return {
    push(text: string): void {
      parts.push(text);
      pending += text.length;
    },
    get pending(): number {
      return pending;
    },
    async flush(): Promise<void> {
      if (pending === 0) return;
      const block = parts.length === 1 ? parts[0]! : parts.join('');
      parts = [];
      pending = 0;
      await write(block);
    },
  };
}

const BLOCK = 1 << 20;
const MAX_PAD = 128;

/**
 * Writes a JSON value as `JSON.stringify(value, null, 2)` would, nested under `pad`, without building it
 * as one string and without recursion (an entry may be tens of MB, or nested far deeper than the stack).
 * Characters a terminal acts on are written as `\uXXXX`, which reads back as the same text.
 */
async function writeJson(root: unknown, pad: string, sink: HarSink): Promise<void> {
  const text = (v: unknown): string => escapeJson(JSON.stringify(v) ?? 'null');
  if (typeof root !== 'object' || root === null) {
    sink.push(text(root));
    return;
  }
  const stack: { node: Json; keys: string[]; i: number; pad: string }[] = [];
  const enter = (node: Json, at: string): void => {
    const keys = Object.keys(node);
    const array = Array.isArray(node);
    if (keys.length === 0) sink.push(array ? '[]' : '{}');
    else {
      sink.push(array ? '[' : '{');
      stack.push({ node, keys, i: 0, pad: at });
    }
  };
  enter(root as Json, pad);
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    const array = Array.isArray(top.node);
    if (top.i === top.keys.length) {
      stack.pop();
      sink.push(`\n${top.pad}${array ? ']' : '}'}`);
      continue;
    }
    const key = top.keys[top.i++]!;
    const value = (top.node as Record<string, unknown>)[key];
    // Indented as JSON.stringify does, up to a depth: deeper levels stay at that indent (a 100,000-level
    // value would otherwise be gigabytes of spaces).
    const inner = top.pad.length < MAX_PAD ? `${top.pad}  ` : top.pad;
    sink.push(`${top.i > 1 ? ',' : ''}\n${inner}${array ? '' : `${text(key)}: `}`);
    if (typeof value === 'object' && value !== null) enter(value as Json, inner);
    else sink.push(text(value));
    if (sink.pending >= BLOCK) await sink.flush();
  }
}

/** Options of `redactHar`: the per-entry bounds of the scan (tests make them small). */
export type RedactOptions = Pick<HarScanLimits, 'maxStringBytes' | 'maxEntryBytes'> & {
  /** Capture rules of apps behind their own backend: the ticket each reads is a secret too. */
  captureRules?: readonly CaptureRule[];
  /** Told after each entry of each pass: the bytes of that pass read so far and the entries done. */
  onProgress?: (pass: 1 | 2, bytesRead: number, entries: number) => void;
};

/** What a redaction did: entries written, distinct secrets found, and what the bounds left out. */
export interface RedactSummary {
  entries: number;
  secrets: number;
  notes: string[];
}

/** What is outside log.entries (pages, creator...) may take this much; more is refused. */
const MAX_OUTSIDE_BYTES = 64 * 1024 * 1024;

// Credentials in these headers are secrets wherever else they appear; shorter values are not searched for
// (they could be ordinary words).
const CREDENTIAL_HEADERS = new Set(['authorization', 'proxy-authorization']);
const MIN_SEARCHED = 16;

type Json = Record<string, unknown> | unknown[];

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The credential of Authorization-like headers of an entry (`Bearer <this>`), as extra secrets. */
function headerCredentials(entry: Record<string, unknown>, found: Set<string>): void {
  for (const side of [entry.request, entry.response]) {
    if (!isObject(side) || !Array.isArray(side.headers)) continue;
    for (const h of side.headers) {
      if (!isObject(h) || typeof h.name !== 'string' || typeof h.value !== 'string') continue;
      if (!CREDENTIAL_HEADERS.has(h.name.toLowerCase())) continue;
      const value = h.value.trim();
      const credential = value.slice(value.indexOf(' ') + 1);
      if (credential.length >= MIN_SEARCHED) found.add(credential);
    }
  }
}

/** The masking of one HAR: the secrets found in pass 1 and the functions of lib/cme that use them. */
function masker(secrets: string[]): {
  text(s: string): string;
  entry(e: unknown): unknown;
  log(l: unknown): unknown;
} {
  const mask = (s: string): string => maskSecretsInText(s, secrets);
  // Any string: URL secrets by name, then every secret by value (what the panel's export does).
  const text = (s: string): string => mask(maskUrl(s));

  /** A copy of a JSON value with `text` applied to every string and key, except the fields in `done`. */
  function walk(value: unknown, done: WeakMap<object, Set<string>>): unknown {
    if (typeof value === 'string') return text(value);
    if (typeof value !== 'object' || value === null) return value;
    // Iterative: a page's data can nest far deeper than the stack allows.
    const root: Json = Array.isArray(value) ? [] : {};
    const stack: [Json, Json][] = [[value as Json, root]];
    while (stack.length > 0) {
      const [src, dst] = stack.pop()!;
      const skip = done.get(src);
      for (const key of Object.keys(src)) {
        const v = (src as Record<string, unknown>)[key];
        let out: unknown = v;
        if (skip?.has(key) === true) out = v;
        else if (typeof v === 'string') out = text(v);
        else if (typeof v === 'object' && v !== null) {
          out = Array.isArray(v) ? [] : {};
          stack.push([v as Json, out as Json]);
        }
        if (Array.isArray(dst)) dst.push(out);
        else {
          const name = skip?.has(key) === true ? key : mask(key);
          // `__proto__` is an ordinary key in JSON: kept as one, not set as the prototype.
          Object.defineProperty(dst, name, {
            value: out,
            enumerable: true,
            writable: true,
            configurable: true,
          });
        }
      }
    }
    return root;
  }

  /** Masks the fields whose meaning is known (headers, cookies, query, bodies) in place; notes them done. */
  function maskKnown(side: unknown, done: WeakMap<object, Set<string>>, bodyKey: string): void {
    if (!isObject(side)) return;
    const mark = (o: object, key: string): void => {
      const set = done.get(o) ?? new Set<string>();
      set.add(key);
      done.set(o, set);
    };
    if (Array.isArray(side.headers)) {
      for (const h of side.headers) {
        if (!isObject(h) || typeof h.name !== 'string' || typeof h.value !== 'string') continue;
        const [masked] = maskHeaders([{ name: h.name, value: h.value }]);
        h.value = mask(masked?.value ?? h.value);
        mark(h, 'value');
      }
    }
    if (Array.isArray(side.cookies)) {
      // As the export does: every cookie value masked like a Cookie header's.
      for (const c of side.cookies) {
        if (!isObject(c) || typeof c.value !== 'string' || c.value === '') continue;
        c.value = maskTicket(c.value);
        mark(c, 'value');
      }
    }
    if (Array.isArray(side.queryString)) {
      for (const q of side.queryString) {
        if (!isObject(q) || typeof q.value !== 'string' || q.value === '') continue;
        if (q.name === 'auth') q.value = maskTicket(q.value);
        else if (q.name === 'signature') q.value = maskSignature(q.value);
        else continue;
        mark(q, 'value');
      }
    }
    const body = side[bodyKey];
    if (isObject(body) && typeof body.text === 'string') {
      const raw: RawBody = { text: body.text };
      if (typeof body.encoding === 'string') raw.encoding = body.encoding;
      if (typeof body.mimeType === 'string') raw.mimeType = body.mimeType;
      body.text = maskBody(raw, secrets).text;
      mark(body, 'text');
    }
  }

  return {
    text,
    entry(e: unknown): unknown {
      const done = new WeakMap<object, Set<string>>();
      if (isObject(e)) {
        maskKnown(e.request, done, 'postData');
        maskKnown(e.response, done, 'content');
      }
      return walk(e, done);
    },
    log: (l: unknown): unknown => walk(l, new WeakMap()),
  };
}

/** Pass 1: every secret of the file, its entry count, and what is outside log.entries, parsed. */
async function findSecrets(
  source: HarSource,
  opts: RedactOptions,
): Promise<{ secrets: string[]; entries: number; outside: unknown; notes: string[] }> {
  const found = new Set<string>();
  const notes: string[] = [];
  let entries = 0;
  let outsideBytes: Buffer = Buffer.alloc(0);
  let bytesRead = 0;
  const scan = scanHarEntries(source(), {
    ...opts,
    maxOutsideBytes: MAX_OUTSIDE_BYTES,
    onOutside: (b) => (outsideBytes = b),
    onBytes: (n) => (bytesRead = n),
  });
  for await (const item of scan) {
    entries++;
    opts.onProgress?.(1, bytesRead, entries);
    if (item.tooLarge !== undefined) {
      // An entry that cannot be read cannot be masked, and leaving it out would not be the same HAR.
      const max = formatBytes(opts.maxEntryBytes ?? DEFAULT_MAX_ENTRY_BYTES);
      throw new HarReadError(
        `entry ${item.index} takes ${formatBytes(item.tooLarge)}, over the ${max} limit per entry: cannot redact it`,
      );
    }
    for (const p of boundProblems(item, opts)) notes.push(`entry ${item.index}: ${p}; written as ""`);
    const raw = readHarEntry(item.entry).raw;
    if (raw !== null) for (const s of collectSecrets([raw], [], opts.captureRules)) found.add(s);
    if (isObject(item.entry)) headerCredentials(item.entry, found);
  }
  let outside: unknown;
  try {
    outside = JSON.parse(outsideBytes.toString('utf8'));
  } catch (err) {
    throw new HarReadError(
      `Not a HAR file: invalid JSON outside log.entries (${err instanceof Error ? err.message : String(err)})`,
    );
  }
  found.delete('');
  return { secrets: [...found], entries, outside, notes };
}

/** Finds the secrets of a HAR (pass 1). Throws HarReadError when it is not a HAR or cannot be redacted. */
export async function prepareRedaction(
  source: HarSource,
  opts: RedactOptions = {},
): Promise<{ summary: RedactSummary; write(sink: HarSink): Promise<void> }> {
  const found = await findSecrets(source, opts);
  const m = masker(found.secrets);
  const summary = { entries: found.entries, secrets: found.secrets.length, notes: found.notes };
  return {
    summary,
    // Pass 2: the log without its entries, then each entry masked, in the order of the file.
    async write(sink: HarSink): Promise<void> {
      const marker = `cme-devtools:entries:${randomBytes(8).toString('hex')}`;
      const log = m.log(found.outside) as Record<string, unknown>;
      if (!isObject(log.log)) throw new HarReadError('Not a HAR file: "log" is not an object');
      log.log.entries = marker;
      const [head, tail] = escapeJson(JSON.stringify(log, null, 2)).split(`"${marker}"`) as [string, string];
      const indent = /\n( *)[^\n]*$/.exec(head)?.[1] ?? '';
      const inner = `${indent}  `;
      let written = 0;
      sink.push(`${head}[`);
      let bytesRead = 0;
      const onBytes = (n: number): void => {
        bytesRead = n;
      };
      for await (const item of scanHarEntries(source(), { ...opts, onBytes })) {
        if (item.tooLarge !== undefined) throw new HarReadError('the file changed while it was read');
        opts.onProgress?.(2, bytesRead, written);
        sink.push(`${written > 0 ? ',' : ''}\n${inner}`);
        await writeJson(m.entry(item.entry), inner, sink);
        written++;
        await sink.flush();
      }
      if (written !== found.entries) throw new HarReadError('the file changed while it was read');
      sink.push(`${written > 0 ? `\n${indent}` : ''}]${tail}\n`);
      await sink.flush();
    },
  };
}

/** One readable line for a failure to write OUT. */
function writeErrorLine(path: string, err: unknown): string {
  const code = typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : '';
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return `${path}: cannot write: no such directory`;
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return `${path}: cannot write: permission denied`;
    case 'EISDIR':
      return `${path}: cannot write: is a directory`;
    default:
      return `${path}: cannot write (${err instanceof Error ? err.message.split('\n')[0] : String(err)})`;
  }
}

/**
 * Bytes per read of redact's two passes: redact makes less garbage on V8's heap than inspect, so the read
 * chunks (outside the heap) wait longer for a collection. A 100 MB HAR peaked at 196 MB RSS with 1 MB
 * chunks and at 96 MB with these.
 */
export const REDACT_CHUNK_BYTES = 256 * 1024;

/** Options of `redactFile`: where to write (stdout without `out`), bounds and chunk size for tests. */
export interface RedactFileOptions extends RedactOptions {
  out?: string;
  chunkSize?: number;
}

/** `cme-devtools redact`: returns the exit code (0 written, 2 unreadable input or unwritable output). */
export async function redactFile(path: string, opts: RedactFileOptions, io: CliIo): Promise<number> {
  const fail = (line: string): number => {
    io.stderr.write(`${escapeLine(`cme-devtools: redact: ${line}`)}\n`);
    return 2;
  };
  const source: HarSource = () =>
    createReadStream(path, { highWaterMark: opts.chunkSize ?? REDACT_CHUNK_BYTES }) as AsyncIterable<Buffer>;
  // Two passes over the file: the line counts both, and names the one running.
  const size = await fileSize(path);
  const progress = createProgress({
    stream: io.stderr,
    now: io.now ?? Date.now,
    total: 2 * size,
    label: 'redact',
    counted: ['entry', 'entries'],
  });
  const onProgress = (pass: 1 | 2, bytes: number, entries: number): void =>
    progress.update(pass === 1 ? bytes : size + bytes, entries, pass === 1 ? 'finding secrets' : 'writing');
  try {
    return await redactWith(path, source, { ...opts, onProgress }, io, progress, fail);
  } finally {
    progress.done();
  }
}

/** `redactFile` once the progress line is set up: both passes, then the output and the notes. */
async function redactWith(
  path: string,
  source: HarSource,
  opts: RedactFileOptions,
  io: CliIo,
  progress: Progress,
  fail: (line: string) => number,
): Promise<number> {
  let redaction: Awaited<ReturnType<typeof prepareRedaction>>;
  try {
    redaction = await prepareRedaction(source, opts);
  } catch (err) {
    progress.done();
    return fail(readErrorLine(path, err));
  }
  const { summary } = redaction;
  const done = (): number => {
    progress.done();
    for (const note of summary.notes) io.stderr.write(`${escapeLine(`cme-devtools: redact: ${note}`)}\n`);
    return 0;
  };
  if (opts.out === undefined) {
    const stdout = quietly(io.stdout, progress);
    await redaction.write(
      blockSink(async (block) => {
        if (stdout.write(block) === false && stdout.once !== undefined) {
          const once = stdout.once.bind(stdout);
          await new Promise<void>((resolve) => once('drain', resolve));
        }
      }),
    );
    return done();
  }
  const out = opts.out;
  const tmp = join(dirname(out), `.${basename(out)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(tmp, 'wx');
  } catch (err) {
    return fail(writeErrorLine(out, err));
  }
  let renamed = false;
  try {
    await redaction.write(blockSink((block) => handle.write(block)));
    await handle.close();
    await rename(tmp, out);
    renamed = true;
  } catch (err) {
    progress.done();
    if (err instanceof HarReadError) return fail(readErrorLine(path, err));
    if (typeof err === 'object' && err !== null && 'code' in err) return fail(writeErrorLine(out, err));
    throw err;
  } finally {
    if (!renamed) {
      await handle.close().catch(() => undefined);
      await unlink(tmp).catch(() => undefined);
    }
  }
  progress.done();
  io.stderr.write(
    `${escapeLine(
      `cme-devtools: redact: ${countOf(summary.entries, 'entry', 'entries')} written to ${out}, ` +
        'every ticket, signature and key masked',
    )}\n`,
  );
  return done();
}
