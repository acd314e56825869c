/**
 * The agent's fetch over real loopback HTTP (Node's fetch): calls without a rule reach the original with the
 * same arguments (a non-CME call's promise is the original's own, nothing cloned); CME calls are reported;
 * rules answer, fail or delay as they say.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { installPageAgent, type PageAgent } from '../../lib/agent/page-agent';
import { withDictionaryText } from '../../lib/agent/fault-text';
import type { AgentCall, AgentToBackground, FaultRule } from '../../lib/agent/wire';
import { explainError } from '../../lib/cme/errors';
import { startAgentServer, type AgentServer } from './agent-server';

let server: AgentServer;
beforeAll(async () => {
  server = await startAgentServer();
});
afterAll(() => server.close());

interface Rig {
  win: typeof globalThis & { fetch: typeof fetch };
  orig: ReturnType<typeof vi.fn>;
  agent: PageAgent;
  calls: AgentCall[];
  /** The agent's timers (a manual clock): delay rules wait here. */
  timers: { fn: () => void; ms: number }[];
}

function rig(random: () => number = Math.random): Rig {
  const win = Object.create(globalThis) as Rig['win'];
  const timers: Rig['timers'] = [];
  const orig = vi.fn(function fetch(this: unknown, ...args: [RequestInfo | URL, RequestInit?]) {
    return globalThis.fetch(...args);
  });
  win.fetch = orig as unknown as typeof fetch;
  Object.assign(win, {
    setTimeout: (fn: () => void, ms: number) => timers.push({ fn, ms }),
    clearTimeout: (id: number) => timers.splice(id - 1, 1, { fn: () => undefined, ms: -1 }),
  });
  const calls: AgentCall[] = [];
  const post = (m: AgentToBackground) => {
    if (m.type === 'cme-agent/call') calls.push(m.call);
  };
  return { win, orig, agent: installPageAgent(win, { post, random }), calls, timers };
}

const cme = (path = 'Material/ListMedia') => `${server.url}/PaaS/${path}?auth=ticket-1`;
const until = async (ok: () => boolean) => {
  for (let i = 0; i < 200 && !ok(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(ok()).toBe(true);
};

let clones: ReturnType<typeof vi.spyOn>[];
beforeEach(() => {
  clones = [vi.spyOn(Response.prototype, 'clone'), vi.spyOn(Request.prototype, 'clone')];
});
afterEach(() => vi.restoreAllMocks());
const cloned = () => clones.reduce((n, s) => n + s.mock.calls.length, 0);

describe('fetch without a rule: passed through unchanged', () => {
  const table: [string, () => unknown[]][] = [
    ['a string URL', () => [`${server.url}/plain`]],
    ['a URL object', () => [new URL(`${server.url}/plain`)]],
    ['a Request object', () => [new Request(`${server.url}/plain`, { method: 'POST', body: 'x' })]],
    ['headers as an object', () => [`${server.url}/plain`, { headers: { 'x-a': '1' } }]],
    ['headers as an array', () => [`${server.url}/plain`, { headers: [['x-a', '1']] }]],
    ['headers as Headers', () => [`${server.url}/plain`, { headers: new Headers({ 'x-a': '1' }) }]],
    ['keepalive', () => [`${server.url}/plain`, { keepalive: true }]],
    ['an AbortSignal', () => [`${server.url}/plain`, { signal: new AbortController().signal }]],
  ];

  it.each(table)(
    'non-CME, %s: the same arguments and this, the original promise, no clone',
    async (_, make) => {
      const r = rig();
      const args = make();
      const p = (r.win.fetch as (...a: unknown[]) => Promise<Response>)(...args);
      expect(r.orig).toHaveBeenCalledTimes(1);
      expect(r.orig.mock.calls[0]).toHaveLength(args.length);
      r.orig.mock.calls[0]!.forEach((a, i) => expect(a).toBe(args[i]));
      expect(r.orig.mock.contexts[0]).toBe(r.win);
      expect(p).toBe(r.orig.mock.results[0]!.value);
      expect(await (await p).text()).toBe('plain');
      expect(cloned()).toBe(0);
      expect(r.calls).toEqual([]);
    },
  );

  it.each(
    table.map(
      ([n, make]) =>
        [
          n,
          () =>
            make().map((a, i) =>
              i === 0
                ? String(a instanceof Request ? a.url : a).replace(
                    '/plain',
                    '/PaaS/Material/ListMedia?auth=t',
                  )
                : a,
            ),
        ] as const,
    ),
  )('CME, %s: the same arguments, the same Response, and one report', async (_, make) => {
    const r = rig();
    let args = make();
    if (_ === 'a Request object') args = [new Request(cme(), { method: 'POST', body: '{"Limit":3}' })];
    const res = await (r.win.fetch as (...a: unknown[]) => Promise<Response>)(...args);
    r.orig.mock.calls[0]!.forEach((a, i) => expect(a).toBe(args[i]));
    expect(res).toBe(await r.orig.mock.results[0]!.value);
    expect((await res.json()).Code).toBe('Success');
    await until(() => r.calls.length === 1);
    expect(r.calls[0]!.response?.status).toBe(200);
    expect(JSON.parse(r.calls[0]!.response!.body!).Code).toBe('Success');
    expect(r.calls[0]!.injected).toBeUndefined();
  });

  it('reports request headers in every form and the Request body, which still reaches the server', async () => {
    const r = rig();
    await r.win.fetch(cme(), { method: 'POST', headers: [['x-a', '1']], body: '{"a":1}' });
    await r.win.fetch(cme(), { method: 'POST', headers: new Headers({ 'x-b': '2' }), body: '{"b":2}' });
    await r.win.fetch(new Request(cme(), { method: 'POST', headers: { 'x-c': '3' }, body: '{"c":3}' }));
    await until(() => r.calls.length === 3);
    expect(r.calls.map((c) => [c.request.method, c.request.headers, c.request.body])).toEqual([
      ['POST', [['x-a', '1']], '{"a":1}'],
      ['POST', [['x-b', '2']], '{"b":2}'],
      [
        'POST',
        [
          ['content-type', 'text/plain;charset=UTF-8'],
          ['x-c', '3'],
        ],
        '{"c":3}',
      ],
    ]);
    expect(server.seen.slice(-1)[0]!.body).toBe('{"c":3}');
  });

  it('reports an answer up to the body limit, marked truncated; the page gets all of it', async () => {
    const r = rig();
    const res = await r.win.fetch(`${server.url}/big/PaaS/Material/ListMedia?auth=t`, { method: 'POST' });
    expect((await res.text()).length).toBe(300_000);
    await until(() => r.calls.length === 1);
    expect(r.calls[0]!.response!.body!.length).toBe(256 * 1024);
    expect(r.calls[0]!.response!.bodyTruncated).toBe(true);
  });

  it('leaves a streamed answer to the page chunk by chunk (CME and not)', async () => {
    for (const url of [`${server.url}/stream`, `${server.url}/stream/PaaS/Material/ListMedia?auth=t`]) {
      const r = rig();
      const res = await r.win.fetch(url, { method: 'POST' });
      const reader = res.body!.getReader();
      const dec = new TextDecoder();
      const got: string[] = [];
      for (let i = 0; i < 3; i++) {
        got.push(dec.decode((await reader.read()).value));
        server.nextChunk();
      }
      expect(got).toEqual(['chunk0|', 'chunk1|', 'chunk2|']);
      expect((await reader.read()).done).toBe(true);
      if (url.includes('PaaS')) {
        await until(() => r.calls.length === 1);
        expect(r.calls[0]!.response!.body).toBe('chunk0|chunk1|chunk2|');
      }
    }
  });

  it.each([`/slow`, `/slow/PaaS/Material/ListMedia?auth=t`])(
    'honours an AbortSignal before and during (%s)',
    async (path) => {
      const r = rig();
      const before = new AbortController();
      before.abort();
      await expect(r.win.fetch(server.url + path, { signal: before.signal })).rejects.toMatchObject({
        name: 'AbortError',
      });
      const during = new AbortController();
      const p = r.win.fetch(server.url + path, { signal: during.signal });
      setTimeout(() => during.abort(), 50);
      await expect(p).rejects.toMatchObject({ name: 'AbortError' });
      if (path.includes('PaaS')) {
        await until(() => r.calls.length === 2);
        expect(r.calls.map((c) => [c.response, c.error])).toEqual([
          [null, 'abort'],
          [null, 'abort'],
        ]);
      }
    },
  );

  it('looks like the function it replaced', () => {
    const win = Object.create(globalThis) as Rig['win'];
    win.fetch = globalThis.fetch;
    installPageAgent(win, { post: () => undefined });
    expect(win.fetch).not.toBe(globalThis.fetch);
    expect(win.fetch.name).toBe(globalThis.fetch.name);
    expect(win.fetch.length).toBe(globalThis.fetch.length);
    const text = Function.prototype.toString;
    expect(text.call(win.fetch)).toBe(text.call(globalThis.fetch));
    expect(String(win.fetch)).toBe(String(globalThis.fetch));
    expect(text.call(text)).toBe('function toString() { [native code] }');
    expect(Object.getOwnPropertyNames(win.fetch)).toEqual(Object.getOwnPropertyNames(globalThis.fetch));
  });
});

describe('fetch with a rule', () => {
  const rule = (effect: FaultRule['effect'], over: Partial<FaultRule> = {}): FaultRule => ({
    id: 'r1',
    enabled: true,
    match: { target: 'Material/*' },
    effect,
    ...over,
  });

  it("answers a Code at HTTP 200 with the dictionary's text, without sending the call", async () => {
    const r = rig();
    r.agent.setRules(withDictionaryText([rule({ kind: 'code', code: 'InvalidParameterValue.Limit' })]));
    const sent = server.seen.length;
    const res = await r.win.fetch(cme(), { method: 'POST', body: '{}' });
    const ex = explainError('InvalidParameterValue.Limit', 'api')!;
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    const body = await res.json();
    expect(body).toMatchObject({
      Code: 'InvalidParameterValue.Limit',
      Message: ex.messageZh,
      EnglishMessage: ex.messageEn,
    });
    expect(body.RequestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(server.seen.length).toBe(sent);
    await until(() => r.calls.length === 1);
    expect(r.calls[0]!.injected).toEqual({ ruleId: 'r1', effect: r.calls[0]!.injected!.effect });
    expect(r.calls[0]!.injected!.effect.kind).toBe('code');
  });

  it('answers an HTTP status with an HTML page', async () => {
    const r = rig();
    r.agent.setRules([rule({ kind: 'http', status: 502 })]);
    const res = await r.win.fetch(cme());
    expect(res.status).toBe(502);
    expect(res.headers.get('content-type')).toBe('text/html');
    expect(await res.text()).toContain('<h1>502</h1>');
  });

  it('fails as the network would: a TypeError', async () => {
    const r = rig();
    r.agent.setRules([rule({ kind: 'network' })]);
    const err = await r.win.fetch(cme()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TypeError);
    expect((err as Error).message).toBe('Failed to fetch');
    await until(() => r.calls.length === 1);
    expect(r.calls[0]).toMatchObject({ response: null, error: 'network' });
  });

  it('hands the real answer back after the delay (2 s on the agent clock), an abort during it rejects', async () => {
    const r = rig();
    r.agent.setRules([rule({ kind: 'delay', ms: 2000 })]);
    let settled = false;
    const p = r.win.fetch(cme()).then((res) => ((settled = true), res));
    await until(() => r.timers.length === 1);
    expect(r.timers[0]!.ms).toBe(2000);
    await new Promise((res) => setTimeout(res, 20));
    expect(settled).toBe(false);
    r.timers[0]!.fn();
    expect((await (await p).json()).Code).toBe('Success');
    const ac = new AbortController();
    const q = r.win.fetch(cme(), { signal: ac.signal });
    await until(() => r.timers.length === 2);
    ac.abort();
    await expect(q).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('fires on every Nth call only, and for the percent the random source allows', async () => {
    const r = rig();
    r.agent.setRules([rule({ kind: 'http', status: 503 }, { everyNth: 3 })]);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await r.win.fetch(cme())).status);
    expect(statuses).toEqual([200, 200, 503, 200, 200, 503]);
    const draws = [0.2, 0.8, 0.1];
    const s = rig(() => draws.shift()!);
    s.agent.setRules([rule({ kind: 'http', status: 503 }, { percent: 50 })]);
    const got: number[] = [];
    for (let i = 0; i < 3; i++) got.push((await s.win.fetch(cme())).status);
    expect(got).toEqual([503, 200, 503]);
  });

  it('leaves calls its rule does not name, and logins, alone', async () => {
    const r = rig();
    r.agent.setRules([rule({ kind: 'network' }, { match: { target: 'Project/*' } })]);
    expect((await r.win.fetch(cme())).status).toBe(200);
    const login = `${server.url}/?signature=${'A'.repeat(40)}`;
    expect((await r.win.fetch(login)).status).toBe(200);
    r.agent.setRules([rule({ kind: 'code', code: 'SignatureVerifyFail' }, { match: { target: 'Login' } })]);
    const body = await (await r.win.fetch(login)).json();
    expect(body.Response.Error.Code).toBe('SignatureVerifyFail');
  });
});
