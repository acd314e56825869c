import { describe, expect, it } from 'vitest';
import { replay } from '../../lib/background/call';
import type { BackgroundDeps } from '../../lib/background/deps';
import type { CaptureRuleSpec, RawCall } from '../../lib/cme/types';
import type { CallOutcome, ReplayParams } from '../../lib/protocol';
import { validateRequest } from '../../lib/protocol/validate';
import { preparePageRequest } from '../../lib/protocol/page-side';
import { fakeFetch, json, loggedHistory, makeDeps } from './fakes';

/** A replay as a page sends it: its client compiles and matches the rule (page-side.ts), then the worker. */
async function pageReplay(deps: BackgroundDeps, params: ReplayParams): Promise<CallOutcome> {
  const ready = await preparePageRequest('replay', params);
  if (!ready.ok) throw new Error(ready.message);
  return 'answer' in ready ? (ready.answer as CallOutcome) : replay(deps, ready.params as ReplayParams);
}

const AUTH = 'tf_0123456789abcdef0123456789abcdef';
const OTHER = 'tf_fedcba9876543210fedcba9876543210';
const APP = 'http://127.0.0.1:9000';
const HEADER_RULE: CaptureRuleSpec = {
  pattern: '/api/cme/<Class>/<Action>',
  ticket: { in: 'header', name: 'X-CME-Auth' },
};
const BODY_RULE: CaptureRuleSpec = {
  pattern: '/api/cme/<Class>/<Action>',
  ticket: { in: 'body', name: 'meta.auth' },
};

function proxied(
  o: { headers?: RawCall['request']['headers']; body?: string } = {},
): Pick<RawCall, 'request'> {
  return {
    request: {
      method: 'POST',
      url: `${APP}/api/cme/Material/ListMedia?x=1`,
      headers: o.headers ?? [
        { name: 'Cookie', value: 'session=private' },
        { name: 'x-cme-auth', value: `Bearer ${AUTH}` },
      ],
      body: { text: o.body ?? '{"Limit":1}' },
    },
  };
}

async function setup(envRules: CaptureRuleSpec[] = [], apiBase = 'http://127.0.0.1:8787') {
  const seen: { url: string; headers: Record<string, string>; body: string | null }[] = [];
  const net = fakeFetch((url, init) => {
    seen.push({
      url: url.toString(),
      headers: { ...(init.headers as Record<string, string>) },
      body: (init.body as string) ?? null,
    });
    return json({ Code: 'Success', Message: 'ok', Data: {}, RequestId: 'r' });
  });
  const deps = makeDeps(net.fetch);
  const env = await deps.store.putEnvironment({
    name: 'App',
    loginUrl: apiBase,
    apiBase,
    captureRules: envRules,
  });
  const { ticket: other } = await deps.store.upsertTicketByAuthorization({
    authorization: OTHER,
    environment: env.id,
    source: 'signature',
    platform: 'p',
    userId: 'other_user',
  });
  return { deps, seen, other, env };
}

describe('replay of a rule-captured call', () => {
  it('goes to the same proxied URL with only the rule header, its ticket as captured', async () => {
    const { deps, seen } = await setup();
    const params = { capture: proxied(), rule: HEADER_RULE };
    expect(validateRequest('replay', params).ok).toBe(true);
    const res = await pageReplay(deps, params);
    expect(res).toMatchObject({ ok: true, httpStatus: 200 });
    expect(seen[0]).toEqual({
      url: `${APP}/api/cme/Material/ListMedia?x=1`,
      headers: { 'Content-Type': 'application/json', 'x-cme-auth': `Bearer ${AUTH}` },
      body: '{"Limit":1}',
    });
    const [row] = await loggedHistory(deps);
    expect(row).toMatchObject({ actionClass: 'Material', action: 'ListMedia' });
  });

  it('under another ticket replaces it in the header, not in ?auth=, and keeps it to the environment’s hosts', async () => {
    const { deps, seen, other } = await setup();
    const refused = await pageReplay(deps, { capture: proxied(), rule: HEADER_RULE, ticketId: other.id });
    expect(refused).toMatchObject({ ok: false, host: '127.0.0.1:9000', environment: 'App' });
    expect(seen).toHaveLength(0);
    const res = await pageReplay(deps, {
      capture: proxied(),
      rule: HEADER_RULE,
      ticketId: other.id,
      allowHost: '127.0.0.1:9000',
    });
    expect(res.ok).toBe(true);
    expect(seen[0]?.headers['x-cme-auth']).toBe(`Bearer ${OTHER}`);
    expect(seen[0]?.url).not.toContain('auth=');
    expect(JSON.stringify(seen[0])).not.toContain(AUTH);
    const [row] = await loggedHistory(deps);
    expect(row?.ticketId).toBe(other.id);
  });

  it('a rule with the app origin makes that host one of the environment’s', async () => {
    const { deps, seen, other } = await setup([
      { ...HEADER_RULE, pattern: `${APP}/api/cme/<Class>/<Action>` },
    ]);
    const res = await pageReplay(deps, { capture: proxied(), rule: HEADER_RULE, ticketId: other.id });
    expect(res.ok).toBe(true);
    expect(seen[0]?.headers['x-cme-auth']).toBe(`Bearer ${OTHER}`);
  });

  it('a /PaaS/ call under a stored ticket may go to a host its environment’s rules name, and nowhere else', async () => {
    const { deps, seen, other } = await setup([
      { ...HEADER_RULE, pattern: `${APP}/api/cme/<Class>/<Action>` },
    ]);
    const paas = (url: string) => ({ capture: { request: { method: 'POST', url, body: { text: '{}' } } } });
    const res = await replay(deps, {
      ...paas(`${APP}/PaaS/Material/ListMedia?auth=${AUTH}`),
      ticketId: other.id,
    });
    expect(res.ok).toBe(true);
    expect(seen[0]?.url).toBe(`${APP}/PaaS/Material/ListMedia?auth=${OTHER}`);
    const foreign = await replay(deps, {
      ...paas(`http://127.0.0.1:9001/PaaS/Material/ListMedia?auth=${AUTH}`),
      ticketId: other.id,
    });
    expect(foreign).toMatchObject({ ok: false, stage: 'input', host: '127.0.0.1:9001' });
    expect(seen).toHaveLength(1);
  });

  it('refuses a captured URL that is not one, sending nothing and not echoing it', async () => {
    const { deps, seen } = await setup();
    const capture = { request: { ...proxied().request, url: `not a url ${AUTH}` } };
    const hit = { actionClass: 'Material', action: 'ListMedia', ticket: AUTH };
    const res = await replay(deps, { capture, rule: HEADER_RULE, hit });
    expect(res).toMatchObject({ ok: false, stage: 'input' });
    expect(JSON.stringify(res)).not.toContain(AUTH);
    expect(seen).toHaveLength(0);
  });

  it('puts the ticket back in a body field (nested), with an edited body too', async () => {
    const { deps, seen, other } = await setup([], APP);
    const capture = proxied({ headers: [], body: JSON.stringify({ Limit: 1, meta: { auth: AUTH } }) });
    await pageReplay(deps, { capture, rule: BODY_RULE, ticketId: other.id });
    expect(JSON.parse(seen[0]?.body ?? '')).toEqual({ Limit: 1, meta: { auth: OTHER } });
    await pageReplay(deps, { capture, rule: BODY_RULE, body: { Limit: 5 } });
    expect(JSON.parse(seen[1]?.body ?? '')).toEqual({ Limit: 5, meta: { auth: AUTH } });
    expect(Object.keys(seen[0]?.headers ?? {})).toEqual(['Content-Type']);
  });

  it('refuses a rule that does not match the captured request, sending nothing', async () => {
    const { deps, seen } = await setup();
    const res = await pageReplay(deps, { capture: proxied({ headers: [] }), rule: HEADER_RULE });
    expect(res).toMatchObject({ ok: false });
    const bad = await pageReplay(deps, {
      capture: proxied(),
      rule: { ...HEADER_RULE, pattern: '/api/<Class>' },
    });
    expect(bad).toMatchObject({ ok: false });
    expect(seen).toHaveLength(0);
  });

  it('the worker sends nothing for a rule its page did not match (no hit)', async () => {
    const { deps, seen } = await setup();
    const res = await replay(deps, { capture: proxied(), rule: HEADER_RULE });
    expect(res).toMatchObject({ ok: false, stage: 'input' });
    expect(seen).toHaveLength(0);
  });

  it('the page sends the rule cleaned and what it read of the captured request', async () => {
    const ready = await preparePageRequest('replay', {
      capture: proxied(),
      rule: { pattern: ' /api/cme/<Class>/<Action> ', ticket: { in: 'header', name: ' X-CME-Auth ' } },
    });
    expect(ready).toMatchObject({
      ok: true,
      params: {
        rule: HEADER_RULE,
        hit: { actionClass: 'Material', action: 'ListMedia', ticket: AUTH },
      },
    });
  });
});
