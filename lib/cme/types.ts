/**
 * Shared types of the CME domain core. Pure data: no `browser`, no Node built-ins.
 * Every module in lib/cme speaks these types; the extension, the CLI and the sandbox all consume them.
 */

import type { Cache, Cookie, Page, Param, QueryString, Timings } from 'har-format';

/** HAR 1.2 types of the fields a RawCall keeps as the browser (or an imported HAR) gave them. */
export type {
  Cache as HarCache,
  Cookie as HarCookie,
  Page as HarPage,
  Param as HarParam,
  Timings as HarTimings,
};

/**
 * What started a request, as the browser said: Chrome's `_initiator` (`{type, url, lineNumber,
 * columnNumber, stack: {callFrames, parent}}`), a bounded JSON copy (see `boundedJson` in lib/cme/har).
 */
export type CallInitiator = { readonly [key: string]: unknown };

/** One HTTP header as HAR and devtools.network give it. */
export interface HttpHeader {
  name: string;
  value: string;
}

/** A body as captured: HAR `content`/`postData` style. `text` is null when it was not available. */
export interface RawBody {
  text: string | null;
  /** HAR sets `encoding: "base64"` for bodies it could not store as text. */
  encoding?: string;
  mimeType?: string;
  /** Size of the whole body in bytes when known (may exceed `text` when the capture truncated it). */
  size?: number;
  /** Set by our own capture when it stored only the first N characters. */
  truncated?: boolean;
  /** HAR `postData.params` (form posts), as given. */
  params?: Param[];
  /** HAR `content.compression`: bytes saved. */
  compression?: number;
  /** HAR `comment` of the content / postData. */
  comment?: string;
}

/**
 * A request/response pair as captured from a HAR, devtools.network, or the background's own fetch.
 * The optional fields keep what the browser's HAR entry said (HTTP version, cookies, every timing phase,
 * server IP, connection, page, initiator) so an export is as faithful as the browser's own; calls stored
 * before they existed lack them, and exports fill in HAR's "unknown" values.
 */
export interface RawCall {
  /** Epoch milliseconds when the request started. */
  startedAt: number;
  /** Total time in ms; 0 or negative when unknown (HAR uses -1). */
  durationMs: number;
  request: {
    method: string;
    url: string;
    headers: HttpHeader[];
    body: RawBody | null;
    /** e.g. `HTTP/1.1`, `http/2.0`, `h3`; absent when unknown. */
    httpVersion?: string;
    cookies?: Cookie[];
    /** The browser's own `queryString` (else it is derived from the URL). */
    queryString?: QueryString[];
    headersSize?: number;
    bodySize?: number;
    comment?: string;
  };
  /** Status 0 (or a null response) means no response: network failure, blocked, aborted. */
  response: {
    status: number;
    statusText?: string;
    headers: HttpHeader[];
    body: RawBody | null;
    httpVersion?: string;
    cookies?: Cookie[];
    redirectURL?: string;
    headersSize?: number;
    bodySize?: number;
    comment?: string;
    /** Chrome's `_error` (the network error of a failed request), as given. */
    error?: string;
  } | null;
  /** Every timing phase as the browser measured it (HAR: -1 for a phase that does not apply). */
  timings?: Timings;
  serverIPAddress?: string;
  connection?: string;
  cache?: Cache;
  /** HAR `pageref`: the page the call belonged to; `page` is that page when known. */
  pageref?: string;
  page?: Page;
  initiator?: CallInitiator;
  comment?: string;
}

/** Who made a call: the CME identity behind a ticket. */
export interface Identity {
  platform: string | null;
  userId: string | null;
  appId: number | null;
}

/** Result of classifying a request. */
export type Classification =
  | {
      kind: 'login';
      /** The signature exactly as the query carried it (URL-decoded once). */
      signature: string;
      host: string;
      /** true when sent to open.cme.qcloud.com or a configured login endpoint. */
      official: boolean;
    }
  | {
      kind: 'api';
      actionClass: string;
      action: string;
      /** The ticket from the `auth` query parameter. */
      auth: string;
      host: string;
      /** true when the host is not web-paas-api.cme.qcloud.com nor a configured API base (always for a rule). */
      proxied: boolean;
      /** The capture rule that recognised the call (an app's own backend path); absent for `/PaaS/` calls. */
      rule?: CaptureRuleSpec;
    }
  | { kind: 'other' };

/** Where a proxied call carries its ticket: a query parameter, a header, or a JSON body field (dotted). */
export interface TicketLocation {
  in: 'query' | 'header' | 'body';
  /** Query parameter name, header name (any case), or body field path (`Auth`, `cme.ticket`). */
  name: string;
}

/**
 * A capture rule as the user writes it: a path pattern with `<Class>` and `<Action>` placeholders,
 * optionally after an origin (`https://app.example.com/api/cme/<Class>/<Action>`), and the ticket's place.
 */
export interface CaptureRuleSpec {
  pattern: string;
  ticket: TicketLocation;
  /** The environment the rule belongs to (its id), when it came from one. */
  environment?: string;
}

/** A capture rule compiled by lib/cme/capture-rules.ts (`compileCaptureRule`); build it only there. */
export interface CaptureRule {
  readonly spec: CaptureRuleSpec;
  /** `scheme://host[:port]` in lower case, or null: any host. */
  readonly origin: string | null;
  /** Anchored, bounded: matched against a URL's path. */
  readonly path: RegExp;
  /** Whether `<Class>` comes before `<Action>` in the pattern. */
  readonly classFirst: boolean;
  /** The longest fixed part of the pattern: a URL without it is rejected without parsing. */
  readonly needle: string;
  /** The body field path's keys (body rules); [] else. */
  readonly bodyPath: readonly string[];
}

/** Endpoints a user configured (a sandbox, a company proxy); URL prefixes such as `http://127.0.0.1:8787`. */
export interface ClassifyOptions {
  loginEndpoints?: string[];
  apiBases?: string[];
  /** Capture rules for apps that put their own backend in front of CME (compiled, first match wins). */
  captureRules?: readonly CaptureRule[];
}

/** The fields a login signature carries, numbers as numbers (NaN never: a bad number is a problem). */
export interface SignatureFields {
  secretId: string;
  currentTimeStamp: number;
  expireTime: number;
  random: number;
  platform: string;
  action: string;
  userId: string;
  /** Any other field (e.g. `openProject.projectId`), in the order seen. */
  extra: Record<string, string>;
}

/** A decoded signature. Never thrown: what could not be read is listed in `problems`. */
export interface DecodedSignature {
  /** null when the text is not a CME signature at all. */
  fields: SignatureFields | null;
  /** Every key=value of the plaintext, in the order seen. */
  raw: [string, string][];
  /** The query-string plaintext after the 20 HMAC bytes. */
  plaintext: string;
  /** The 20 HMAC-SHA1 bytes, hex. */
  hmacHex: string;
  problems: string[];
  /**
   * The signature as a server reads it: standard, padded Base64 of its bytes (a damaged paste repaired:
   * spaces for `+`, URL-safe digits, lost padding, whitespace, percent-encoding). Absent when unreadable.
   */
  base64?: string;
}

/** A decoded signature with its timing judged at a given time (null when it has no fields). */
export type SignatureCheck = DecodedSignature & {
  expired: boolean | null;
  /** Issued further in the future than the allowed clock skew. */
  notYetValid: boolean | null;
  secondsLeft: number | null;
};

/** Code, messages and Data of a CME answer, with what could not be read. Never thrown. */
export interface Envelope {
  ok: boolean;
  code: string | null;
  message: string | null;
  englishMessage: string | null;
  requestId: string | null;
  data: unknown;
  /** The parsed JSON (undefined when it could not be parsed). */
  json: unknown;
  problems: string[];
}

/** A decoded login answer of either documented shape. */
export interface LoginAnswer extends Envelope {
  shape: 'current' | 'legacy' | null;
  authorization: string | null;
  appId: number | null;
  platform: string | null;
  /** Legacy shape's `Data.UserId`. */
  userId: string | null;
  /** Current shape's `TfUid`. */
  tfUid: string | null;
}

/** A parameter of a catalogued action. `type` is the catalogue's spelling: String, Integer, Array of String, Entity, ... */
export interface CatalogueParam {
  name: string;
  type: string;
  required: boolean;
  note: string;
  /** The note in Chinese (the UI shows it when the UI language is zh_CN). */
  noteZh: string;
}

/** One client API of the catalogue. */
export interface CatalogueEntry {
  actionClass: string;
  action: string;
  /** `/<ActionClass>/<ActionName>` */
  path: string;
  titleZh: string;
  titleEn: string;
  group: string;
  docUrl: string | null;
  /** false for actions seen only in third-party code (not in Tencent's docs). */
  documented: boolean;
  params: CatalogueParam[];
  data: { name: string; type: string; note: string; noteZh: string }[];
  errorCodes: string[];
}

/** What a login finding is about (lib/cme/login-diagnosis.ts). */
export type LoginFindingKind =
  | 'signed-in-future'
  | 'expired-before-sent'
  | 'signed-long-before'
  | 'empty-validity'
  | 'long-validity'
  | 'not-login-action'
  | 'platform-mismatch'
  | 'user-mismatch'
  | 'computer-clock';

/** How much it matters: `error` explains a failure (or would cause one), `warning` deserves a fix. */
export type LoginFindingSeverity = 'error' | 'warning' | 'info';

/** One finding, said in both languages. */
export interface LoginFinding {
  kind: LoginFindingKind;
  severity: LoginFindingSeverity;
  /**
   * The measure behind it, in seconds, where there is one: signed ahead by, expired since, signed before
   * sending by, valid for, this computer's clock behind the server's by (negative: ahead).
   */
  seconds: number | null;
  zh: string;
  en: string;
}

/** An unknown parameter as a row names it: its name and the documented one it likely meant. */
export interface UnknownParamName {
  param: string;
  suggestion?: string;
}

/**
 * The unknown parameters of a call's body, as its row shows them: how many, and the first few by name
 * (a body may have 10,000; a row keeps a few, each cut short).
 */
export interface UnknownParams {
  count: number;
  names: readonly UnknownParamName[];
}

/** A finding of the catalogue check on a request body. */
export interface ParamFinding {
  param: string;
  problem: 'missing' | 'type' | 'unknown' | 'not-object';
  expected?: string;
  got?: string;
  /**
   * For an `unknown` parameter: the documented one it likely meant, spelled as the body should (a nested
   * one with its path: `Owner.Type` for `Owner.type`); absent when none is likely.
   */
  suggestion?: string;
  /** Human-readable, English. */
  message: string;
}

/** What the catalogue says of a call. */
export interface CatalogueCheck {
  catalogued: boolean;
  documented: boolean;
  findings: ParamFinding[];
}

/** A CME call decoded: what the panel lists and the CLI prints. Full secrets kept; mask at the edges. */
export interface DecodedCall {
  /** Position in the source (HAR `log.entries` index, capture sequence). */
  index: number;
  kind: 'login' | 'api';
  /** null for login. */
  actionClass: string | null;
  /** `Login` for login. */
  action: string;
  method: string;
  url: string;
  httpStatus: number;
  ok: boolean;
  code: string | null;
  message: string | null;
  englishMessage: string | null;
  requestId: string | null;
  startedAt: number;
  durationMs: number;
  /** The ticket: `auth` for an api call, the answer's Authorization for a login. Full value. */
  ticket: string | null;
  user: Identity | null;
  /** Login only. */
  signature: (DecodedSignature & { expired: boolean | null }) | null;
  /** Login only: what the signature's times and fields say about this login (clock skew…); [] else. */
  loginFindings: LoginFinding[];
  /** Signatures found in VerifySign body fields (CreateUploadMaterial, ProcessMaterial). */
  verifySign: (DecodedSignature & { expired: boolean | null }) | null;
  proxied: boolean;
  /** The capture rule that recognised a proxied call on its own path; absent otherwise. */
  rule?: CaptureRuleSpec;
  /** Parsed request body (api calls), undefined when absent or unreadable. */
  requestBody: unknown;
  /** Parsed answer envelope / login answer data. */
  data: unknown;
  catalogue: CatalogueCheck | null;
  /** Only what could not be read or decoded. */
  problems: string[];
}
