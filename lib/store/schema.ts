/**
 * The IndexedDB schema of CME DevTools (version 4): record types, store and index names.
 * Only lib/store reads or writes these stores; everyone else calls the functions of `openStore`.
 */
import type { DBSchema } from 'idb';
import type { CaptureRuleSpec, LoginFindingSeverity, RawCall, UnknownParams } from '../cme/types';

/** Name of the database every extension page shares. */
export const DB_NAME = 'cme-devtools';

/** Current schema version; `upgrade.ts` holds the ladder from every older one. */
export const DB_VERSION = 4;

/** Id of the built-in Tencent Cloud environment, created by the upgrade and never deleted. */
export const TENCENT_ENVIRONMENT_ID = 'tencent';

/** The built-in Tencent Cloud environment as the upgrade writes it (createdAt 0: it predates everything). */
export const TENCENT_ENVIRONMENT: EnvironmentRecord = {
  id: TENCENT_ENVIRONMENT_ID,
  name: 'Tencent Cloud',
  kind: 'tencent',
  loginUrl: 'https://open.cme.qcloud.com',
  apiBase: 'https://web-paas-api.cme.qcloud.com',
  captureRules: [],
  createdAt: 0,
};

/** How a ticket reached the store. */
export type TicketSource = 'signature' | 'dev-server' | 'local-signing' | 'captured';

/** Every ticket source, for validation. */
export const TICKET_SOURCES: readonly TicketSource[] = [
  'signature',
  'dev-server',
  'local-signing',
  'captured',
];

/** A CME ticket (the `Authorization` of a login). Full value stored; mask at the edges. */
export interface TicketRecord {
  id: string;
  authorization: string;
  platform: string | null;
  userId: string | null;
  appId: number | null;
  tfUid: string | null;
  /** Id of an `EnvironmentRecord`. */
  environment: string;
  /** User-given name; '' when none. */
  label: string;
  source: TicketSource;
  createdAt: number;
  lastUsedAt: number | null;
  /** 'rejected' once a call answered with an invalid-ticket code. */
  status: 'active' | 'rejected';
  rejectedCode: string | null;
  rejectedAt: number | null;
}

/** What a call being replayed came from. `id` null: a capture that is not in the store (imported HAR). */
export type ReplayOrigin = { kind: 'capture'; id: number | null } | { kind: 'history'; id: string };

/** One call the extension itself made (login or client API), from start to answer. */
export interface HistoryRecord {
  id: string;
  ticketId: string | null;
  environment: string;
  kind: 'login' | 'api';
  /** null for a login. */
  actionClass: string | null;
  /** `Login` for a login. */
  action: string;
  method: string;
  /** Full URL (with the ticket); mask at the edges. */
  url: string;
  requestBody: string;
  startedAt: number;
  durationMs: number | null;
  /** 'failed': no answer (network error, abort, timeout, worker stopped); 'done': an HTTP answer came. */
  status: 'pending' | 'done' | 'failed';
  httpStatus: number | null;
  code: string | null;
  message: string | null;
  englishMessage: string | null;
  requestId: string | null;
  /** The answer's text, cut at the store's limit (`responseTruncated` then true). */
  responseText: string | null;
  responseTruncated: boolean;
  error: string | null;
  replayOf: ReplayOrigin | null;
}

/** Where logins and client API calls go. */
export interface EnvironmentRecord {
  id: string;
  name: string;
  kind: 'tencent' | 'custom';
  loginUrl: string;
  apiBase: string;
  /**
   * How to recognise calls of an app that puts its own backend in front of CME (version 3; the upgrade
   * gives every older row `[]`). Optional in the type only for records built outside the store.
   */
  captureRules?: CaptureRuleSpec[];
  createdAt: number;
}

/** The light row of one captured call: what the panel lists, searches and sorts. No bodies. */
export interface CaptureSummary {
  /** Auto-increment key, shared with the `captureBodies` row. */
  id: number;
  tabId: number;
  /** Order within the tab's capture log. */
  seq: number;
  startedAt: number;
  kind: 'login' | 'api' | 'other';
  method: string;
  url: string;
  actionClass: string | null;
  action: string | null;
  code: string | null;
  ok: boolean;
  httpStatus: number;
  durationMs: number;
  /** The answer body's size in bytes (lib/cme/answer-size.ts); absent in summaries stored before it was kept. */
  size?: number;
  platform: string | null;
  userId: string | null;
  /** Full ticket; mask at the edges. */
  ticket: string | null;
  requestId: string | null;
  /** The server's Message / EnglishMessage (absent from summaries stored before they were kept). */
  message?: string | null;
  englishMessage?: string | null;
  /** Lowercased text to search in (URL, action, code, user, request id, caller's extra text). */
  text: string;
  /** The body's parameters the catalogue does not know (absent: none, or stored before they were kept). */
  unknownParams?: UnknownParams;
  /** A login's most serious diagnosis finding (absent: none, or stored before it was kept). */
  loginDiagnosis?: LoginFindingSeverity;
  /**
   * Where the call came from when not DevTools' own capture: `recorded` by the page agent while DevTools was
   * closed, or `injected` (a fault rule answered it). Both are reported by the page, which can forge them.
   */
  source?: CaptureSource;
  /** The fault rule that shaped an injected call's answer (its id and effect). */
  fault?: CaptureFault;
}

/** Where a capture came from when not DevTools' network capture. */
export type CaptureSource = 'recorded' | 'injected';

/** A fault rule's effect as a capture keeps it (lib/agent/wire.ts FaultEffect, bounded by the store). */
export interface CaptureFault {
  ruleId: string;
  effect:
    | { kind: 'code'; code: string; message?: string; englishMessage?: string }
    | { kind: 'http'; status: number }
    | { kind: 'delay'; ms: number }
    | { kind: 'network' };
}

/** The heavy part of one captured call, keyed by the summary's id. */
export interface CaptureBody {
  id: number;
  tabId: number;
  raw: RawCall;
}

/** Numbers of records per store, for the options page's "clear data" confirmation. */
export interface StoreCounts {
  tickets: number;
  history: number;
  captures: number;
  environments: number;
}

/** Groups of data that `clearAll` can empty. */
export type ClearableData = 'tickets' | 'history' | 'captures';

/**
 * A site (an origin) the user opted in for the page agent (version 4): the recorder keeps its CME calls
 * while DevTools is closed, and fault rules reach its tabs. `count`/`bytes` are what it has recorded now.
 */
export interface AgentSiteRecord {
  /** `https://app.example.com` (scheme, host and port; no path). */
  origin: string;
  /** The user's switch: off keeps what was recorded (until "forget") but unregisters the agent. */
  enabled: boolean;
  enabledAt: number;
  /** Recorded calls kept for this site, and their size (characters of their JSON). */
  count: number;
  bytes: number;
}

/**
 * One CME call the page agent reported while no DevTools panel captured its tab (version 4). The page
 * can forge it: it is always shown as "reported by the page". Kept as the agent reported it, not decoded
 * (the panel decodes when it opens).
 */
export interface RecordedCallRecord {
  /** Auto-increment key: the order calls arrived in. */
  id: number;
  tabId: number;
  /** The reporting document's origin (an `AgentSiteRecord`). */
  origin: string;
  /** When the background received it (epoch ms, the background's clock). */
  receivedAt: number;
  /** Characters of `raw` as JSON (what the site's size limit counts). */
  bytes: number;
  reportedByPage: true;
  /** The fault rule that shaped the answer (its id and effect), or null. */
  injected: { ruleId: string; effect: { kind: string; [key: string]: unknown } } | null;
  raw: RawCall;
}

/** The idb schema type of version 4 (v3's stores, plus the page agent's sites and recorded calls). */
export interface CmeSchema extends DBSchema {
  tickets: {
    key: string;
    value: TicketRecord;
    indexes: { 'by-identity': [string, string, string]; 'by-authorization': string };
  };
  history: {
    key: string;
    value: HistoryRecord;
    indexes: { 'by-startedAt': number; 'by-ticketId': string; 'by-status': string };
  };
  environments: { key: string; value: EnvironmentRecord };
  captures: {
    key: number;
    value: CaptureSummary;
    indexes: { 'by-tab-seq': [number, number]; 'by-tab': number };
  };
  captureBodies: { key: number; value: CaptureBody };
  agentSites: { key: string; value: AgentSiteRecord };
  recordedCalls: {
    key: number;
    value: RecordedCallRecord;
    indexes: { 'by-origin': string; 'by-tab': number };
  };
}
