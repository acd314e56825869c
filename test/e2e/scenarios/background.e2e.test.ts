/**
 * The background worker in a real browser with the built extension and the real sandbox over loopback:
 * three ways to log in, a call, a rejected ticket, the background gone mid-call, a web page refused, and
 * tickets (but never SecretKeys) surviving a browser restart on the same profile.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STOPPED_MID_CALL } from '../../../lib/background/handlers';
import { success } from '../../../lib/node/sandbox/answers';
import { startSandbox, type RunningSandbox } from '../../../lib/node/sandbox/main';
import { DEFAULT_PLATFORM, DEMO_KEY } from '../../../lib/node/sandbox/options';
import { browsersUnderTest, launch, type TestBrowser, type TestPage } from '../harness';
import { poll } from '../harness/util';
import { devSignature, rpc, rpcRaw } from './support';

interface Ticket {
  id: string;
  authorization: string;
  userId: string | null;
  platform: string | null;
  source: string;
  status: string;
  rejectedCode: string | null;
}
interface LoginOk {
  ok: boolean;
  ticket: Ticket;
}

describe.each(browsersUnderTest())('background worker in %s', (name) => {
  let sandbox: RunningSandbox;
  let browser: TestBrowser;
  let page: TestPage;
  let envId: string;
  let slowCalls = 0;

  beforeAll(async () => {
    sandbox = await startSandbox({
      port: 0,
      quiet: true,
      handlers: {
        // A call that stays in flight long enough to stop the background under it.
        DescribeJoinTeams: async () => {
          slowCalls++;
          await new Promise((r) => setTimeout(r, 4000));
          return success({ TotalCount: 0, TeamSet: [] });
        },
      },
    });
    browser = await launch(name);
    page = await browser.openExtensionPage('/popup.html');
    const env = await rpc<{ id: string }>(page, 'environments.save', {
      name: 'Sandbox',
      loginUrl: sandbox.url,
      apiBase: sandbox.url,
    });
    envId = env.id;
  });
  afterAll(async () => {
    await browser?.close();
    await sandbox?.close();
  });

  it('logs in with a pasted signature', async () => {
    const signature = await devSignature(sandbox.url, 'paste_user');
    const refused = await rpc<{ ok: boolean; stage: string; signatureText: string }>(
      page,
      'login.withSignature',
      { environmentId: envId, signature: 'not a signature' },
    );
    expect(refused).toMatchObject({ ok: false, stage: 'signature', signatureText: 'not a signature' });
    const res = await rpc<LoginOk>(page, 'login.withSignature', {
      environmentId: envId,
      signature,
      label: 'pasted',
    });
    expect(res.ok).toBe(true);
    expect(res.ticket).toMatchObject({
      userId: 'paste_user',
      platform: DEFAULT_PLATFORM,
      source: 'signature',
    });
    expect(res.ticket.authorization).toMatch(/^tf_/);
  });

  it('logs in through the dev-server URL template', async () => {
    const res = await rpc<LoginOk>(page, 'login.fromDevServer', {
      environmentId: envId,
      urlTemplate: `${sandbox.url}/dev/signature?userId={userId}`,
      userId: 'dev_user',
    });
    expect(res.ok).toBe(true);
    expect(res.ticket).toMatchObject({ userId: 'dev_user', source: 'dev-server' });
  });

  it('logs in by signing locally with session-only keys', async () => {
    const status = await rpc<{ present: boolean; secretId: string }>(page, 'keys.set', DEMO_KEY);
    expect(status.present).toBe(true);
    expect(status.secretId).not.toBe(DEMO_KEY.secretId);
    const res = await rpc<LoginOk>(page, 'login.localSign', {
      environmentId: envId,
      platform: DEFAULT_PLATFORM,
      userId: 'local_user',
    });
    expect(res.ok).toBe(true);
    expect(res.ticket).toMatchObject({ userId: 'local_user', source: 'local-signing' });
  });

  it('calls a client API with a stored ticket', async () => {
    const [ticket] = await rpc<Ticket[]>(page, 'tickets.list', { environmentId: envId });
    const before = sandbox.stats.byAction['DescribeClass'] ?? 0;
    const res = await rpc<{ ok: boolean; envelope: { code: string }; httpStatus: number }>(page, 'call', {
      ticketId: ticket!.id,
      actionClass: 'Material',
      action: 'DescribeClass',
      body: { Platform: DEFAULT_PLATFORM, Owner: { Type: 'PERSON', Id: ticket!.userId } },
    });
    expect(res).toMatchObject({ ok: true, httpStatus: 200, envelope: { code: 'Success' } });
    expect(sandbox.stats.byAction['DescribeClass']).toBe(before + 1);
  });

  it('marks a ticket the server rejects as rejected', async () => {
    const saved = await rpc<{ ticket: Ticket }>(page, 'tickets.save', {
      environmentId: envId,
      authorization: 'tf_00000000000000000000000000000000',
      userId: 'ghost',
    });
    const res = await rpc<{ ticketRejected: boolean; envelope: { code: string } }>(page, 'call', {
      ticketId: saved.ticket.id,
      actionClass: 'Team',
      action: 'DescribeTeams',
      body: {},
    });
    expect(res).toMatchObject({ ticketRejected: true, envelope: { code: 'AuthFailure.SessionInvalid' } });
    const rejected = await rpc<Ticket[]>(page, 'tickets.list', { environmentId: envId, status: 'rejected' });
    expect(rejected.map((t) => t.id)).toContain(saved.ticket.id);
    expect(rejected[0]!.rejectedCode).toBe('AuthFailure.SessionInvalid');
  });

  it('records a call in flight as failed when the background goes away', async () => {
    const [ticket] = await rpc<Ticket[]>(page, 'tickets.list', { environmentId: envId, status: 'active' });
    const callsBefore = slowCalls;
    // Fire and forget from the page: the answer never comes, the background is stopped under it.
    void rpcRaw(page, 'call', {
      ticketId: ticket!.id,
      actionClass: 'Team',
      action: 'DescribeJoinTeams',
      body: {},
      callId: 'doomed',
    }).catch(() => undefined);
    await poll('the slow call to reach the sandbox', async () => slowCalls > callsBefore);
    // A call still in flight after PENDING_AFTER_MS is written pending; stop the worker under it then.
    await poll('the call to be recorded as pending', async () => {
      const rows = await rpc<{ action: string; status: string }[]>(page, 'history.list', { limit: 20 });
      return rows.some((r) => r.action === 'DescribeJoinTeams' && r.status === 'pending');
    });
    await browser.stopBackground();
    page = await browser.openExtensionPage('/popup.html');
    const row = await poll('the orphaned call to be marked failed', async () => {
      const rows = await rpc<{ action: string; status: string; error: string | null }[]>(
        page,
        'history.list',
        {
          limit: 20,
        },
      );
      return rows.find((r) => r.action === 'DescribeJoinTeams' && r.status === 'failed');
    });
    expect(row.error).toBe(STOPPED_MID_CALL);
  });

  it('gives a web page no way to reach the background and no answer, while our page gets one', async () => {
    // What a web page could reach us through: none is declared (a content script and a framed page of ours
    // that do reach the background are refused by its sender check: test/background/main.test.ts).
    const manifest = await page.evaluate<Record<string, unknown>>(
      `(globalThis.browser ?? globalThis.chrome).runtime.getManifest()`,
    );
    // (Firefox gives the keys a manifest leaves out as null.)
    for (const key of ['externally_connectable', 'content_scripts', 'web_accessible_resources']) {
      expect([key, manifest[key] ?? null]).toEqual([key, null]);
    }
    const message = { source: 'cme-devtools', kind: 'rpc', id: 'x', method: 'tickets.list', params: {} };
    // Our id (Firefox's is the add-on id, not the host of its moz-extension:// origin).
    const id = await page.evaluate<string>(`(globalThis.browser ?? globalThis.chrome).runtime.id`);
    const attempt = `(async () => {
      const api = globalThis.browser?.runtime ?? globalThis.chrome?.runtime;
      if (!api || typeof api.sendMessage !== 'function') return { api: false };
      try {
        const answer = await api.sendMessage(${JSON.stringify(id)}, ${JSON.stringify(message)});
        return { api: true, answer: answer ?? null };
      } catch (e) { return { api: true, error: String((e && e.message) || e) }; }
    })()`;
    // The same attempt from our own page is answered: silence below is the page's, not a broken message.
    const ours = await page.evaluate<{ api: boolean; answer?: { ok?: boolean; result?: unknown } }>(attempt);
    expect(ours).toMatchObject({ api: true, answer: { ok: true } });
    expect(Array.isArray(ours.answer!.result)).toBe(true);
    const web = await browser.openPage(`${sandbox.url}/demo`);
    const theirs = await web.evaluate<{ api: boolean; answer?: unknown; error?: string }>(attempt);
    await web.close();
    // No API at all, or an attempt that gets no answer (at most our refusal).
    const answer = (theirs.answer ?? null) as { error?: { code?: string } } | null;
    expect(answer === null ? 'no answer' : answer.error?.code).toMatch(/^(no answer|forbidden)$/);
    if (!theirs.api) expect(theirs).toEqual({ api: false });
  });

  it('keeps tickets across a browser restart, but never the SecretKey', async () => {
    const before = await rpc<Ticket[]>(page, 'tickets.list', { environmentId: envId });
    await browser.restart();
    page = await browser.openExtensionPage('/popup.html');
    const after = await rpc<Ticket[]>(page, 'tickets.list', { environmentId: envId });
    expect(after.map((t) => t.authorization).sort()).toEqual(before.map((t) => t.authorization).sort());
    expect(after.length).toBeGreaterThanOrEqual(4);
    expect(await rpc(page, 'keys.status')).toEqual({ present: false, secretId: null });
  });
});
