/**
 * The one RPC protocol between the extension's pages (panel, popup, options) and the background:
 * a map `method → (params) => result` with every params and result type. The messages that carry a
 * call are in `messages.ts`. Results travel through a runtime port (or `runtime.sendMessage`),
 * JSON-serialised by Chrome: keep them JSON-safe.
 */
import type { AgentCall, FaultRule } from '../agent/wire';
import type { AnswerHead, LoginHead } from '../cme/answer';
import type { CaptureRuleSpec, HttpHeader, RawCall } from '../cme/types';
import type {
  AgentSiteRecord,
  ClearableData,
  EnvironmentRecord,
  HistoryRecord,
  RecordedCallRecord,
  ReplayOrigin,
  StoreCounts,
  TicketRecord,
} from '../store/schema';
import type { Pruned } from '../store/prune';

/** Params of a method that takes none: pass `{}`. */
export type EmptyParams = Record<string, never>;

export type { SignatureCheck } from '../cme/types';

/** Why the background could not do what was asked (a result, not a transport error). */
export interface ActionFailure {
  ok: false;
  /** Where it failed: before the network, on the network, or in the CME answer. */
  stage: 'input' | 'signature' | 'keys' | 'dev-server' | 'network' | 'answer';
  /** The CME Code when the server answered one. */
  code: string | null;
  /** English developer text. */
  message: string;
  serverMessage: string | null;
  serverEnglishMessage: string | null;
  /** 0 when there was no HTTP answer. */
  httpStatus: number;
  problems: string[];
  /** Set when the attempt reached the history. */
  historyId?: string;
  /**
   * Set when a stored ticket would have gone to this host (`URL.host`: name and port), which is not one
   * of its environment's (stage 'input': nothing was sent). Send again with `allowHost` once the user
   * confirmed this host.
   */
  host?: string;
  /** With `host`: the name of the environment the ticket was issued for (its id when it is gone). */
  environment?: string;
}

/** A login that produced a stored ticket. */
export interface LoginSuccess {
  ok: true;
  ticket: TicketRecord;
  /** false when the same ticket was already stored (it was refreshed). */
  created: boolean;
  /** The answer's head, ticket and identity (its text is in the login's history row). */
  answer: LoginHead;
  durationMs: number;
  historyId: string;
}

/** What every login method answers. */
export type LoginOutcome =
  | LoginSuccess
  /**
   * `signatureText`: the signature the login used (fetched or signed in the background), to decode;
   * `responseText`: the answer of a refused login (stage 'answer'), to decode for what is wrong with it
   * (`decodeLoginAnswer`: the worker leaves `problems` empty then).
   */
  | (ActionFailure & { signatureText?: string; responseText?: string | null });

/** A call or replay that got an HTTP answer, whatever its CME Code. */
export interface CallAnswer {
  ok: true;
  historyId: string;
  /** Full URL (with the ticket): mask it at the edges. */
  url: string;
  httpStatus: number;
  durationMs: number;
  /**
   * The answer's head: the answer itself travels once, as `responseText` (decode it for Data and what is
   * wrong with it: lib/cme/envelope.ts).
   */
  envelope: EnvelopeHead;
  requestId: string | null;
  /** The answer's Code rejected the ticket, which is now marked rejected. */
  ticketRejected: boolean;
  ticketId: string | null;
  responseText: string | null;
}

/** An answer's ok, Code, messages and RequestId (Data and problems: decode its text). */
export type EnvelopeHead = AnswerHead;

/** What `call` and `replay` answer. */
export type CallOutcome = CallAnswer | ActionFailure;

/** What pages may know of the local-signing keys: never the SecretKey. */
export interface KeysStatus {
  present: boolean;
  /** Masked SecretId. */
  secretId: string | null;
}

/** `tickets.save`: a ticket seen in captured traffic. */
export interface SaveTicketParams {
  environmentId: string;
  authorization: string;
  platform?: string | null;
  userId?: string | null;
  appId?: number | null;
  tfUid?: string | null;
  label?: string;
}

/** `call`: a client API call with a stored ticket. Give `callId` to be able to `call.abort` it. */
export interface CallParams {
  ticketId: string;
  actionClass: string;
  action: string;
  /** The request body (a JSON value). */
  body: unknown;
  timeoutMs?: number;
  callId?: string;
}

/** `replay`: send a captured call again, optionally with another body or stored ticket. */
export interface ReplayParams {
  /**
   * The captured request: its method, URL and body text are sent again; of its headers only the one a
   * capture `rule` reads the ticket from (nothing else of it is read).
   */
  capture: { request: Pick<RawCall['request'], 'method' | 'url' | 'body'> & { headers?: HttpHeader[] } };
  /**
   * The capture rule that recognised the call (an app's own backend): the call goes to the same URL with
   * its ticket where the rule says (a stored ticket replaces it there). The page's client checks it
   * matches the captured request and sends what it read as `hit` (lib/protocol/page-side.ts).
   */
  rule?: CaptureRuleSpec;
  /** What `rule` read from the captured request: set by the page's client, never by its callers. */
  hit?: RuleHit;
  /** Replace the captured body (a JSON value; a string is sent as is). */
  body?: unknown;
  /** Send with this stored ticket instead of the captured `auth`. */
  ticketId?: string;
  /**
   * The user confirmed sending the stored ticket to this host (`URL.host`), which is not one of its
   * environment's hosts: without it such a replay is refused (stage 'host') and nothing is sent.
   */
  allowHost?: string;
  replayOf?: ReplayOrigin | null;
  timeoutMs?: number;
  callId?: string;
}

/** What a capture rule read from a request: the action it names and the ticket it carries. */
export interface RuleHit {
  actionClass: string;
  action: string;
  ticket: string;
}

/** A site opted in for the page agent, as the options page shows it. */
export interface AgentSiteInfo extends AgentSiteRecord {
  /** The browser grants our host permission for `origin/*` (without it the agent cannot run there). */
  granted: boolean;
  /** The agent's scripts are registered for it now (enabled and granted). */
  registered: boolean;
}

/** Agent messages the background dropped since it started (this worker's life). */
export interface AgentDropCounts {
  /** Not a wire message, or over WIRE_LIMITS. */
  malformed: number;
  /** Over WIRE_LIMITS.maxCallsPerMinute for their tab. */
  rateLimited: number;
  /** Ports refused: not a top frame of an opted-in origin, or not our content script. */
  refusedPorts: number;
}

/** What `agent.*` methods answer: every site (enabled or not) and the drop counts. */
export interface AgentSitesAnswer {
  sites: AgentSiteInfo[];
  dropped: AgentDropCounts;
}

/** Which recorded calls: a tab's, a site's (both: that tab's calls of that site), or all. */
export interface RecordedQueryParams {
  tabId?: number;
  origin?: string;
}

/**
 * The DevTools panel's long-lived port while it captures a tab: it posts `PanelCaptureHello` once. While
 * it is open the recorder keeps nothing of that tab (the panel sees the network itself) and forwards the
 * agent's reports of answers a fault rule shaped (`PanelInjectedCall`), which the network never shows.
 */
export const PANEL_CAPTURE_PORT = 'cme-panel-capture';

/** The panel's first message on `PANEL_CAPTURE_PORT`. */
export interface PanelCaptureHello {
  tabId: number;
}

/** The background's message on `PANEL_CAPTURE_PORT`: a call of the tab a fault rule answered. */
export interface PanelInjectedCall {
  type: 'cme-agent/injected';
  tabId: number;
  /**
   * Reported by the page (validated against WIRE_LIMITS, as a raw call: lib/agent/record.ts, its URL
   * absolute): show it as such.
   */
  raw: RawCall;
  /** The fault rule that shaped its answer. */
  injected: NonNullable<AgentCall['injected']>;
}

/** Every method: `name: (params) => result`. */
export interface RpcMap {
  ping: (params: EmptyParams) => { pong: true; now: number };
  'tickets.list': (params: { environmentId?: string; status?: 'active' | 'rejected' }) => TicketRecord[];
  'tickets.save': (params: SaveTicketParams) => { ticket: TicketRecord; created: boolean };
  'tickets.delete': (params: { ticketId: string }) => { deleted: boolean };
  'login.withSignature': (params: {
    environmentId: string;
    signature: string;
    label?: string;
  }) => LoginOutcome;
  'login.fromDevServer': (params: {
    environmentId: string;
    /** `{userId}` and `{platform}` are filled in, URL-encoded. */
    urlTemplate: string;
    userId: string;
    platform?: string;
    label?: string;
  }) => LoginOutcome;
  'login.localSign': (params: {
    environmentId: string;
    platform: string;
    userId: string;
    label?: string;
  }) => LoginOutcome;
  'keys.set': (params: { secretId: string; secretKey: string }) => KeysStatus;
  'keys.status': (params: EmptyParams) => KeysStatus;
  'keys.forget': (params: EmptyParams) => KeysStatus;
  call: (params: CallParams) => CallOutcome;
  /** `aborted` false: no call in flight with that id. */
  'call.abort': (params: { callId: string }) => { aborted: boolean };
  replay: (params: ReplayParams) => CallOutcome;
  'history.list': (params: { limit?: number; ticketId?: string }) => HistoryRecord[];
  'history.clear': (params: EmptyParams) => { cleared: number };
  'environments.list': (params: EmptyParams) => EnvironmentRecord[];
  'environments.save': (params: {
    id?: string;
    name: string;
    loginUrl: string;
    apiBase: string;
    /** Capture rules (absent: kept as they are); each must compile (lib/cme/capture-rules.ts). */
    captureRules?: CaptureRuleSpec[];
  }) => EnvironmentRecord;
  'environments.delete': (params: { environmentId: string }) => { deleted: boolean };
  'data.counts': (params: EmptyParams) => StoreCounts;
  /** Prunes the stores to the caps of the settings now: what went, and the counts after. */
  'data.prune': (params: EmptyParams) => { removed: Pruned; counts: StoreCounts };
  /** Answers the counts after clearing. */
  'data.clear': (params: { stores: ClearableData[] }) => StoreCounts;
  /** Recorded calls (page agent), oldest first, left in the store. */
  'recorder.list': (params: RecordedQueryParams) => RecordedCallRecord[];
  /** Recorded calls, oldest first, removed from the store as they are answered (the panel takes them). */
  'recorder.take': (params: RecordedQueryParams) => RecordedCallRecord[];
  'recorder.clear': (params: RecordedQueryParams) => { cleared: number };
  /** A tab's fault rules. */
  'faults.get': (params: { tabId: number }) => { rules: FaultRule[] };
  /**
   * Replace a tab's fault rules; they reach its connected agents at once (`agents`: how many). A `code`
   * effect's `message`/`englishMessage` are sent as given: fill them from the error dictionary in the page
   * (`withDictionaryText`, lib/agent/fault-text.ts) — the background carries no dictionary (6.5 KB gz).
   */
  'faults.set': (params: { tabId: number; rules: FaultRule[] }) => { rules: FaultRule[]; agents: number };
  'agent.sites': (params: EmptyParams) => AgentSitesAnswer;
  /**
   * Turn the agent on for an origin (`https://host[:port]`). Ask `permissions.request({origins:
   * [origin + '/*']})` in the click handler first: without the permission it is refused ('forbidden').
   */
  'agent.enable': (params: { origin: string }) => AgentSitesAnswer;
  /** Turn it off: unregistered, its recorded calls kept. */
  'agent.disable': (params: { origin: string }) => AgentSitesAnswer;
  /** Forget the site: its recorded calls deleted, unregistered, its host permission removed. */
  'agent.forget': (params: { origin: string }) => AgentSitesAnswer;
}

/** A method name. */
export type RpcMethod = keyof RpcMap;

/** The params of a method. */
export type RpcParams<M extends RpcMethod> = Parameters<RpcMap[M]>[0];

/** The result of a method. */
export type RpcResult<M extends RpcMethod> = ReturnType<RpcMap[M]>;
