/**
 * Sending one client API call from the popup through the background: one call at a time (a second send
 * while one is in flight does nothing), abortable by its callId, with what was sent kept beside the
 * answer so the result can be copied as a snippet.
 */
import { computed, signal } from '@preact/signals';
import type { RawCall } from '../../cme/types';
import type { CallOutcome, RpcClient } from '../../protocol';
import type { EnvironmentRecord, TicketRecord } from '../../store/schema';
import { errorText } from '../shared/rpc-client';

/** What the popup sent. */
export interface SentCall {
  actionClass: string;
  action: string;
  /** The parsed body (a JSON value). */
  body: unknown;
  ticket: TicketRecord;
  environment: EnvironmentRecord | null;
  /** Epoch ms. */
  startedAt: number;
}

/** A finished (or failed to reach the background) call. */
export interface CallResult {
  sent: SentCall;
  outcome: CallOutcome | null;
  /** The RPC itself failed (background unreachable, timeout): English text. */
  rpcError: string | null;
}

/** What the runner needs. */
export interface CallRunnerDeps {
  rpc: RpcClient;
  newId?: () => string;
  now?: () => number;
  /** The background's own call timeout in ms; the RPC waits a little longer. */
  timeoutMs?: () => number;
  /** After every call (refresh tickets and recent calls). */
  onDone?: (result: CallResult) => void | Promise<void>;
}

/** Create the runner of the popup's calls. */
export function createCallRunner(deps: CallRunnerDeps) {
  const newId = deps.newId ?? (() => globalThis.crypto.randomUUID());
  const now = deps.now ?? (() => Date.now());
  const inFlight = signal<{ callId: string; sent: SentCall } | null>(null);
  const aborting = signal(false);
  const result = signal<CallResult | null>(null);
  const sending = computed(() => inFlight.value !== null);

  /** Send a call; null (and nothing sent) when one is already in flight. */
  async function run(call: Omit<SentCall, 'startedAt'>): Promise<CallResult | null> {
    if (inFlight.value) return null;
    const sent: SentCall = { ...call, startedAt: now() };
    const callId = newId();
    inFlight.value = { callId, sent };
    aborting.value = false;
    let done: CallResult;
    try {
      const outcome = await deps.rpc.request(
        'call',
        {
          ticketId: call.ticket.id,
          actionClass: call.actionClass,
          action: call.action,
          body: call.body,
          callId,
        },
        { timeoutMs: (deps.timeoutMs?.() ?? 15_000) + 10_000 },
      );
      done = { sent, outcome, rpcError: null };
    } catch (error) {
      done = { sent, outcome: null, rpcError: errorText(error) };
    }
    result.value = done;
    inFlight.value = null;
    aborting.value = false;
    await deps.onDone?.(done);
    return done;
  }

  /** Ask the background to abort the call in flight. */
  async function abort(): Promise<void> {
    const current = inFlight.value;
    if (!current || aborting.value) return;
    aborting.value = true;
    try {
      await deps.rpc.request('call.abort', { callId: current.callId });
    } catch {
      aborting.value = false;
    }
  }

  return { inFlight, sending, aborting, result, run, abort };
}

/** The popup's call runner. */
export type CallRunner = ReturnType<typeof createCallRunner>;

/** The call as a RawCall (for snippets); null when there is no URL to show (no answer came). */
export function rawCallOf(result: CallResult): RawCall | null {
  const outcome = result.outcome;
  if (!outcome?.ok) return null;
  const bodyText = JSON.stringify(result.sent.body ?? {});
  return {
    startedAt: result.sent.startedAt,
    durationMs: outcome.durationMs,
    request: {
      method: 'POST',
      url: outcome.url,
      headers: [{ name: 'Content-Type', value: 'application/json' }],
      body: { text: bodyText, mimeType: 'application/json' },
    },
    response: {
      status: outcome.httpStatus,
      headers: [{ name: 'Content-Type', value: 'application/json' }],
      body: { text: outcome.responseText, mimeType: 'application/json' },
    },
  };
}
