import { describe, expect, it } from 'vitest';
import { apiUrl, callApi, replay } from '../../lib/background/call';
import type { RawCall } from '../../lib/cme/types';
import { validateRequest } from '../../lib/protocol/validate';
import { capturedRequest, fakeFetch, json, makeDeps, loggedHistory } from './fakes';

const AUTH = 'tf_0123456789abcdef0123456789abcdef';
const OTHER = 'tf_fedcba9876543210fedcba9876543210';
const ok = (data: unknown = {}) =>
  json({ Code: 'Success', Message: '成功', EnglishMessage: 'success', Data: data, RequestId: 'rq-1' });

async function withTicket(route: Parameters<typeof fakeFetch>[0]) {
  const net = fakeFetch(route);
  const deps = makeDeps(net.fetch);
  const { ticket } = await deps.store.upsertTicketByAuthorization({
    authorization: AUTH,
    environment: 'tencent',
    source: 'signature',
    platform: 'p',
    userId: 'u',
  });
  return { net, deps, ticket };
}

describe('callApi', () => {
  it('posts the JSON body to /PaaS/<Class>/<Action>?auth= and decodes the envelope', async () => {
    const { net, deps, ticket } = await withTicket(() => ok({ ClassInfoSet: [] }));
    const res = await callApi(deps, {
      ticketId: ticket.id,
      actionClass: 'Material',
      action: 'DescribeClass',
      body: { Platform: 'p' },
    });
    expect(res).toMatchObject({ ok: true, httpStatus: 200, ticketRejected: false, requestId: 'rq-1' });
    expect(res.ok && res.envelope).toEqual({
      ok: true,
      code: 'Success',
      message: '成功',
      englishMessage: 'success',
      requestId: 'rq-1',
    });
    // The answer (its Data, what is wrong with it) travels once, as text.
    expect(res.ok && JSON.parse(res.responseText!)).toMatchObject({ Data: { ClassInfoSet: [] } });
    expect(net.requests[0]).toEqual({
      url: `https://web-paas-api.cme.qcloud.com/PaaS/Material/DescribeClass?auth=${AUTH}`,
      method: 'POST',
      body: '{"Platform":"p"}',
    });
    const [row] = await loggedHistory(deps);
    expect(row).toMatchObject({
      status: 'done',
      code: 'Success',
      ticketId: ticket.id,
      action: 'DescribeClass',
    });
    await deps.logs.flush();
    expect((await deps.store.getTicket(ticket.id))!.lastUsedAt).toBe(deps.now());
  });

  it('an error Code at HTTP 200 is an answer, not a success', async () => {
    const { deps, ticket } = await withTicket(() =>
      json({
        Code: 'InvalidParameterValue.MaterialId',
        Message: '媒体不存在',
        EnglishMessage: 'material not exist',
      }),
    );
    const res = await callApi(deps, {
      ticketId: ticket.id,
      actionClass: 'Material',
      action: 'DeleteMaterial',
      body: { MaterialId: 'x' },
    });
    expect(res.ok && res.envelope).toMatchObject({ ok: false, code: 'InvalidParameterValue.MaterialId' });
  });

  it('an auth-failure Code marks the ticket rejected', async () => {
    const { deps, ticket } = await withTicket(() =>
      json({ Code: 'AuthFailure.SessionInvalid', Message: '会话已失效', EnglishMessage: 'x' }),
    );
    const res = await callApi(deps, {
      ticketId: ticket.id,
      actionClass: 'Team',
      action: 'DescribeTeams',
      body: {},
    });
    expect(res).toMatchObject({ ok: true, ticketRejected: true });
    expect(await deps.store.getTicket(ticket.id)).toMatchObject({
      status: 'rejected',
      rejectedCode: 'AuthFailure.SessionInvalid',
    });
  });

  it('times out with a failed history row', async () => {
    const { deps, ticket } = await withTicket(() => new Promise<Response>(() => {}));
    const res = await callApi(deps, {
      ticketId: ticket.id,
      actionClass: 'Team',
      action: 'DescribeTeams',
      body: {},
      timeoutMs: 50,
    });
    expect(res).toMatchObject({ ok: false, stage: 'network' });
    expect(!res.ok && res.message).toContain('Timed out');
    expect((await loggedHistory(deps))[0]).toMatchObject({ status: 'failed' });
  });

  it('aborts on the signal', async () => {
    const { deps, ticket } = await withTicket(() => new Promise<Response>(() => {}));
    const controller = new AbortController();
    const pending = callApi(deps, {
      ticketId: ticket.id,
      actionClass: 'Team',
      action: 'DescribeTeams',
      body: {},
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 20);
    expect(await pending).toMatchObject({ ok: false, stage: 'network', message: 'Aborted' });
  });

  it('concurrent calls do not block each other', async () => {
    const order: string[] = [];
    const { deps, ticket } = await withTicket(async (url) => {
      const slow = url.pathname.endsWith('Slow');
      await new Promise((r) => setTimeout(r, slow ? 200 : 10));
      order.push(url.pathname);
      return ok();
    });
    const slow = callApi(deps, { ticketId: ticket.id, actionClass: 'Team', action: 'Slow', body: {} });
    const fast = callApi(deps, { ticketId: ticket.id, actionClass: 'Team', action: 'Fast', body: {} });
    await Promise.all([slow, fast]);
    expect(order).toEqual(['/PaaS/Team/Fast', '/PaaS/Team/Slow']);
  });

  it.each([[{ actionClass: 'Te am', action: 'X' }], [{ actionClass: 'Team', action: '../x' }]])(
    'never gets an action path that is not two identifiers: the RPC refuses %j',
    (input) => {
      const checked = validateRequest('call', { ticketId: 't', body: {}, ...input });
      expect(checked).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    },
  );

  it.each([[{ actionClass: 'Team?x=', action: 'X' }], [{ actionClass: 'Team', action: '../x' }]])(
    'and the worker, which does not check a page’s params again, refuses %j itself, sending nothing',
    async (input) => {
      const { net, deps, ticket } = await withTicket(() => ok());
      expect(await callApi(deps, { ticketId: ticket.id, body: {}, ...input })).toMatchObject({
        ok: false,
        stage: 'input',
      });
      expect(net.requests).toEqual([]);
    },
  );

  it('refuses a ticket id that is not stored, before any request', async () => {
    const { net, deps } = await withTicket(() => ok());
    const res = await callApi(deps, {
      ticketId: 'missing',
      actionClass: 'Team',
      action: 'DescribeTeams',
      body: {},
    });
    expect(res).toMatchObject({ ok: false, stage: 'input' });
    expect(!res.ok && res.message).toContain('No stored ticket');
    expect(net.requests).toEqual([]);
  });

  it('calls on the API base of the ticket’s environment', async () => {
    const { net, deps } = await withTicket(() => ok());
    const env = await deps.store.putEnvironment({
      name: 'Proxy',
      loginUrl: 'https://login.example.test',
      apiBase: 'https://proxy.example.test/cme/',
    });
    const { ticket } = await deps.store.upsertTicketByAuthorization({
      authorization: OTHER,
      environment: env.id,
      source: 'signature',
    });
    await callApi(deps, { ticketId: ticket.id, actionClass: 'Team', action: 'DescribeTeams', body: {} });
    expect(net.requests[0]!.url).toBe(`https://proxy.example.test/cme/PaaS/Team/DescribeTeams?auth=${OTHER}`);
  });

  it('builds API URLs with an encoded ticket and no double slash', () => {
    expect(apiUrl('http://127.0.0.1:8787/', 'Material', 'ListMedia', 'tf_a+b')).toBe(
      'http://127.0.0.1:8787/PaaS/Material/ListMedia?auth=tf_a%2Bb',
    );
  });
});

describe('replay', () => {
  const captured = (overrides: Partial<RawCall['request']> = {}): RawCall => ({
    startedAt: 1_700_000_000_000,
    durationMs: 10,
    request: {
      method: 'POST',
      url: `https://app.example.test/api/cme/PaaS/Material/DescribeClass?auth=${AUTH}&x=1`,
      headers: [],
      body: { text: '{"Platform":"p","Owner":{"Type":"PERSON","Id":"u"}}' },
      ...overrides,
    },
    response: null,
  });

  it('replays as captured (same URL and body) and marks the stored ticket used', async () => {
    const { net, deps } = await withTicket(() => ok());
    const res = await replay(deps, { capture: captured(), replayOf: { kind: 'capture', id: 7 } });
    expect(res).toMatchObject({ ok: true });
    expect(net.requests[0]).toEqual({
      url: captured().request.url,
      method: 'POST',
      body: captured().request.body!.text,
    });
    expect((await loggedHistory(deps))[0]).toMatchObject({
      replayOf: { kind: 'capture', id: 7 },
      action: 'DescribeClass',
    });
  });

  it('replays with an edited body', async () => {
    const { net, deps } = await withTicket(() => ok());
    await replay(deps, { capture: captured(), body: { Platform: 'q' } });
    expect(net.requests[0]!.body).toBe('{"Platform":"q"}');
  });

  it('replays under another stored ticket by swapping auth only', async () => {
    const { net, deps } = await withTicket(() => ok());
    const { ticket: other } = await deps.store.upsertTicketByAuthorization({
      authorization: OTHER,
      environment: 'tencent',
      source: 'captured',
    });
    // The capture went through the app's own backend, not a host of the ticket's environment: confirmed.
    const res = await replay(deps, {
      capture: captured(),
      ticketId: other.id,
      allowHost: 'app.example.test',
    });
    expect(res).toMatchObject({ ok: true, ticketId: other.id });
    const sent = new URL(net.requests[0]!.url);
    expect(sent.searchParams.get('auth')).toBe(OTHER);
    expect(sent.searchParams.get('x')).toBe('1');
    expect(sent.pathname).toBe('/api/cme/PaaS/Material/DescribeClass');
  });

  it('sends a stored ticket only to a host of its environment (API base or login URL)', async () => {
    const { net, deps, ticket } = await withTicket(() => ok());
    for (const host of ['web-paas-api.cme.qcloud.com', 'open.cme.qcloud.com']) {
      const url = `https://${host}/PaaS/Material/DescribeClass?auth=${OTHER}`;
      expect(await replay(deps, { capture: captured({ url }), ticketId: ticket.id })).toMatchObject({
        ok: true,
      });
    }
    expect(net.requests.map((r) => new URL(r.url).searchParams.get('auth'))).toEqual([AUTH, AUTH]);
  });

  it.each([
    ['another host', 'https://evil.example/PaaS/Material/DescribeClass', 'evil.example'],
    [
      'a look-alike',
      'https://web-paas-api.cme.qcloud.com.evil.example/PaaS/A/B',
      'web-paas-api.cme.qcloud.com.evil.example',
    ],
    [
      'user info before the host',
      'https://web-paas-api.cme.qcloud.com@evil.example/PaaS/A/B',
      'evil.example',
    ],
    ['another port', 'https://web-paas-api.cme.qcloud.com:8443/PaaS/A/B', 'web-paas-api.cme.qcloud.com:8443'],
  ])(
    'refuses a stored ticket to %s, naming the host and environment, and sends nothing',
    async (_, url, host) => {
      const { net, deps, ticket } = await withTicket(() => ok());
      const res = await replay(deps, {
        capture: captured({ url: `${url}?auth=${OTHER}` }),
        ticketId: ticket.id,
      });
      expect(res).toMatchObject({ ok: false, stage: 'input', host, environment: 'Tencent Cloud' });
      expect(!res.ok && res.message).toBe(`${host} is not a host of Tencent Cloud`);
      expect(JSON.stringify(res)).not.toContain(AUTH);
      expect(net.requests).toEqual([]);
      expect(await loggedHistory(deps)).toEqual([]);
    },
  );

  it('sends to another host only when that exact host was confirmed', async () => {
    const { net, deps, ticket } = await withTicket(() => ok());
    const capture = captured({ url: `https://evil.example/PaaS/Material/DescribeClass?auth=${OTHER}` });
    for (const allowHost of [
      'app.example.test',
      'evil.example:443x',
      'EVIL.example.',
      'web-paas-api.cme.qcloud.com',
    ]) {
      expect(await replay(deps, { capture, ticketId: ticket.id, allowHost })).toMatchObject({
        ok: false,
        host: 'evil.example',
      });
    }
    expect(net.requests).toEqual([]);
    expect(await replay(deps, { capture, ticketId: ticket.id, allowHost: 'evil.example' })).toMatchObject({
      ok: true,
      ticketId: ticket.id,
    });
    expect(net.requests.map((r) => r.url)).toEqual([
      `https://evil.example/PaaS/Material/DescribeClass?auth=${AUTH}`,
    ]);
  });

  it('knows a custom environment by host and port, and none once it is deleted', async () => {
    const { net, deps } = await withTicket(() => ok());
    const env = await deps.store.putEnvironment({
      name: 'Sandbox',
      loginUrl: 'http://127.0.0.1:8787',
      apiBase: 'http://127.0.0.1:8787/api',
    });
    const { ticket } = await deps.store.upsertTicketByAuthorization({
      authorization: OTHER,
      environment: env.id,
      source: 'signature',
    });
    const at = (base: string) => captured({ url: `${base}/proxy/PaaS/Team/DescribeTeams?auth=${AUTH}` });
    expect(await replay(deps, { capture: at('http://127.0.0.1:8787'), ticketId: ticket.id })).toMatchObject({
      ok: true,
    });
    for (const [base, host] of [
      ['http://localhost:8787', 'localhost:8787'],
      ['http://127.0.0.1:8788', '127.0.0.1:8788'],
    ]) {
      expect(await replay(deps, { capture: at(base!), ticketId: ticket.id })).toMatchObject({
        stage: 'input',
        host,
        environment: 'Sandbox',
      });
    }
    await deps.store.deleteEnvironment(env.id);
    expect(await replay(deps, { capture: at('http://127.0.0.1:8787'), ticketId: ticket.id })).toMatchObject({
      stage: 'input',
      host: '127.0.0.1:8787',
      environment: env.id,
    });
    expect(net.requests.map((r) => r.url)).toEqual([
      `http://127.0.0.1:8787/proxy/PaaS/Team/DescribeTeams?auth=${OTHER}`,
    ]);
  });

  it('replays as captured to any host: no stored ticket is put in the URL', async () => {
    const { net, deps } = await withTicket(() => ok());
    const url = `https://evil.example/PaaS/Material/DescribeClass?auth=${OTHER}`;
    expect(await replay(deps, { capture: captured({ url }) })).toMatchObject({ ok: true });
    expect(net.requests[0]!.url).toBe(url);
  });

  it('refuses what is not a CME call', async () => {
    const { net, deps } = await withTicket(() => ok());
    expect(await replay(deps, { capture: captured({ url: 'https://example.test/other' }) })).toMatchObject({
      ok: false,
      stage: 'input',
    });
    expect(await replay(deps, { capture: captured({ url: 'not a url' }) })).toMatchObject({
      ok: false,
      stage: 'input',
    });
    expect(net.requests).toEqual([]);
  });
});

describe('what waits for what', () => {
  const capture = (auth: string) => capturedRequest(auth, 'Material/ListMedia');

  it('writes a pending row only for a call still in flight after PENDING_AFTER_MS', async () => {
    let release!: () => void;
    const slow = new Promise<void>((resolve) => (release = resolve));
    let slowCall = false;
    const { deps, ticket } = await withTicket(async () => {
      if (slowCall) await slow;
      return ok();
    });
    const pendingWrites: string[] = [];
    const startHistory = deps.store.startHistory.bind(deps.store);
    deps.store.startHistory = async (row) => {
      pendingWrites.push(row.action);
      return startHistory(row);
    };
    const fast = await replay(deps, { capture: capture(AUTH) });
    expect(fast).toMatchObject({ ok: true, ticketId: ticket.id });
    expect((await loggedHistory(deps))[0]).toMatchObject({ status: 'done', ticketId: ticket.id });
    slowCall = true;
    const answer = callApi(deps, {
      ticketId: ticket.id,
      actionClass: 'Team',
      action: 'DescribeTeams',
      body: {},
    });
    await expect
      .poll(async () => (await loggedHistory(deps)).find((r) => r.action === 'DescribeTeams')?.status)
      .toBe('pending');
    release();
    const done = await answer;
    expect(done.ok && done.historyId).toBeTruthy();
    const rows = await loggedHistory(deps);
    expect(rows).toHaveLength(2);
    expect(rows.find((r) => r.id === (done.ok ? done.historyId : ''))).toMatchObject({ status: 'done' });
    expect(pendingWrites).toEqual(['DescribeTeams']);
  });

  it('notes the ticket’s use for the coalesced write, and a flush stores it', async () => {
    const { deps, ticket } = await withTicket(() => ok());
    const res = await replay(deps, { capture: capture(AUTH) });
    expect(res).toMatchObject({ ok: true });
    expect((await deps.store.getTicket(ticket.id))!.lastUsedAt).toBeNull();
    await deps.logs.flush();
    expect((await deps.store.getTicket(ticket.id))!.lastUsedAt).toBe(deps.now());
  });

  it('leaves history and the ticket’s use for afterReply, and writes them when it runs', async () => {
    const { deps, ticket } = await withTicket(() => ok());
    const left: (() => void)[] = [];
    const res = await replay(deps, { capture: capture(AUTH), afterReply: (task) => void left.push(task) });
    expect(res).toMatchObject({ ok: true });
    expect(left).toHaveLength(1);
    expect(await deps.store.listHistory()).toHaveLength(0);
    left[0]!();
    await expect.poll(async () => (await loggedHistory(deps)).length).toBe(1);
    await deps.logs.flush();
    expect((await deps.store.getTicket(ticket.id))!.lastUsedAt).toBe(deps.now());
  });

  it('sends the request before looking up the captured ticket', async () => {
    const order: string[] = [];
    const { deps } = await withTicket(() => (order.push('fetch'), ok()));
    const find = deps.store.findTicketByAuthorization.bind(deps.store);
    deps.store.findTicketByAuthorization = (auth, env) => (order.push('lookup'), find(auth, env));
    await replay(deps, { capture: capture(AUTH) });
    expect(order).toEqual(['fetch', 'lookup']);
  });

  it('a failing bookkeeping write is logged, and the answer still reaches the caller', async () => {
    const { deps } = await withTicket(() => ok());
    deps.store.completeHistories = () => Promise.reject(new Error('disk full'));
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => void errors.push(args);
    try {
      const res = await replay(deps, { capture: capture(AUTH) });
      expect(res).toMatchObject({ ok: true, httpStatus: 200 });
      await deps.logs.flush();
      expect(errors).toHaveLength(1);
      expect(String(errors[0])).toContain('writing call history failed');
    } finally {
      console.error = original;
    }
  });
});
