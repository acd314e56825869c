/**
 * A `browser.runtime` in memory for both sides of the RPC: one-shot messages and ports, each message
 * JSON-cloned as Chrome's messaging does, every listener told the sender the test chose. `stopWorker()`
 * closes every open port as a stopped service worker does (both ends hear the disconnect).
 */
import type { OneShotListener, PortLike, RuntimeLike } from '../../lib/protocol/transport';
import type { SenderLike } from '../../lib/protocol/sender';
import { CHROME_ID, CHROME_ORIGIN } from './fakes';

const clone = (value: unknown): unknown =>
  value === undefined ? undefined : (JSON.parse(JSON.stringify(value)) as unknown);

/** One end of an in-memory port pair. */
interface FakePort extends PortLike {
  other: FakePort | null;
  closed: boolean;
  messageListeners: ((message: unknown) => void)[];
  disconnectListeners: (() => void)[];
}

function portEnd(name: string, sender?: SenderLike): FakePort {
  const end: FakePort = {
    name,
    sender,
    other: null,
    closed: false,
    messageListeners: [],
    disconnectListeners: [],
    postMessage(message) {
      if (end.closed) throw new Error('Attempting to use a disconnected port object');
      const to = end.other;
      const copy = clone(message);
      // Delivered in a later task, as a real port delivers.
      setTimeout(() => {
        if (to && !to.closed) for (const l of to.messageListeners) l(copy);
      }, 0);
    },
    disconnect() {
      closePair(end, false);
    },
    onMessage: { addListener: (l) => void end.messageListeners.push(l) },
    onDisconnect: { addListener: (l) => void end.disconnectListeners.push(l) },
  };
  return end;
}

/** Close both ends; the end that called disconnect() is not told (as in browsers), unless `both`. */
function closePair(end: FakePort, both: boolean): void {
  const other = end.other;
  if (end.closed) return;
  end.closed = true;
  if (other) other.closed = true;
  setTimeout(() => {
    if (other) for (const l of other.disconnectListeners) l();
    if (both) for (const l of end.disconnectListeners) l();
  }, 0);
}

/** A fake runtime, the extension's identity, and handles for tests. */
export function fakeRuntime(sender: SenderLike = { id: CHROME_ID, url: `${CHROME_ORIGIN}popup.html` }) {
  const messageListeners: OneShotListener[] = [];
  const connectListeners: ((port: PortLike) => void)[] = [];
  const open: FakePort[] = [];
  let connects = 0;
  const runtime: RuntimeLike & { id: string; getURL(path: string): string } = {
    id: CHROME_ID,
    getURL: (path) => `${CHROME_ORIGIN}${path}`,
    // As a browser without webextension-polyfill: a listener returning true answers by sendResponse.
    sendMessage(message) {
      return new Promise((resolve) => {
        const kept = messageListeners.map((l) => l(clone(message), sender, (a) => resolve(clone(a))));
        if (!kept.includes(true)) resolve(undefined);
      });
    },
    connect({ name }) {
      connects++;
      const page = portEnd(name);
      const worker = portEnd(name, sender);
      page.other = worker;
      worker.other = page;
      open.push(page);
      if (connectListeners.length === 0) closePair(worker, false);
      for (const l of connectListeners) l(worker);
      return page;
    },
    onMessage: {
      addListener: (l) => void messageListeners.push(l),
      removeListener: (l) => void messageListeners.splice(messageListeners.indexOf(l), 1),
    },
    onConnect: {
      addListener: (l) => void connectListeners.push(l),
      removeListener: (l) => void connectListeners.splice(connectListeners.indexOf(l), 1),
    },
  };
  return {
    runtime,
    messageListeners,
    connectListeners,
    /** How many ports pages opened. */
    connects: () => connects,
    /** Close every open port from the worker's side, as a stopped service worker does. */
    stopWorker() {
      for (const page of open.splice(0)) if (page.other) closePair(page.other, false);
    },
  };
}
