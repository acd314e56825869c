/**
 * The MAIN ↔ ISOLATED channel of the page agent. Everything on `window` is visible to the page and can be
 * forged by it, so nothing travels there but a handshake: the agent makes a one-time random token and
 * announces it in a CustomEvent dispatched synchronously (at document_start no page script has run, so
 * only the relay hears it); the relay answers with `window.postMessage(token, '*', [port])`, which the
 * agent's capture listener — registered before any page script — takes and stops, so the page never sees
 * the port. From then on the two talk over that MessagePort only. Either script may run first: the relay
 * announces itself with a CustomEvent and the agent says hello again. The agent accepts only
 * `cme-agent/rules` from the port; the relay forwards only wire.ts shapes, checked and bounded.
 * If a page script ran before both (a script injected late), the page could learn the token and hand the
 * agent a port of its own: it would then see its own calls and could fault them — nothing it cannot do
 * anyway; it still cannot speak to the background except through the relay's checks.
 */
import { HANDSHAKE, type AgentToBackground, type FaultRule } from './wire';

/** Messages queued while the relay is not there yet (the first calls of a page). */
const QUEUE = 100;

/** The agent's end: returns its `post`; `onRules` gets each rules message from the relay. */
export function agentChannel(
  win: typeof globalThis,
  onRules: (rules: FaultRule[]) => void,
): (m: AgentToBackground) => void {
  const token = win.crypto.getRandomValues(new Uint32Array(4)).join('-');
  const queue: AgentToBackground[] = [{ type: 'cme-agent/hello' }];
  let port: MessagePort | null = null;
  const hello = () => win.dispatchEvent(new win.CustomEvent(HANDSHAKE.hello, { detail: token }));
  const take = (e: MessageEvent) => {
    if (port !== null || e.data !== token || !e.ports?.[0]) return;
    e.stopImmediatePropagation();
    win.removeEventListener('message', take, true);
    win.removeEventListener(HANDSHAKE.relay, hello);
    port = e.ports[0];
    port.onmessage = (m: MessageEvent) => {
      const d = m.data as { type?: unknown; rules?: unknown } | null;
      if (d?.type === 'cme-agent/rules' && Array.isArray(d.rules)) onRules(d.rules as FaultRule[]);
    };
    for (const m of queue.splice(0)) port.postMessage(m);
  };
  win.addEventListener('message', take, true);
  win.addEventListener(HANDSHAKE.relay, hello);
  hello();
  return (m) => {
    if (port !== null) port.postMessage(m);
    else if (queue.length < QUEUE) queue.push(m);
  };
}
