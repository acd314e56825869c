/**
 * Replay of a captured call through the background: as captured, with an edited body, or under
 * another stored ticket; the answer is kept beside the original for a JSON diff.
 */
import { signal } from '@preact/signals';
import type { RawCall } from '../../cme/types';
import type { CallOutcome, ReplayParams, RpcClient } from '../../protocol';

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

/** The captured request body, pretty-printed when it is JSON, for the editor. */
export function editableBody(raw: RawCall): string {
  const text = raw.request.body?.text ?? '';
  const parsed = parseJson(text);
  return parsed === undefined ? text : JSON.stringify(parsed, null, 2);
}

/** The replay params of a mode: the edited body parsed as JSON (sent as text when it is not JSON). */
export function replayParams(
  raw: RawCall,
  captureId: number | null,
  mode: ReplayMode,
  bodyText: string,
  ticketId: string | null,
): ReplayParams {
  const params: ReplayParams = {
    capture: { request: raw.request },
    replayOf: { kind: 'capture', id: captureId !== null && captureId > 0 ? captureId : null },
  };
  if (mode === 'body') {
    const parsed = parseJson(bodyText);
    params.body = parsed === undefined ? bodyText : parsed;
  }
  if (mode === 'ticket' && ticketId) params.ticketId = ticketId;
  return params;
}

/** Creates the replay store (null RPC: replay unavailable). */
export function createReplayStore(rpc: RpcClient | null) {
  const mode = signal<ReplayMode>('captured');
  const bodyText = signal('');
  const ticketId = signal<string | null>(null);
  const running = signal(false);
  const result = signal<ReplayResult | null>(null);
  const error = signal<string | null>(null);

  return {
    mode,
    bodyText,
    ticketId,
    running,
    result,
    error,
    available: rpc !== null,

    /** Resets the form for a newly selected call. */
    prepare(raw: RawCall | null): void {
      bodyText.value = raw === null ? '' : editableBody(raw);
      result.value = null;
      error.value = null;
    },

    /** Sends the replay; the result (or the error) lands in the signals. */
    async run(raw: RawCall, captureId: number | null): Promise<void> {
      if (rpc === null) return;
      if (mode.peek() === 'ticket' && !ticketId.peek()) {
        error.value = 'Pick a stored ticket first';
        return;
      }
      running.value = true;
      error.value = null;
      try {
        const params = replayParams(raw, captureId, mode.peek(), bodyText.peek(), ticketId.peek());
        const outcome = await rpc.request('replay', params);
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
    },
  };
}

/** The replay store's API. */
export type ReplayStore = ReturnType<typeof createReplayStore>;
