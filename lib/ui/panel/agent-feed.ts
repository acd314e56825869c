/**
 * What the page agent reported, into the panel's log: the tab's recorded calls (made while DevTools was
 * closed, taken from the background when the panel opens) and, while the panel captures, the answers a
 * fault rule shaped (forwarded on the `cme-panel-capture` port; an injected answer never reaches the
 * network, so DevTools' own capture never sees it). Both are decoded like captured calls and marked as
 * reported by the page (`source`), which can forge them.
 *
 * A `delay` rule sends the real call, so DevTools captures it too: its report marks the captured row (same
 * method and URL, started within a second) instead of listing the call twice.
 */
import type { AgentCall } from '../../agent/wire';
import { decodeCall, type DecodeContext } from '../../cme/decode-call';
import type { RawCall } from '../../cme/types';
import { PANEL_CAPTURE_PORT, type PortLike, type RuntimeLike } from '../../protocol';
import type { RecordedCallRecord } from '../../store';
import type { CallToAdd } from './log-writer';
import type { AgentMarks, PanelRow } from './rows';

/** How close a captured call's start must be to a delayed call's report to be the same call. */
export const SAME_CALL_MS = 1000;
/** How long a delayed call's report waits for DevTools' capture of it before it is listed on its own. */
export const DELAY_MATCH_WAIT_MS = 5000;

const RECONNECT_MS = 250;
const MAX_RECONNECT_MS = 30_000;
/** A port that lived this long was fine: the next reconnect starts from RECONNECT_MS again. */
const STABLE_MS = 5000;

/** A fault rule's id and effect as a row keeps it. */
export type FaultMark = NonNullable<AgentMarks['fault']>;

/** The fault mark of a report or a recorded call (null: no rule shaped it). */
export function faultMarkOf(
  injected: AgentCall['injected'] | RecordedCallRecord['injected'],
): FaultMark | undefined {
  if (!injected) return undefined;
  return { ruleId: injected.ruleId, effect: injected.effect as FaultMark['effect'] };
}

/** The call to add for a raw call the agent reported, decoded like a captured one; null when it is no CME call. */
export function agentCallToAdd(
  raw: RawCall,
  decode: DecodeContext,
  marks: AgentMarks,
  index = 0,
): CallToAdd | null {
  const decoded = decodeCall(raw, index, decode);
  return decoded === null ? null : { decoded, raw, ...marks };
}

/** The recorded calls to add, in the order they were made (by start time; the store's order breaks ties). */
export function recordedCallsToAdd(
  records: readonly RecordedCallRecord[],
  decode: DecodeContext,
): CallToAdd[] {
  const sorted = records
    .map((r, i) => ({ r, i }))
    .sort((a, b) => a.r.raw.startedAt - b.r.raw.startedAt || a.i - b.i);
  const out: CallToAdd[] = [];
  for (const { r } of sorted) {
    const fault = faultMarkOf(r.injected);
    const call = agentCallToAdd(
      r.raw,
      decode,
      { source: 'recorded', ...(fault ? { fault } : {}) },
      out.length,
    );
    if (call) out.push(call);
  }
  return out;
}

/** Whether a captured row (or call) is the real call behind a delayed report. */
export function sameCall(
  a: { method: string; url: string; startedAt: number },
  b: { method: string; url: string; startedAt: number },
): boolean {
  return (
    a.method.toUpperCase() === b.method.toUpperCase() &&
    a.url === b.url &&
    Math.abs(a.startedAt - b.startedAt) < SAME_CALL_MS
  );
}

const reportKey = (raw: RawCall) => ({
  method: raw.request.method,
  url: raw.request.url,
  startedAt: raw.startedAt,
});

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/**
 * The background's report of an injected answer (`PanelInjectedCall`: a raw call it built from the agent's
 * checked message), in a shape the feed can list; null otherwise. Only our background posts on this port.
 */
function injectedReport(m: unknown, tabId: number): { raw: RawCall; fault: FaultMark } | null {
  if (!isObject(m) || m.type !== 'cme-agent/injected' || m.tabId !== tabId) return null;
  const { raw, injected } = m;
  if (!isObject(raw) || typeof raw.startedAt !== 'number' || !isObject(raw.request)) return null;
  if (typeof raw.request.method !== 'string' || typeof raw.request.url !== 'string') return null;
  if (!isObject(injected) || typeof injected.ruleId !== 'string' || !isObject(injected.effect)) return null;
  const fault = faultMarkOf(injected as NonNullable<AgentCall['injected']>);
  return fault ? { raw: raw as unknown as RawCall, fault } : null;
}

/** What the feed needs of the panel. */
export interface AgentFeedPanel {
  rows: { peek(): readonly PanelRow[] };
  add(call: CallToAdd): void;
  flush(): Promise<void>;
  mark(id: number, marks: AgentMarks): Promise<boolean>;
}

/** What the feed needs. */
export interface AgentFeedDeps {
  tabId: number;
  runtime: Pick<RuntimeLike, 'connect'>;
  rpc: { request(method: 'recorder.take', params: { tabId: number }): Promise<RecordedCallRecord[]> };
  decode: DecodeContext;
  panel: AgentFeedPanel;
  /**
   * Resolves once DevTools' capture has handed on what came before (boot: a moment, then the pipeline
   * idle): an injected answer comes at once, the captured calls before it a little later, and the list
   * stays in the order the page made them.
   */
  settle?: () => Promise<void>;
  /** Timers (tests). */
  setTimeout?: (fn: () => void, ms: number) => unknown;
  clearTimeout?: (handle: unknown) => void;
  now?: () => number;
}

/** The feed of one panel. */
export function createAgentFeed(deps: AgentFeedDeps) {
  const { panel, decode, tabId } = deps;
  const later = deps.setTimeout ?? ((fn, ms) => setTimeout(fn, ms));
  const cancel = deps.clearTimeout ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
  let port: PortLike | null = null;
  let stopped = false;
  // Delayed calls reported before DevTools' capture of them was listed: they wait for it a while.
  const waiting: { raw: RawCall; fault: FaultMark; timer: unknown }[] = [];
  let index = 0;
  // The recorded calls listed: DevTools may have seen them too (open on another panel before ours loaded).
  const recorded: { method: string; url: string; startedAt: number }[] = [];
  let retryMs = RECONNECT_MS / 2;
  const now = deps.now ?? Date.now;

  const addOwnRow = (raw: RawCall, fault: FaultMark): void => {
    const add = agentCallToAdd(raw, decode, { source: 'injected', fault }, index++);
    if (add) panel.add(add);
  };

  /** The listed captured row of a delayed call, if any (the newest match not already marked). */
  const capturedRowOf = (raw: RawCall): PanelRow | undefined => {
    const rows = panel.rows.peek();
    for (let i = rows.length - 1; i >= 0; i--) {
      const r = rows[i]!;
      if (r.source === undefined && sameCall(r, reportKey(raw))) return r;
    }
    return undefined;
  };

  async function onInjected(raw: RawCall, fault: FaultMark): Promise<void> {
    await deps.settle?.();
    if (stopped) return;
    if (fault.effect.kind !== 'delay') return addOwnRow(raw, fault);
    await panel.flush();
    const row = capturedRowOf(raw);
    if (row) {
      await panel.mark(row.id, { source: 'injected', fault });
      return;
    }
    const entry = {
      raw,
      fault,
      timer: later(() => {
        const i = waiting.indexOf(entry);
        if (i < 0) return;
        waiting.splice(i, 1);
        addOwnRow(raw, fault);
      }, DELAY_MATCH_WAIT_MS),
    };
    waiting.push(entry);
  }

  return {
    /** Takes the tab's recorded calls from the background and lists them; resolves with how many. */
    async takeRecorded(): Promise<number> {
      const records = await deps.rpc.request('recorder.take', { tabId });
      if (stopped) return 0;
      const calls = recordedCallsToAdd(records, decode);
      for (const c of calls) {
        panel.add(c);
        recorded.push({ method: c.raw.request.method, url: c.raw.request.url, startedAt: c.raw.startedAt });
      }
      return calls.length;
    },

    /**
     * Opens the capture port: while it is open the background records nothing of this tab (the panel sees
     * the network) and forwards the injected answers here.
     */
    connect(): void {
      if (port || stopped) return;
      const p = deps.runtime.connect({ name: PANEL_CAPTURE_PORT }) as PortLike;
      port = p;
      p.onMessage.addListener((message) => {
        const report = injectedReport(message, tabId);
        if (!report) return;
        onInjected(report.raw, report.fault).catch((error: unknown) =>
          console.error('CME DevTools: could not list an injected call', error),
        );
      });
      const openedAt = now();
      p.onDisconnect.addListener(() => {
        if (port !== p) return;
        port = null;
        // A stopped MV3 worker closes the port: open it again (waking the worker), or the recorder would
        // keep this tab's calls while the panel captures them. A port closed at once backs off.
        if (stopped) return;
        retryMs = now() - openedAt > STABLE_MS ? RECONNECT_MS : Math.min(retryMs * 2, MAX_RECONNECT_MS);
        later(() => this.connect(), retryMs);
      });
      p.postMessage({ tabId });
    },

    /**
     * A call DevTools captured: the marks of a delayed report waiting for it (it is the real call a delay
     * rule held back), else none.
     */
    marksFor(method: string, url: string, startedAt: number): AgentMarks {
      const captured = { method, url, startedAt };
      const i = waiting.findIndex((w) => sameCall(captured, reportKey(w.raw)));
      if (i < 0) return {};
      const [w] = waiting.splice(i, 1);
      cancel(w!.timer);
      return { source: 'injected', fault: w!.fault };
    },

    /**
     * Whether a call DevTools captured is one of the recorded calls already listed (DevTools was open on
     * another panel while the recorder kept it): it is then not listed again. Each recorded call is matched once.
     */
    wasRecorded(method: string, url: string, startedAt: number): boolean {
      const i = recorded.findIndex((r) => sameCall(r, { method, url, startedAt }));
      if (i < 0) return false;
      recorded.splice(i, 1);
      return true;
    },

    /** Closes the port (page unload); waiting reports are dropped. */
    stop(): void {
      stopped = true;
      for (const w of waiting.splice(0)) cancel(w.timer);
      const p = port;
      port = null;
      try {
        p?.disconnect();
      } catch {
        // Already gone.
      }
    },
  };
}

/** The panel's agent feed. */
export type AgentFeed = ReturnType<typeof createAgentFeed>;
