/**
 * The isolated-world relay between the page agent (MAIN world, over the MessagePort of channel.ts) and the
 * background (a `runtime.connect` port named `cme-agent`). It forwards only the wire's message shapes,
 * validated and bounded, at most `maxCallsPerMinute` recorded calls a minute (more are dropped), and
 * answers one handshake per document (the first hello; the agent's, when both run at document_start).
 */
import { checkAgentMessage, checkBackgroundMessage, HANDSHAKE, WIRE_LIMITS } from './wire';

/** The part of a `runtime.Port` the relay uses. */
export interface BackgroundPort {
  postMessage(message: unknown): void;
  onMessage: { addListener(cb: (message: unknown) => void): void };
  onDisconnect: { addListener(cb: () => void): void };
}

/** The port's name the background listens for. */
export const AGENT_PORT = 'cme-agent';

/** Starts the relay in `win`; `connect` opens the background port (once the agent is there). */
export function startRelay(win: typeof globalThis, connect: () => BackgroundPort, now = Date.now): void {
  let done = false;
  const onHello = (e: Event) => {
    const token = (e as CustomEvent).detail as unknown;
    if (done || typeof token !== 'string' || !/^\d+(-\d+){3}$/.test(token)) return;
    done = true;
    win.removeEventListener(HANDSHAKE.hello, onHello);
    const channel = new win.MessageChannel();
    const mine = channel.port1;
    const bg = connect();
    let windowStart = now();
    let sent = 0;
    mine.onmessage = (m: MessageEvent) => {
      const msg = checkAgentMessage(m.data);
      if (msg === null) return;
      if (msg.type === 'cme-agent/call') {
        if (now() - windowStart >= 60_000) {
          windowStart = now();
          sent = 0;
        }
        if (++sent > WIRE_LIMITS.maxCallsPerMinute) return;
      }
      bg.postMessage(msg);
    };
    bg.onMessage.addListener((m) => {
      const msg = checkBackgroundMessage(m);
      if (msg !== null) mine.postMessage(msg);
    });
    bg.onDisconnect.addListener(() => mine.close());
    win.postMessage(token, '*', [channel.port2]);
  };
  win.addEventListener(HANDSHAKE.hello, onHello);
  win.dispatchEvent(new win.CustomEvent(HANDSHAKE.relay));
}
