/**
 * The MAIN ↔ ISOLATED handshake and the relay, over a stand-in window (an EventTarget whose postMessage
 * delivers a message event a task later, ports included): either script may start first, the page's own
 * listeners never see the port, a forged port or token is ignored, and the relay forwards only wire shapes,
 * bounded and rate-limited.
 */
import { describe, expect, it } from 'vitest';
import { agentChannel } from '../../lib/agent/channel';
import { startRelay, type BackgroundPort } from '../../lib/agent/relay';
import type { AgentCall, FaultRule } from '../../lib/agent/wire';

function fakeWindow() {
  const w = new EventTarget() as EventTarget & Record<string, unknown>;
  Object.assign(w, {
    CustomEvent,
    MessageChannel,
    crypto,
    postMessage: (data: unknown, _origin: string, ports: MessagePort[] = []) =>
      setTimeout(() => w.dispatchEvent(Object.assign(new Event('message'), { data, ports }))),
  });
  return w as unknown as typeof globalThis;
}

function fakeBackground() {
  const sent: unknown[] = [];
  const listeners: ((m: unknown) => void)[] = [];
  const gone: (() => void)[] = [];
  const port: BackgroundPort = {
    postMessage: (m) => sent.push(m),
    onMessage: { addListener: (cb) => listeners.push(cb) },
    onDisconnect: { addListener: (cb) => gone.push(cb) },
  };
  return {
    port,
    sent,
    deliver: (m: unknown) => listeners.forEach((l) => l(m)),
    disconnect: () => gone.forEach((g) => g()),
  };
}

const tick = () => new Promise((r) => setTimeout(r, 5));
const call: AgentCall = {
  via: 'fetch',
  startedAt: 1,
  durationMs: 1,
  request: { method: 'POST', url: '/PaaS/A/B?auth=t', headers: [], body: null },
  response: null,
  error: 'network',
};
const rules: FaultRule[] = [{ id: 'r', enabled: true, match: { target: '*' }, effect: { kind: 'network' } }];

describe.each(['relay first', 'agent first'])('the handshake, %s', (order) => {
  it('connects, flushes what the agent queued, and carries rules and calls', async () => {
    const win = fakeWindow();
    const bg = fakeBackground();
    const got: FaultRule[][] = [];
    let connects = 0;
    const relay = () =>
      startRelay(win, () => {
        connects++;
        return bg.port;
      });
    if (order === 'relay first') relay();
    const post = agentChannel(win, (r) => got.push(r));
    post({ type: 'cme-agent/call', call });
    if (order === 'agent first') relay();
    await tick();
    expect(connects).toBe(1);
    expect(bg.sent).toEqual([{ type: 'cme-agent/hello' }, { type: 'cme-agent/call', call }]);
    bg.deliver({ type: 'cme-agent/rules', rules });
    await tick();
    expect(got).toEqual([rules]);
  });
});

describe('the background going away', () => {
  it("connects again on the next report, says hello first, and carries the new port's rules", async () => {
    const win = fakeWindow();
    const ports = [fakeBackground(), fakeBackground()];
    let connects = 0;
    startRelay(win, () => ports[connects++]!.port);
    const got: FaultRule[][] = [];
    const post = agentChannel(win, (r) => got.push(r));
    await tick();
    ports[0]!.disconnect();
    expect(connects).toBe(1);
    post({ type: 'cme-agent/call', call });
    await tick();
    expect(connects).toBe(2);
    expect(ports[1]!.sent).toEqual([{ type: 'cme-agent/hello' }, { type: 'cme-agent/call', call }]);
    ports[1]!.deliver({ type: 'cme-agent/rules', rules });
    await tick();
    expect(got).toEqual([rules]);
  });

  it('drops reports quietly when the extension is gone', async () => {
    const win = fakeWindow();
    const first = fakeBackground();
    let connects = 0;
    startRelay(win, () => {
      if (connects++ > 0) throw new Error('Extension context invalidated.');
      return first.port;
    });
    const post = agentChannel(win, () => undefined);
    await tick();
    first.disconnect();
    post({ type: 'cme-agent/call', call });
    await tick();
    expect(connects).toBe(2);
  });
});

describe('what the page can see and forge', () => {
  it("keeps the port from the page's listeners and ignores a forged port", async () => {
    const win = fakeWindow();
    const got: FaultRule[][] = [];
    const post = agentChannel(win, (r) => got.push(r));
    const seen: unknown[] = [];
    win.addEventListener('message', (e) => seen.push((e as MessageEvent).data));
    // A page script posts its own port, with a guessed token: ignored.
    const forged = new MessageChannel();
    win.postMessage('0-0-0-0', '*', [forged.port2]);
    await tick();
    forged.port1.postMessage({ type: 'cme-agent/rules', rules });
    const bg = fakeBackground();
    startRelay(win, () => bg.port);
    await tick();
    expect(got).toEqual([]);
    expect(seen).toEqual(['0-0-0-0']);
    post({ type: 'cme-agent/call', call });
    await tick();
    expect(bg.sent).toHaveLength(2);
    forged.port1.close();
  });

  it('answers only the first hello', async () => {
    const win = fakeWindow();
    let connects = 0;
    startRelay(win, () => (connects++, fakeBackground().port));
    agentChannel(win, () => undefined);
    win.dispatchEvent(new CustomEvent('cme-agent:hello', { detail: '1-2-3-4' }));
    await tick();
    expect(connects).toBe(1);
  });

  it('forwards only valid, bounded messages, at most 600 calls a minute', async () => {
    const win = fakeWindow();
    const bg = fakeBackground();
    let now = 0;
    startRelay(
      win,
      () => bg.port,
      () => now,
    );
    const got: FaultRule[][] = [];
    const post = agentChannel(win, (r) => got.push(r)) as (m: unknown) => void;
    await tick();
    post({ type: 'cme-agent/call', call: { ...call, via: 'beacon' } });
    post({
      type: 'cme-agent/call',
      call: { ...call, request: { ...call.request, body: 'x'.repeat(300_000) } },
    });
    post({ type: 'cme-agent/rules', rules });
    post('hello');
    for (let i = 0; i < 601; i++) post({ type: 'cme-agent/call', call });
    await tick();
    expect(bg.sent.filter((m) => (m as { type: string }).type === 'cme-agent/call')).toHaveLength(600);
    expect(bg.sent.filter((m) => (m as { type: string }).type !== 'cme-agent/call')).toEqual([
      { type: 'cme-agent/hello' },
    ]);
    now = 60_000;
    post({ type: 'cme-agent/call', call });
    await tick();
    expect(bg.sent).toHaveLength(602);
    bg.deliver({ type: 'cme-agent/rules', rules: [{ ...rules[0], effect: { kind: 'eval' } }] });
    bg.deliver({ type: 'cme-agent/call', call });
    await tick();
    expect(got).toEqual([]);
  });
});
