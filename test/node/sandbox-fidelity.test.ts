/**
 * The sandbox says where it invents: X-Sandbox-Undocumented (exposed through CORS), SandboxDetail beside CME's
 * exact messages and a log line; --strict; long-term tickets, --ticket-ttl and POST /__sandbox/revoke; reset and
 * tickets; only documented limits; unknown parameters and "did you mean"; the ambiguous Describe* actions.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findAction } from '../../lib/cme/catalogue';
import {
  closestDocumented,
  judge,
  fail,
  undocumentedHeader,
  note,
  renderApi,
} from '../../lib/node/sandbox/answers';
import { didYouMean } from '../../lib/node/sandbox/api';
import type { RunningSandbox } from '../../lib/node/sandbox/main';
import { SANDBOX_USAGE } from '../../lib/node/sandbox/options';
import {
  callApi,
  dataOf,
  loginWith,
  person,
  PLATFORM,
  signIndependently,
  startTestSandbox,
  ticketFor,
  type Answer,
} from './sandbox-helpers';

const HEADER = 'x-sandbox-undocumented';

function detail(ans: Answer): { en: string; zh: string; undocumented?: string[] } | undefined {
  return ans.json.SandboxDetail as { en: string; zh: string; undocumented?: string[] } | undefined;
}

function revoke(sb: RunningSandbox, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${sb.url}/__sandbox/revoke`, { method: 'POST', headers, body: JSON.stringify(body) });
}

describe('sandbox fidelity: answers', () => {
  it('keeps Message/EnglishMessage exact and puts our detail in SandboxDetail', () => {
    const out = renderApi(
      fail('InvalidParameterValue.MaterialId', 'MaterialId "x" does not exist'),
      'r',
      false,
    );
    expect(out.body).toEqual({
      Code: 'InvalidParameterValue.MaterialId',
      Message: '媒体不存在',
      EnglishMessage: 'material not exist',
      RequestId: 'r',
      SandboxDetail: { en: 'MaterialId "x" does not exist.', zh: 'MaterialId "x" does not exist.' },
    });
    expect(out.notes).toEqual([]);
  });

  it.each([
    ['MissingParameter', 'api', 'InvalidParameterValue'],
    ['InvalidParameter.JsonParse', 'api', 'InvalidParameterValue'],
    ['InvalidParameter.Action', 'api', 'ResourceNotFound'],
    ['AuthFailure.SessionInvalid', 'api', 'OperationDenied.PermissionDeny'],
    ['InvalidParameterValue.ClassNotExist', 'api', 'InvalidParameterValue'],
    ['InvalidParameterValue.MaterialType', 'api', 'InvalidParameterValue'],
    ['SignatureVerifyFail', 'api', 'InvalidParameterValue'],
    ['InvalidParameterValue.Platform', 'api', 'InvalidParameterValue'],
    ['LimitExceeded.RequestSize', 'api', 'InvalidParameterValue'],
    ['InvalidParameterValue.MaterialId', 'api', 'InvalidParameterValue.MaterialId'],
    ['SignatureExpired', 'login', 'SignatureVerifyFail'],
    ['InvalidParameterValue.Platform', 'login', 'InvalidParameterValue.Platform'],
  ] as const)('--strict answers %s (%s) as %s', (code, scope, expected) => {
    expect(closestDocumented(code, scope)).toBe(expected);
    const j = judge(fail(code), scope, true);
    expect(j.code).toBe(expected);
    expect(j.notes.length > 0).toBe(code !== expected);
  });

  it('marks an undocumented Code in default mode, naming where it comes from', () => {
    expect(judge(fail('MissingParameter'), 'api', false).notes[0]!.reason).toBe(
      'code MissingParameter: a server-API code',
    );
    expect(judge(fail('InvalidParameterValue.MaterialType'), 'api', false).notes[0]!.reason).toBe(
      'code InvalidParameterValue.MaterialType: in no CME docs',
    );
    expect(judge(fail('SignatureVerifyFail'), 'api', false).notes[0]!.reason).toMatch(/login only/);
    expect(judge(fail('OperationDenied.PermissionDeny'), 'api', false).notes).toEqual([]);
  });

  it('makes the header one ASCII line, bounded', () => {
    const value = undocumentedHeader([
      note('unknown parameters ignored: Ünï\r\ncode', '', ''),
      note('x'.repeat(2000), '', ''),
    ]);
    expect(value).toMatch(/^[\x20-\x7e]+$/);
    expect(value!.length).toBeLessThanOrEqual(1000);
    expect(undocumentedHeader([])).toBeNull();
  });

  it('suggests the documented parameter a near miss meant', () => {
    const entry = findAction('Material', 'ListMedia')!;
    expect(didYouMean('owner', entry)).toBe('Owner');
    expect(didYouMean('Limt', entry)).toBe('Limit');
    expect(didYouMean('ClasId', entry)).toBe('ClassId');
    expect(didYouMean('Whatever', entry)).toBeNull();
  });
});

describe('sandbox fidelity: over HTTP (default mode)', () => {
  let sb: RunningSandbox;
  let ticket: string;
  const lines: string[] = [];
  beforeAll(async () => {
    sb = await startTestSandbox({ log: (line) => lines.push(line) });
    ticket = await ticketFor(sb);
  });
  afterAll(() => sb.close());

  it('exposes the header to pages through CORS and logs a line for each marked answer', async () => {
    const res = await fetch(`${sb.url}/PaaS/Material/DeleteMaterial?auth=${ticket}`, {
      method: 'POST',
      headers: { Origin: 'http://localhost:5173' },
      body: '{}',
    });
    expect(res.headers.get('access-control-expose-headers')).toContain('X-Sandbox-Undocumented');
    expect(res.headers.get(HEADER)).toBe('code MissingParameter: a server-API code');
    const i = lines.findIndex((l) => l.includes('/PaaS/Material/DeleteMaterial → 200 MissingParameter'));
    expect(i).toBeGreaterThanOrEqual(0);
    expect(lines[i + 1]).toBe("  ↳ undocumented (sandbox's own): code MissingParameter: a server-API code");
  });

  it('leaves a documented answer unmarked', async () => {
    const ans = await callApi(sb, 'Material/DeleteMaterial', { MaterialId: 'nope' }, ticket);
    expect(ans.json).toMatchObject({
      Code: 'InvalidParameterValue.MaterialId',
      EnglishMessage: 'material not exist',
    });
    expect(ans.headers.get(HEADER)).toBeNull();
    expect(detail(ans)?.undocumented).toBeUndefined();
  });

  it('enforces only documented limits: Limit 30 where documented, none elsewhere; no cap on MaterialIds', async () => {
    const list = await callApi(
      sb,
      'Material/ListMedia',
      { Platform: PLATFORM, ClassId: 0, Owner: person(), Limit: 31 },
      ticket,
    );
    expect(list.json).toMatchObject({
      Code: 'InvalidParameterValue.Limit',
      EnglishMessage: 'Limit greate than max',
    });
    expect(list.headers.get(HEADER)).toBeNull();
    for (const action of ['Team/DescribeTeams', 'Task/DescribeTasks']) {
      expect((await callApi(sb, action, { Limit: 31 }, ticket)).json.Code).toBe(
        'InvalidParameterValue.Limit',
      );
    }
    const search = await callApi(
      sb,
      'Material/SearchMaterial',
      { SearchScopes: [{ Owner: person() }], Limit: 500 },
      ticket,
    );
    expect(search.json.Code).toBe('Success');
    expect((await callApi(sb, 'Project/DescribeProjects', { Limit: 500 }, ticket)).json.Code).toBe('Success');
    const ids = Array.from({ length: 25 }, (_, i) => `id_${i}`);
    const many = await callApi(sb, 'Material/DescribeMaterials', { MaterialIds: ids }, ticket);
    expect(many.json.Code).toBe('Success');
    expect((dataOf(many).FailedMaterialInfoSet as unknown[]).length).toBe(25);
    const longName = await callApi(
      sb,
      'Material/CreateClass',
      { ParentClassId: 0, Name: '长'.repeat(40), Owner: person() },
      ticket,
    );
    expect(longName.json.Code).toBe('Success');
  });

  it('marks the rules the docs do not state', async () => {
    const dup = await callApi(
      sb,
      'Material/CreateClass',
      { ParentClassId: 0, Name: '视频素材', Owner: person() },
      ticket,
    );
    expect(dup.json.Code).toBe('InvalidParameterValue.ClassExist');
    expect(dup.headers.get(HEADER)).toMatch(
      /^rule: category names unique among siblings; code InvalidParameterValue\.ClassExist: a server-API code$/,
    );
    const neg = await callApi(sb, 'Team/DescribeJoinTeams', { Offset: -1 }, ticket);
    expect(neg.headers.get(HEADER)).toMatch(/rule: Offset >= 0/);
  });

  it('answers DescribeMaterials per item by default, marked; DescribeProjects/DescribeTasks leave unknown IDs out, marked', async () => {
    const other = await ticketFor(sb, 'fidelity_other');
    const theirs = sb.state.platforms[0]!.materials.find((m) => m.Owner.Id === 'fidelity_other')!.MaterialId;
    void other;
    const mixed = await callApi(sb, 'Material/DescribeMaterials', { MaterialIds: [theirs, 'nope'] }, ticket);
    expect(mixed.json.Code).toBe('Success');
    expect(dataOf(mixed).FailedMaterialInfoSet).toEqual([
      { MaterialId: theirs, Code: 'OperationDenied.PermissionDeny', Message: 'permission denied' },
      { MaterialId: 'nope', Code: 'InvalidParameterValue.MaterialId', Message: 'material not exist' },
    ]);
    expect(mixed.headers.get(HEADER)).toMatch(/FailedMaterialInfoSet fields are ours/);
    const projects = await callApi(sb, 'Project/DescribeProjects', { ProjectIds: ['nope'] }, ticket);
    expect(projects.json).toMatchObject({ Code: 'Success', Data: { TotalCount: 0 } });
    expect(projects.headers.get(HEADER)).toMatch(/unknown ProjectIds left out/);
    const tasks = await callApi(sb, 'Task/DescribeTasks', { TaskIds: ['nope'] }, ticket);
    expect(tasks.headers.get(HEADER)).toMatch(/unknown TaskIds left out/);
  });

  it('marks the undocumented SearchResource and names unknown parameters', async () => {
    const res = await callApi(sb, 'Material/SearchResource', {}, ticket);
    expect(res.json.Code).toBe('Success');
    expect(res.headers.get(HEADER)).toBe('action not in CME docs (third-party only)');
    const typo = await callApi(sb, 'Material/DeleteMaterial', { MaterialID: 'x' }, ticket);
    // The typo leaves the real parameter missing; both are said.
    expect(typo.headers.get(HEADER)).toContain(
      'unknown parameters ignored: MaterialID (did you mean MaterialId?)',
    );
    expect(typo.json.Code).toBe('MissingParameter');
  });
});

describe('sandbox fidelity: --strict over HTTP', () => {
  let sb: RunningSandbox;
  let ticket: string;
  beforeAll(async () => {
    sb = await startTestSandbox({ strict: true });
    ticket = await ticketFor(sb);
  });
  afterAll(() => sb.close());

  it.each([
    [
      'a missing parameter',
      'Material/DeleteMaterial',
      {},
      'InvalidParameterValue',
      /MissingParameter \(a server-API code\) answered as InvalidParameterValue/,
    ],
    ['bad JSON', 'Material/DeleteMaterial', '{', 'InvalidParameterValue', /JsonParse/],
    ['an unknown action', 'Material/NoSuch', {}, 'ResourceNotFound', /InvalidParameter\.Action/],
    [
      'the undocumented SearchResource',
      'Material/SearchResource',
      {},
      'ResourceNotFound',
      /InvalidParameter\.Action/,
    ],
    [
      'a server-API Code',
      'Material/DescribeClass',
      { Platform: PLATFORM, Owner: person(), BaseClassId: 999999 },
      'InvalidParameterValue',
      /ClassNotExist/,
    ],
  ])('answers %s with a documented Code, marked', async (_name, path, body, code, reason) => {
    const ans = await callApi(sb, path, body, ticket);
    expect(ans.json.Code).toBe(code);
    expect(ans.headers.get(HEADER)).toMatch(reason);
    expect(detail(ans)?.undocumented?.join('; ')).toBe(ans.headers.get(HEADER));
  });

  it('answers the documented top-level Codes of the ambiguous Describe* actions', async () => {
    await ticketFor(sb, 'strict_other');
    const theirs = sb.state.platforms[0]!.materials.find((m) => m.Owner.Id === 'strict_other')!.MaterialId;
    const denied = await callApi(sb, 'Material/DescribeMaterials', { MaterialIds: [theirs] }, ticket);
    expect(denied.json).toMatchObject({
      Code: 'OperationDenied.PermissionDeny',
      EnglishMessage: 'permission denied',
    });
    expect(denied.headers.get(HEADER)).toMatch(/top-level PermissionDeny/);
    const unknown = await callApi(sb, 'Material/DescribeMaterials', { MaterialIds: ['nope'] }, ticket);
    expect(unknown.json.Code).toBe('Success');
    expect((await callApi(sb, 'Project/DescribeProjects', { ProjectIds: ['nope'] }, ticket)).json.Code).toBe(
      'ResourceNotFound',
    );
    expect((await callApi(sb, 'Task/DescribeTasks', { TaskIds: ['nope'] }, ticket)).json.Code).toBe(
      'ResourceNotFound',
    );
  });

  it('answers a login with an expired signature with SignatureVerifyFail, marked', async () => {
    const ans = await loginWith(
      sb,
      signIndependently({ currentTimeStamp: 1700000000, expireTime: 1700000300 }),
    );
    expect((ans.json.Response as { Error: unknown }).Error).toEqual({
      Code: 'SignatureVerifyFail',
      Message: 'Signature Verify Fail',
    });
    expect(ans.headers.get(HEADER)).toMatch(/SignatureExpired .* answered as SignatureVerifyFail/);
  });

  it('is shown in --help, /__sandbox/info and the index page', async () => {
    expect(SANDBOX_USAGE).toMatch(/--strict/);
    expect(SANDBOX_USAGE).toMatch(/--ticket-ttl SECONDS/);
    const info = (await (await fetch(`${sb.url}/__sandbox/info`)).json()) as Record<string, unknown>;
    expect(info).toMatchObject({ strict: true, ticketTtlSeconds: null });
    const index = await (await fetch(`${sb.url}/`)).text();
    expect(index).toMatch(/严格模式 · Strict mode<\/th><td>开 · on/);
    expect(index).toContain('POST /__sandbox/revoke');
  });
});

describe('sandbox fidelity: tickets', () => {
  let now = Date.now();
  let sb: RunningSandbox;
  const sign = (userId: string) => signIndependently({ userId, currentTimeStamp: Math.floor(now / 1000) });
  const login = async (userId: string) =>
    ((await loginWith(sb, sign(userId))).json.Response as { Authorization: string }).Authorization;
  const teams = (auth: string) => callApi(sb, 'Team/DescribeJoinTeams', {}, auth);
  beforeAll(async () => {
    sb = await startTestSandbox({ now: () => now });
  });
  afterAll(() => sb.close());

  it('are long-term by default: still valid a year later, and a new login leaves the old one valid', async () => {
    const first = await login('alice');
    now += 365 * 86400_000;
    const second = await login('alice');
    expect((await teams(first)).json.Code).toBe('Success');
    expect((await teams(second)).json.Code).toBe('Success');
  });

  it("revokes one ticket with {ticket}, and all of a user's with {platform, userId}", async () => {
    const a1 = await login('bob');
    const a2 = await login('bob');
    const other = await login('carol');
    const one = await revoke(sb, { ticket: a1 });
    expect(await one.json()).toEqual({ ok: true, revoked: 1 });
    const refused = await teams(a1);
    expect(refused.json.Code).toBe('AuthFailure.SessionInvalid');
    expect(detail(refused)?.en).toMatch(/revoked/);
    expect(refused.headers.get(HEADER)).toMatch(/third-party/);
    expect((await teams(a2)).json.Code).toBe('Success');
    const all = await revoke(sb, { platform: PLATFORM, userId: 'bob' });
    expect(await all.json()).toEqual({ ok: true, revoked: 1 });
    expect((await teams(a2)).json.Code).toBe('AuthFailure.SessionInvalid');
    expect((await teams(other)).json.Code).toBe('Success');
    const again = await login('bob');
    expect((await teams(again)).json.Code).toBe('Success');
  });

  it('refuses a revoke without a target (400) and from a foreign page (403)', async () => {
    expect((await revoke(sb, {})).status).toBe(400);
    expect((await revoke(sb, { platform: PLATFORM })).status).toBe(400);
    expect((await revoke(sb, { ticket: 'x' }, { Origin: 'https://evil.example' })).status).toBe(403);
    const exact = await fetch(`${sb.url}/__sandbox/revoke/`, { method: 'POST', body: '{"ticket":"x"}' });
    expect(exact.status).toBe(404);
  });

  it('keeps tickets and revocations across a reset', async () => {
    const kept = await login('dave');
    const gone = await login('erin');
    await revoke(sb, { ticket: gone });
    expect((await fetch(`${sb.url}/__sandbox/reset`, { method: 'POST' })).status).toBe(200);
    expect((await teams(kept)).json.Code).toBe('Success');
    expect((await teams(gone)).json.Code).toBe('AuthFailure.SessionInvalid');
  });

  it("ends tickets after --ticket-ttl, marked as the sandbox's own rule", async () => {
    const ttl = await startTestSandbox({ now: () => now, ticketTtlSeconds: 60 });
    try {
      const ans = await loginWith(ttl, sign('frank'));
      const auth = (ans.json.Response as { Authorization: string }).Authorization;
      expect((await callApi(ttl, 'Team/DescribeTeams', {}, auth)).json.Code).toBe('Success');
      now += 61_000;
      const late = await callApi(ttl, 'Team/DescribeTeams', {}, auth);
      expect(late.json.Code).toBe('AuthFailure.SessionInvalid');
      expect(late.headers.get(HEADER)).toMatch(/ticket lifetime is --ticket-ttl \(ours\)/);
      expect(detail(late)?.en).toMatch(/expired/);
    } finally {
      await ttl.close();
    }
  });
});
