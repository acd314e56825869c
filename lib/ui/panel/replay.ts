/**
 * Replay of a captured call through the background: as captured, with an edited body, or under
 * another stored ticket; the answer is kept beside the original for a JSON diff.
 */
import { signal } from '@preact/signals';
import type { ClassifyOptions, RawCall } from '../../cme/types';
import type { CallOutcome, ReplayParams, RpcClient } from '../../protocol';
import { nestsDeeperThan } from '../../cme/json-depth';

/** How to replay. */
export type ReplayMode = 'captured' | 'body' | 'ticket';

/** A finished replay: the background's outcome and both answers' JSON. */
export interface ReplayResult {
  outcome: CallOutcome;
  /** The captured answer's JSON (undefined when it was not JSON). */
  before: unknown;
  /** The replayed answer's JSON (undefined when there was none). */
  after: unknown;
}

/** Parses JSON text; undefined when it is not JSON. */
export function parseJson(text: string | null | undefined): unknown {
  if (text === null || text === undefined || text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Bodies nested deeper than this are edited as captured: pretty-printing them would overflow the stack. */
const PRETTY_DEPTH = 64;

/** The captured request body, pretty-printed when it is JSON (and not deeply nested), for the editor. */
export function editableBody(raw: RawCall): string {
  const text = raw.request.body?.text ?? '';
  const parsed = parseJson(text);
  return parsed === undefined || nestsDeeperThan(parsed, PRETTY_DEPTH)
    ? text
    : JSON.stringify(parsed, null, 2);
}

/** The replay params of a mode: the edited body parsed as JSON (sent as text when it is not JSON). */
export async function replayParams(
  raw: RawCall,
  captureId: number | null,
  mode: ReplayMode,
  bodyText: string,
  ticketId: string | null,
  classify?: ClassifyOptions,
): Promise<ReplayParams> {
  const params: ReplayParams = {
    capture: { request: raw.request },
    replayOf: { kind: 'capture', id: captureId !== null && captureId > 0 ? captureId : null },
  };
  // A call an app's own backend carried goes again the way its capture rule read it.
  // The rule alone (not the whole classifier, which loads with capture): a rule-captured call is an API
  // call. The matcher loads when the tab has rules.
  const rules = classify?.captureRules;
  const hit =
    rules?.length && raw.request.method.toUpperCase() !== 'OPTIONS'
      ? (await import('../../cme/capture-rules')).matchCaptureRules(raw.request, rules)
      : null;
  if (hit !== null) {
    const rule = hit.rule.spec;
    params.rule = rule;
    if (rule.ticket.in === 'header') {
      const name = rule.ticket.name.toLowerCase();
      params.capture.request.headers = raw.request.headers
        .filter((h) => h.name.toLowerCase() === name)
        .slice(0, 1);
    }
  }
  if (mode === 'body') {
    const parsed = parseJson(bodyText);
    params.body = parsed === undefined ? bodyText : parsed;
  }
  if (mode === 'ticket' && ticketId) params.ticketId = ticketId;
  return params;
}

/** A replay the background refused until the user confirms sending the stored ticket to `host`. */
export interface HostConfirmation {
  /** The host (`URL.host`) the stored ticket would go to. */
  host: string;
  /** The name of the environment the ticket was issued for. */
  environment: string;
  /** The ticket that would be sent. */
  ticketId: string;
  /** What to send again, with `allowHost`, once confirmed. */
  raw: RawCall;
  params: ReplayParams;
}

/**
 * Creates the replay store (null RPC: replay unavailable); `classify` knows the tab's capture rules;
 * `onReplayed` hears the id of each listed call a replay reached the background for (`is:replayed`).
 */
export function createReplayStore(
  rpc: RpcClient | null,
  classify?: ClassifyOptions,
  onReplayed?: (captureId: number) => void,
) {
  const mode = signal<ReplayMode>('captured');
  const bodyText = signal('');
  const ticketId = signal<string | null>(null);
  const running = signal(false);
  const result = signal<ReplayResult | null>(null);
  const error = signal<string | null>(null);
  /** A replay waiting for the user to allow another host; nothing has been sent for it. */
  const confirmHost = signal<HostConfirmation | null>(null);

  async function send(raw: RawCall, params: ReplayParams): Promise<void> {
    if (rpc === null) return;
    running.value = true;
    error.value = null;
    try {
      const outcome = await rpc.request('replay', params);
      const origin = params.replayOf;
      if (outcome.historyId !== undefined && origin?.kind === 'capture' && origin.id !== null) {
        onReplayed?.(origin.id);
      }
      if (!outcome.ok && outcome.host && params.ticketId) {
        // The background sent nothing: the user decides (confirm / decline).
        const { host, environment = '' } = outcome;
        result.value = null;
        confirmHost.value = { host, environment, ticketId: params.ticketId, raw, params };
        return;
      }
      result.value = {
        outcome,
        before: parseJson(raw.response?.body?.text),
        after: outcome.ok ? parseJson(outcome.responseText) : undefined,
      };
    } catch (e) {
      error.value = e instanceof Error ? e.message : String(e);
    } finally {
      running.value = false;
    }
  }

  return {
    mode,
    bodyText,
    ticketId,
    running,
    result,
    error,
    confirmHost,
    available: rpc !== null,

    /** Resets the form for a newly selected call. */
    prepare(raw: RawCall | null): void {
      bodyText.value = raw === null ? '' : editableBody(raw);
      result.value = null;
      error.value = null;
      confirmHost.value = null;
    },

    /**
     * Sends the replay; the result (or the error) lands in the signals. A stored ticket refused for a
     * host outside its environment lands in `confirmHost` instead (the failure names the `host`): nothing is sent until `allowHost`.
     */
    async run(raw: RawCall, captureId: number | null): Promise<void> {
      if (rpc === null) return;
      confirmHost.value = null;
      if (mode.peek() === 'ticket' && !ticketId.peek()) {
        error.value = 'Pick a stored ticket first';
        return;
      }
      const params = await replayParams(
        raw,
        captureId,
        mode.peek(),
        bodyText.peek(),
        ticketId.peek(),
        classify,
      );
      await send(raw, params);
    },

    /** The user agreed: the waiting replay is sent again, allowed for exactly the host it named. */
    async allowHost(): Promise<void> {
      const waiting = confirmHost.peek();
      if (waiting === null) return;
      confirmHost.value = null;
      await send(waiting.raw, { ...waiting.params, allowHost: waiting.host });
    },

    /** The user declined: nothing is sent. */
    declineHost(): void {
      confirmHost.value = null;
    },
  };
}

/** The replay store's API. */
export type ReplayStore = ReturnType<typeof createReplayStore>;
