/**
 * The DevTools panel's capture log, per inspected tab: light summaries in `captures`, raw calls in
 * `captureBodies` under the same id, so a list of 10,000 calls never reads a body.
 */
import { answerSize } from '../cme/answer-size';
import type { LoginFindingSeverity, RawBody, RawCall, UnknownParams } from '../cme/types';
import { cap, optionalText, requireNumber } from './checks';
import { LOG_WRITE, type StoreContext } from './context';
import { unwrapStore } from './idb-wrap';
import type { CaptureBody, CaptureFault, CaptureSource, CaptureSummary } from './schema';

/** One captured call to add: what the panel decoded, plus the raw call. */
export interface CaptureInput {
  /** Position in the tab's log; when absent, numbered after the tab's last entry. */
  seq?: number;
  kind: CaptureSummary['kind'];
  ok: boolean;
  actionClass?: string | null;
  action?: string | null;
  code?: string | null;
  platform?: string | null;
  userId?: string | null;
  ticket?: string | null;
  requestId?: string | null;
  /** The server's Message / EnglishMessage, shown in the list when the log is read again. */
  message?: string | null;
  englishMessage?: string | null;
  /** Extra text to find the call by (e.g. its message); lowercased into `text`. */
  searchText?: string;
  /** The row's marks: the body's unknown parameters, a login's most serious diagnosis. */
  unknownParams?: UnknownParams;
  loginDiagnosis?: LoginFindingSeverity;
  /** Reported by the page agent: recorded while DevTools was closed, or injected by a fault rule. */
  source?: CaptureSource;
  fault?: CaptureFault;
  raw: RawCall;
}

type NewSummary = Omit<CaptureSummary, 'id' | 'seq'> & { seq: number | null };

const KINDS: readonly CaptureSummary['kind'][] = ['login', 'api', 'other'];

function tabRange(tabId: number): IDBKeyRange {
  return IDBKeyRange.bound([tabId, -Infinity], [tabId, Infinity]);
}

function requireTabId(tabId: unknown): number {
  const id = requireNumber(tabId, 'tabId');
  if (!Number.isInteger(id)) throw new Error('CME DevTools store: "tabId" must be an integer.');
  return id;
}

function checkRaw(raw: unknown, at: string): RawCall {
  const r = raw as Partial<RawCall> | null;
  const request = r?.request;
  if (
    typeof r !== 'object' ||
    r === null ||
    typeof request !== 'object' ||
    request === null ||
    typeof request.url !== 'string' ||
    typeof request.method !== 'string' ||
    !Array.isArray(request.headers)
  ) {
    throw new Error(`CME DevTools store: ${at}.raw must be a RawCall with request method, url and headers.`);
  }
  requireNumber(r.startedAt, `${at}.raw.startedAt`);
  requireNumber(r.durationMs, `${at}.raw.durationMs`);
  return r as RawCall;
}

function capBody(body: RawBody | null, limit: number): RawBody | null {
  if (!body || body.text === null) return body;
  const capped = cap(body.text, limit);
  return capped.truncated ? { ...body, text: capped.text, truncated: true } : body;
}

const SEVERITIES: readonly LoginFindingSeverity[] = ['error', 'warning', 'info'];
/** The most unknown parameter names a summary keeps, and their longest length. */
const MARK_NAMES = 3;
const MARK_NAME_CHARS = 80;

const SOURCES: readonly CaptureSource[] = ['recorded', 'injected'];
type CaptureMark = 'unknownParams' | 'loginDiagnosis' | 'source' | 'fault';
const MARK_TEXT = 1024;

const shortText = (value: unknown, field: string, max: number): string => {
  if (typeof value !== 'string' || value.length > max) {
    throw new Error(`CME DevTools store: ${field} must be text of at most ${max} characters.`);
  }
  return value;
};

/** A fault mark, checked and bounded: only the fields of its effect's kind are kept. */
function checkFault(f: CaptureFault, at: string): CaptureFault {
  const ruleId = shortText(f?.ruleId, `${at}.fault.ruleId`, 64);
  const e = f.effect as Record<string, unknown> | undefined;
  const num = (v: unknown, field: string): number => {
    if (!Number.isInteger(v))
      throw new Error(`CME DevTools store: ${at}.fault.effect.${field} must be an integer.`);
    return v as number;
  };
  switch (e?.kind) {
    case 'code': {
      const effect: CaptureFault['effect'] = {
        kind: 'code',
        code: shortText(e.code, `${at}.fault.effect.code`, 128),
      };
      if (e.message !== undefined)
        effect.message = shortText(e.message, `${at}.fault.effect.message`, MARK_TEXT);
      if (e.englishMessage !== undefined)
        effect.englishMessage = shortText(e.englishMessage, `${at}.fault.effect.englishMessage`, MARK_TEXT);
      return { ruleId, effect };
    }
    case 'http':
      return { ruleId, effect: { kind: 'http', status: num(e.status, 'status') } };
    case 'delay':
      return { ruleId, effect: { kind: 'delay', ms: num(e.ms, 'ms') } };
    case 'network':
      return { ruleId, effect: { kind: 'network' } };
    default:
      throw new Error(`CME DevTools store: ${at}.fault.effect.kind must be code, http, delay or network.`);
  }
}

/** A capture's marks, checked and bounded (names only, a few, each short); absent when there are none. */
function checkMarks(item: CaptureInput, at: string): Pick<CaptureSummary, CaptureMark> {
  const out: Pick<CaptureSummary, CaptureMark> = {};
  if (item.source !== undefined) {
    if (!SOURCES.includes(item.source)) {
      throw new Error(`CME DevTools store: ${at}.source must be recorded or injected.`);
    }
    out.source = item.source;
  }
  if (item.fault !== undefined) out.fault = checkFault(item.fault, at);
  if (item.loginDiagnosis !== undefined) {
    if (!SEVERITIES.includes(item.loginDiagnosis)) {
      throw new Error(`CME DevTools store: ${at}.loginDiagnosis must be error, warning or info.`);
    }
    out.loginDiagnosis = item.loginDiagnosis;
  }
  const u = item.unknownParams;
  if (u !== undefined) {
    const count = requireNumber(u?.count, `${at}.unknownParams.count`);
    if (!Array.isArray(u.names))
      throw new Error(`CME DevTools store: ${at}.unknownParams.names must be a list.`);
    const names = u.names.slice(0, MARK_NAMES).map((n, i) => {
      const param = optionalText(n?.param, `${at}.unknownParams.names[${i}].param`) ?? '';
      const suggestion = optionalText(n?.suggestion, `${at}.unknownParams.names[${i}].suggestion`);
      return suggestion === null
        ? { param: param.slice(0, MARK_NAME_CHARS) }
        : { param: param.slice(0, MARK_NAME_CHARS), suggestion: suggestion.slice(0, MARK_NAME_CHARS) };
    });
    out.unknownParams = { count, names };
  }
  return out;
}

function buildCapture(tabId: number, item: CaptureInput, index: number, ctx: StoreContext) {
  const at = `captures[${index}]`;
  if (typeof item !== 'object' || item === null) throw new Error(`CME DevTools store: ${at} is missing.`);
  const raw = checkRaw(item.raw, at);
  if (typeof item.ok !== 'boolean') throw new Error(`CME DevTools store: ${at}.ok must be a boolean.`);
  if (!KINDS.includes(item.kind)) {
    throw new Error(`CME DevTools store: ${at}.kind must be login, api or other.`);
  }
  const seq = item.seq === undefined ? null : requireNumber(item.seq, `${at}.seq`);
  const fields = {
    actionClass: optionalText(item.actionClass, `${at}.actionClass`),
    action: optionalText(item.action, `${at}.action`),
    code: optionalText(item.code, `${at}.code`),
    platform: optionalText(item.platform, `${at}.platform`),
    userId: optionalText(item.userId, `${at}.userId`),
    ticket: optionalText(item.ticket, `${at}.ticket`),
    requestId: optionalText(item.requestId, `${at}.requestId`),
  };
  const extra = cap(
    optionalText(item.searchText, `${at}.searchText`) ?? '',
    ctx.limits.captureSearchChars,
  ).text;
  const httpStatus = raw.response?.status ?? 0;
  const searchable = [
    raw.request.method,
    raw.request.url,
    String(httpStatus),
    ...Object.values(fields),
    extra,
  ];
  const summary: NewSummary = {
    tabId,
    seq,
    startedAt: raw.startedAt,
    kind: item.kind,
    method: raw.request.method,
    url: raw.request.url,
    ok: item.ok,
    httpStatus,
    durationMs: raw.durationMs,
    size: answerSize(raw),
    ...fields,
    message: optionalText(item.message, `${at}.message`),
    englishMessage: optionalText(item.englishMessage, `${at}.englishMessage`),
    text: searchable
      .filter((s) => s)
      .join('\n')
      .toLowerCase(),
    ...checkMarks(item, at),
  };
  const limit = ctx.limits.captureBodyChars;
  const body: RawCall = {
    ...raw,
    request: { ...raw.request, body: capBody(raw.request.body, limit) },
    response: raw.response ? { ...raw.response, body: capBody(raw.response.body, limit) } : null,
  };
  return { summary, body };
}

/** The capture-log functions of the store. */
export function createCaptureFunctions(ctx: StoreContext) {
  return {
    /** Add captured calls of a tab in one transaction; returns their ids in input order. */
    async addCaptures(tabId: number, items: readonly CaptureInput[]): Promise<number[]> {
      const tab = requireTabId(tabId);
      if (!Array.isArray(items)) throw new Error('CME DevTools store: captures must be an array.');
      const built = items.map((item, index) => buildCapture(tab, item, index, ctx));
      if (built.length === 0) return [];
      const db = await ctx.db();
      const tx = db.transaction(['captures', 'captureBodies'], 'readwrite', LOG_WRITE);
      const summaries = tx.objectStore('captures');
      const bodies = tx.objectStore('captureBodies');
      let nextSeq = 1;
      if (built.some((b) => b.summary.seq === null)) {
        const last = await summaries.index('by-tab-seq').openKeyCursor(tabRange(tab), 'prev');
        nextSeq = last ? last.key[1] + 1 : 1;
      }
      // The plain IndexedDB requests, not idb's promise per request: a burst writes hundreds of calls a
      // second, and a proxy and two promises per record were a fifth of the panel's write time (issue #20).
      const rawSummaries = unwrapStore(summaries);
      const rawBodies = unwrapStore(bodies);
      const ids: number[] = new Array<number>(built.length);
      built.forEach(({ summary, body }, i) => {
        const request = rawSummaries.add({ ...summary, seq: summary.seq ?? nextSeq++ } as CaptureSummary);
        // The key generator fills in `id`; the body row reuses it. A failed request aborts the transaction.
        request.onsuccess = () => {
          const id = request.result as number;
          ids[i] = id;
          const row: CaptureBody = { id, tabId: tab, raw: body };
          rawBodies.put(row);
        };
      });
      await tx.done;
      return ids;
    },

    /**
     * Marks a stored call as injected (a delayed call DevTools captured, which a fault rule held back);
     * false when there is no such call.
     */
    async markCapture(id: number, marks: Pick<CaptureInput, 'source' | 'fault'>): Promise<boolean> {
      const checked = checkMarks({ ...marks } as CaptureInput, 'mark');
      const db = await ctx.db();
      const tx = db.transaction('captures', 'readwrite', LOG_WRITE);
      const row = await tx.store.get(requireNumber(id, 'id'));
      if (row) await tx.store.put({ ...row, ...checked });
      await tx.done;
      return row !== undefined;
    },

    /** The tab's captured calls in sequence order, without bodies. */
    async listCaptureSummaries(tabId: number): Promise<CaptureSummary[]> {
      const db = await ctx.db();
      return db
        .transaction('captures')
        .store.index('by-tab-seq')
        .getAll(tabRange(requireTabId(tabId)));
    },

    /**
     * The tab's captured calls without bodies, read newest first in batches (`first` calls, then `batch` at
     * a time): `onBatch` gets each batch in sequence order, and how many calls the log holds at most (its
     * sequence span: no count over the index); resolves when the oldest was read.
     */
    async readCaptureSummariesNewestFirst(
      tabId: number,
      onBatch: (summaries: CaptureSummary[], span: number) => void,
      first = 1000,
      batch = 10_000,
    ): Promise<void> {
      const tab = requireTabId(tabId);
      const db = await ctx.db();
      const index = db.transaction('captures').store.index('by-tab-seq');
      const [low, high] = await Promise.all([
        index.openKeyCursor(tabRange(tab), 'next'),
        index.openKeyCursor(tabRange(tab), 'prev'),
      ]);
      if (!low || !high) return;
      const lowSeq = low.key[1];
      const span = high.key[1] - lowSeq + 1;
      let size = Math.max(1, first);
      for (let hi = high.key[1]; hi >= lowSeq; hi -= size, size = Math.max(1, batch)) {
        const range = IDBKeyRange.bound([tab, Math.max(lowSeq, hi - size + 1)], [tab, hi]);
        // A transaction per batch: one would commit while `onBatch` runs.
        const rows = await db.transaction('captures').store.index('by-tab-seq').getAll(range);
        if (rows.length > 0) onBatch(rows, span);
      }
    },

    /** The raw call (bodies included) of one captured call. */
    async getCaptureBody(id: number): Promise<RawCall | undefined> {
      const db = await ctx.db();
      const row = await db.transaction('captureBodies').store.get(requireNumber(id, 'id'));
      return row?.raw;
    },

    /** How many calls the tab's log holds. */
    async countCaptures(tabId: number): Promise<number> {
      const db = await ctx.db();
      return db.transaction('captures').store.index('by-tab').count(requireTabId(tabId));
    },

    /** Empty the tab's log; returns how many calls it held. */
    async clearCaptures(tabId: number): Promise<number> {
      const tab = requireTabId(tabId);
      const db = await ctx.db();
      const tx = db.transaction(['captures', 'captureBodies'], 'readwrite');
      const keys = await tx.objectStore('captures').index('by-tab').getAllKeys(tab);
      await Promise.all([
        ...keys.flatMap((k) => [
          tx.objectStore('captures').delete(k),
          tx.objectStore('captureBodies').delete(k),
        ]),
        tx.done,
      ]);
      return keys.length;
    },

    /** Keep only the tab's newest `maxEntries` calls (by sequence); returns how many were removed. */
    async trimCaptures(tabId: number, maxEntries: number): Promise<number> {
      const tab = requireTabId(tabId);
      if (!Number.isInteger(maxEntries) || maxEntries < 0) {
        throw new Error('CME DevTools store: "maxEntries" must be a non-negative integer.');
      }
      const db = await ctx.db();
      const tx = db.transaction(['captures', 'captureBodies'], 'readwrite');
      const keys = await tx.objectStore('captures').index('by-tab-seq').getAllKeys(tabRange(tab));
      const oldest = keys.slice(0, Math.max(0, keys.length - maxEntries));
      await Promise.all([
        ...oldest.flatMap((k) => [
          tx.objectStore('captures').delete(k),
          tx.objectStore('captureBodies').delete(k),
        ]),
        tx.done,
      ]);
      return oldest.length;
    },
  };
}

/** The capture-log part of the store's API. */
export type CaptureFunctions = ReturnType<typeof createCaptureFunctions>;
