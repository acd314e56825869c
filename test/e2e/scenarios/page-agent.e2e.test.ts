/**
 * The built page agent (page-agent.js) in real Chromium and Firefox: injected into a sandbox page (its text
 * evaluated in the page, with a stand-in relay that takes the handshake's port), it leaves the page's fetch
 * and XHR calls as the browser makes them — the same behaviour table gives the same results in a page
 * without the agent — and its fault rules do what they say. Both pages are same-origin frames of one tab
 * (`a` without the agent, `b` with it), so both run in the foreground (Firefox throttles a background
 * tab's timers, which the abort cases time by).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDir } from '../../../scripts/builds';
import { withDictionaryText } from '../../../lib/agent/fault-text';
import type { FaultRule } from '../../../lib/agent/wire';
import { explainError } from '../../../lib/cme/errors';
import { startSandbox, type RunningSandbox } from '../../../lib/node/sandbox/main';
import { startAgentServer, type AgentServer } from '../../agent/agent-server';
import { browsersUnderTest, launch, type TestBrowser, type TestPage } from '../harness';
import { poll } from '../harness/util';
import { RUNNER } from '../../agent/page-agent-runner';

const CME = '/PaaS/Material/ListMedia?auth=e2e-ticket';

describe.each(browsersUnderTest())('page agent in %s', (name) => {
  let sandbox: RunningSandbox;
  let other: AgentServer;
  let browser: TestBrowser;
  let tab: TestPage;
  const agentText = readFileSync(join(buildDir(name), 'page-agent.js'), 'utf8');

  type Frame = 'a' | 'b';
  const plain: Frame = 'a';
  const agent: Frame = 'b';
  /** Evaluates `code` in frame `f`'s window (an indirect eval: its global scope). */
  const inFrame = <T = unknown>(f: Frame, code: string) =>
    tab.evaluate<T>(`document.getElementById('${f}').contentWindow.eval(${JSON.stringify(code)})`);
  /** Runs the behaviour table's case `c` in frame `f`. */
  const run = (f: Frame, c: string, arg: unknown = null) =>
    inFrame<Record<string, unknown>>(f, `window.__run(${JSON.stringify(c)}, ${JSON.stringify(arg)})`);
  // The rules reach the agent over a MessagePort, a task later: wait a little before the next call, or
  // it may still meet the previous rules (a loaded Firefox once answered the network test with the 502 rule).
  const setRules = (rules: FaultRule[]) =>
    inFrame(
      agent,
      `(window.__relay.send(${JSON.stringify({ type: 'cme-agent/rules', rules: withDictionaryText(rules) })}), new Promise((r) => setTimeout(() => r(true), 100)))`,
    );

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, quiet: true });
    other = await startAgentServer();
    browser = await launch(name);
    tab = await browser.openPage(`${sandbox.url}/demo`);
    await tab.evaluate(`Promise.all(['a', 'b'].map((id) => new Promise((resolve) => {
      const f = document.createElement('iframe');
      Object.assign(f, { id, src: '/demo', onload: resolve });
      document.body.append(f);
    })))`);
    for (const f of [plain, agent]) await inFrame(f, `(${RUNNER})(${JSON.stringify(other.url)})`);
    const globals = await inFrame<string[]>(agent, 'Object.getOwnPropertyNames(window)');
    await inFrame(agent, agentText);
    const added = await inFrame<string[]>(agent, 'Object.getOwnPropertyNames(window)');
    expect(added.filter((k) => !globals.includes(k))).toEqual([]);
    expect(await inFrame(agent, 'window.__relay.connected()')).toBe(true);
  });
  afterAll(async () => {
    await browser?.close();
    await other?.close();
    await sandbox?.close();
  });

  it('looks native: names, lengths, toString, instanceof', async () => {
    const probe = `(() => {
      const t = Function.prototype.toString;
      const d = (k) => Object.getOwnPropertyDescriptor(XMLHttpRequest.prototype, k);
      return [fetch.name, fetch.length, t.call(fetch), String(XMLHttpRequest.prototype.open),
        XMLHttpRequest.prototype.send.length, t.call(d('status').get), d('status').enumerable, t.call(t), t.toString.name,
        new XMLHttpRequest() instanceof XMLHttpRequest, Object.getOwnPropertyNames(new XMLHttpRequest()).length];
    })()`;
    expect(await inFrame(agent, probe)).toEqual(await inFrame(plain, probe));
  });

  const table: [string, unknown][] = [
    ...['', 'text', 'json', 'blob', 'arraybuffer', 'document'].flatMap((t): [string, unknown][] => [
      ['xhr', { url: CME, method: 'POST', type: t, body: '{"Limit":3}' }],
      ['xhr', { url: '/demo', method: 'GET', type: t }],
    ]),
    ['xhr', { url: CME, method: 'POST', type: '', body: '{}', sync: true }],
    ['xhr', { url: '/demo', method: 'GET', type: '', sync: true }],
    ['xhr', { url: CME, method: 'POST', type: 'json', body: 'big', upload: true }],
    ['xhr-abort', { url: 'other:/slow/PaaS/Material/ListMedia?auth=t' }],
    ['xhr-abort', { url: 'other:/slow' }],
    ['fetch-stream', { url: 'other:/stream/auto' }],
    ['fetch-stream', { url: 'other:/stream/auto/PaaS/Material/ListMedia?auth=t' }],
    ['fetch-abort', { url: 'other:/slow/PaaS/Material/ListMedia?auth=t' }],
    ['fetch-abort', { url: 'other:/slow' }],
    ['fetch', { url: CME, form: 'object' }],
    ['fetch', { url: CME, form: 'array' }],
    ['fetch', { url: CME, form: 'headers' }],
    ['fetch', { url: CME, form: 'request' }],
    ['fetch', { url: CME, form: 'url' }],
    ['fetch', { url: CME, form: 'keepalive' }],
    ['fetch', { url: '/demo', form: 'object' }],
  ];

  it.each(table)('%s %j: the same as without the agent', async (c, arg) => {
    const [without, withAgent] = [await run(plain, c, arg), await run(agent, c, arg)];
    expect(withAgent).toEqual(without);
    expect(without.error ?? null).toBeNull();
  });

  it('reports the CME calls only, clones only their answers', async () => {
    await inFrame(agent, 'window.__relay.calls.length = 0; window.__clones = 0');
    await run(agent, 'fetch', { url: '/demo', form: 'object' });
    await run(agent, 'xhr', { url: '/demo', method: 'GET', type: '' });
    expect(await inFrame(agent, 'window.__clones')).toBe(0);
    await run(agent, 'fetch', { url: CME, form: 'object' });
    await run(agent, 'xhr', { url: CME, method: 'POST', type: 'json', body: '{"a":1}' });
    // Both CME calls reported: the two other calls, made before them, would have been by now.
    await poll(
      'the two CME calls reported',
      async () => (await inFrame<number>(agent, 'window.__relay.calls.length')) >= 2,
    );
    expect(await inFrame(agent, 'window.__clones')).toBe(1);
    const calls = await inFrame<
      { via: string; request: { url: string; body: string }; response: { status: number; body: string } }[]
    >(agent, 'window.__relay.calls');
    expect(calls.map((c) => [c.via, c.request.url, c.response.status])).toEqual([
      ['fetch', CME, 200],
      ['xhr', CME, 200],
    ]);
    expect(JSON.parse(calls[1]!.response.body).Code).toMatch(/^AuthFailure/);
    expect(calls[1]!.request.body).toBe('{"a":1}');
  });

  it("answers a Code with the dictionary's text, by fetch and XHR, firing the browser's events", async () => {
    const plainEvents = (await run(agent, 'xhr', { url: CME, method: 'POST', type: 'json', body: '{}' }))
      .events;
    await setRules([
      {
        id: 'c',
        enabled: true,
        match: { target: 'Material/ListMedia' },
        effect: { kind: 'code', code: 'InvalidParameterValue.Limit' },
      },
    ]);
    const ex = explainError('InvalidParameterValue.Limit', 'api')!;
    const f = await run(agent, 'fetch', { url: CME, form: 'object', full: true });
    expect(f).toMatchObject({ status: 200, type: 'application/json' });
    expect(JSON.parse(f.text as string)).toMatchObject({
      Code: 'InvalidParameterValue.Limit',
      Message: ex.messageZh,
      EnglishMessage: ex.messageEn,
    });
    const x = await run(agent, 'xhr', { url: CME, method: 'POST', type: 'json', body: '{}', full: true });
    expect(x).toMatchObject({ status: 200, events: plainEvents });
    expect(JSON.parse(x.full as string)).toMatchObject({
      Code: 'InvalidParameterValue.Limit',
      EnglishMessage: ex.messageEn,
    });
    const s = await run(agent, 'xhr', {
      url: CME,
      method: 'POST',
      type: 'text',
      body: '{}',
      sync: true,
      full: true,
    });
    expect(JSON.parse(s.full as string).Message).toBe(ex.messageZh);
  });

  it('answers 502 with an HTML page (fetch, XHR as a document)', async () => {
    await setRules([
      { id: 'h', enabled: true, match: { target: 'Material/*' }, effect: { kind: 'http', status: 502 } },
    ]);
    expect(await run(agent, 'fetch', { url: CME, form: 'object', full: true })).toMatchObject({
      status: 502,
      type: 'text/html',
    });
    expect(await run(agent, 'xhr', { url: CME, method: 'POST', type: 'document' })).toMatchObject({
      status: 502,
      summary: 'HTML:502:true',
    });
  });

  it('fails as the network would: fetch rejects with a TypeError, XHR fires error (sync throws NetworkError)', async () => {
    await setRules([]);
    const base = await run(agent, 'fetch-fail', { url: 'http://127.0.0.1:1/PaaS/Material/ListMedia?auth=t' });
    await setRules([{ id: 'n', enabled: true, match: { target: '*' }, effect: { kind: 'network' } }]);
    expect(await run(agent, 'fetch-fail', { url: CME })).toEqual(base);
    expect(base.name).toBe('TypeError');
    const x = await run(agent, 'xhr', { url: CME, method: 'POST', type: '', body: '{}' });
    expect(x).toMatchObject({
      status: 0,
      events: ['readystatechange:1', 'loadstart:1', 'readystatechange:4', 'error:4', 'loadend:4'],
    });
    const s = await run(agent, 'xhr', { url: CME, method: 'POST', type: '', body: '{}', sync: true });
    expect(s.error).toBe('NetworkError');
  });

  it('delays the answer 2 s (±10%), fetch and XHR', async () => {
    await setRules([{ id: 'd', enabled: true, match: { target: '*' }, effect: { kind: 'delay', ms: 2000 } }]);
    for (const c of ['fetch', 'xhr']) {
      const r = await run(agent, c, {
        url: CME,
        method: 'POST',
        type: '',
        body: '{}',
        form: 'object',
        timed: true,
      });
      expect(r.ms).toBeGreaterThanOrEqual(1800);
      expect(r.ms).toBeLessThanOrEqual(2200);
    }
  });

  it('fires every Nth call, and by percent (0 never, 100 always)', async () => {
    const statuses = async (n: number) => {
      const out: unknown[] = [];
      for (let i = 0; i < n; i++)
        out.push(
          (
            await run(agent, i % 2 ? 'xhr' : 'fetch', {
              url: CME,
              method: 'POST',
              type: '',
              body: '{}',
              form: 'object',
            })
          ).status,
        );
      return out;
    };
    await setRules([
      {
        id: 'e',
        enabled: true,
        match: { target: 'Material/ListMedia' },
        effect: { kind: 'http', status: 503 },
        everyNth: 3,
      },
    ]);
    expect(await statuses(6)).toEqual([200, 200, 503, 200, 200, 503]);
    await setRules([
      { id: 'p0', enabled: true, match: { target: '*' }, effect: { kind: 'http', status: 503 }, percent: 0 },
    ]);
    expect(await statuses(3)).toEqual([200, 200, 200]);
    await setRules([
      {
        id: 'p1',
        enabled: true,
        match: { target: '*' },
        effect: { kind: 'http', status: 503 },
        percent: 100,
      },
    ]);
    expect(await statuses(3)).toEqual([503, 503, 503]);
    await setRules([]);
  });
});
