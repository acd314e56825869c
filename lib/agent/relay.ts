/**
 * The isolated-world relay between the page agent (MAIN world, over the MessagePort of channel.ts) and the
 * background (a `runtime.connect` port named `cme-agent`). It forwards only the wire's message shapes,
 * validated and bounded, at most `maxCallsPerMinute` recorded calls a minute (more are dropped), and
 * answers one handshake per document (the first hello; the agent's, when both run at document_start). It
 * connects again after the background went away, on the agent's next message (rules changed meanwhile
 * arrive then, after that call).
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
    let bg: BackgroundPort | null = null;
    // The background's port, opened on first use and again after it went away (an MV3 worker stopped when
    // idle, Firefox's background page reloaded): the next report reconnects, says hello first (the
    // background answers with the tab's rules), then goes. Not at once on disconnect: that would wake the
    // worker as soon as it stops.
    const background = (): BackgroundPort | null => {
      if (bg !== null) return bg;
      try {
        const port = connect();
        port.onMessage.addListener((m) => {
          const msg = checkBackgroundMessage(m);
          if (msg !== null) mine.postMessage(msg);
        });
        port.onDisconnect.addListener(() => {
          if (bg === port) bg = null;
        });
        bg = port;
        if (reconnecting) port.postMessage({ type: 'cme-agent/hello' });
        return port;
      } catch {
        // The extension is gone (updated, removed): the page goes on, unreported.
        return null;
      }
    };
    let reconnecting = false;
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
      background()?.postMessage(msg);
      reconnecting = true;
    };
    background();
    win.postMessage(token, '*', [channel.port2]);
  };
  win.addEventListener(HANDSHAKE.hello, onHello);
  win.dispatchEvent(new win.CustomEvent(HANDSHAKE.relay));
}
