/**
 * The sandbox against the catalogue (lib/cme/catalogue-data.ts, the committed copy of CME's client API docs):
 * - every documented action answers a valid call with Success and every documented Data field, of its type;
 * - every documented example error Code is reproduced where the docs say what triggers it, with CME's
 *   documented Message/EnglishMessage exactly (our detail only in SandboxDetail), in default and --strict mode;
 * - in --strict mode, a run of many calls (valid, invalid, missing parameters, bad JSON, unknown actions,
 *   revoked/expired/unknown tickets, bad login signatures, odd bodies) answers no Code outside
 *   documentedCodes('api') (client API) or documentedCodes('login') (login), nested per-item Codes included.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bodyTemplate, listActions } from '../../lib/cme/catalogue';
import { documentedCodes, explainError } from '../../lib/cme/errors';
import type { CatalogueEntry } from '../../lib/cme/types';
import type { RunningSandbox } from '../../lib/node/sandbox/main';
import {
  callApi,
  dataOf,
  loginWith,
  person,
  PLATFORM,
  signIndependently,
  startTestSandbox,
  type Answer,
  type SignInput,
} from './sandbox-helpers';

const DOCUMENTED = listActions().filter((e) => e.documented);
const API_CODES = documentedCodes('api');
const LOGIN_CODES = documentedCodes('login');
const ME = 'conf_me';
const OTHER = 'conf_other';

/** A sandbox with two users and handles on their seeded records. */
interface Fixture {
  sb: RunningSandbox;
  /** Calls as ME. */
  call: (path: string, body: unknown) => Promise<Answer>;
  ticket: string;
  sign: (input?: SignInput) => string;
  mine: (name: string) => string;
  theirs: (name: string) => string;
  project: (owner: string, name: string) => string;
  task: (owner: string) => string;
  classId: (owner: string, name: string) => number;
  advance: (ms: number) => void;
}

async function fixture(strict: boolean, extra: { ticketTtlSeconds?: number } = {}): Promise<Fixture> {
  let now = Date.now();
  const sb = await startTestSandbox({ strict, now: () => now, ...extra });
  const sign = (input: SignInput = {}): string =>
    signIndependently({ userId: ME, currentTimeStamp: Math.floor(now / 1000), ...input });
  const login = async (userId: string): Promise<string> => {
    const ans = await loginWith(sb, sign({ userId }));
    return (ans.json.Response as { Authorization: string }).Authorization;
  };
  const ticket = await login(ME);
  await login(OTHER);
  const p = () => sb.state.platforms.find((x) => x.name === PLATFORM)!;
  const material = (owner: string, name: string): string =>
    p().materials.find((m) => m.Owner.Id === owner && m.Name === name)!.MaterialId;
  return {
    sb,
    ticket,
    sign,
    call: (path, body) => callApi(sb, path, body, ticket),
    mine: (name) => material(ME, name),
    theirs: (name) => material(OTHER, name),
    project: (owner, name) => p().projects.find((x) => x.Owner.Id === owner && x.Name === name)!.ProjectId,
    task: (owner) => p().tasks.find((t) => t.UserId === owner)!.TaskId,
    classId: (owner, name) => p().classes.find((c) => c.Owner.Id === owner && c.Name === name)!.ClassId,
    advance: (ms) => {
      now += ms;
    },
  };
}

const me = person(ME);
const them = person(OTHER);

async function freshMaterial(f: Fixture): Promise<string> {
  const created = await f.call('Material/CreateUploadMaterial', {
    ClassId: 0,
    MaterialType: 'VIDEO',
    Name: 'conformance.mp4',
    Owner: me,
    VerifySign: f.sign({ action: 'Upload' }),
  });
  const done = await f.call('Material/FinishUploadMaterial', {
    UploadContext: dataOf(created).UploadContext,
    VodFileId: '5285890000000001',
  });
  return dataOf(done).MaterialId as string;
}

async function frameTagVersion(f: Fixture, id: string): Promise<string> {
  const ans = await f.call('Material/DescribeMaterialFrameTag', {
    MaterialId: id,
    StartTimeOffset: 0,
    EndTimeOffset: 10,
  });
  return (dataOf(ans).FrameTagInfo as { Version: string }).Version;
}

async function frameTag(f: Fixture): Promise<{ MaterialId: string; ItemId: string; Version: string }> {
  const id = f.mine('产品发布会.mp4');
  const Version = await frameTagVersion(f, id);
  const added = await f.call('Material/AddMaterialFrameTag', {
    MaterialId: id,
    StartTimeOffset: 1,
    EndTimeOffset: 2,
    Tags: ['一致性'],
    Version,
  });
  return { MaterialId: id, ItemId: dataOf(added).ItemId as string, Version };
}

/** A valid body for every documented action (some create what they act on first). */
const VALID: Record<string, (f: Fixture) => Promise<Record<string, unknown>>> = {
  DeleteMaterial: async (f) => ({ MaterialId: await freshMaterial(f) }),
  ModifyMaterial: async (f) => ({ MaterialId: f.mine('团队合影.jpg'), Tags: ['团队', '合影'] }),
  ListMedia: async () => ({ Platform: PLATFORM, ClassId: 0, Owner: me, Limit: 30 }),
  DescribeMaterials: async (f) => ({ MaterialIds: [f.mine('产品发布会.mp4'), 'no_such_media'] }),
  SearchMaterial: async () => ({ SearchScopes: [{ Platform: PLATFORM, Owner: me }], Limit: 200 }),
  ProcessMaterial: async (f) => ({
    MaterialId: f.mine('demo-intro.mp4'),
    Definition: 30,
    VerifySign: f.sign({ action: 'Upload' }),
  }),
  SearchSharedMaterial: async (f) => {
    const team = f.sb.state.platforms[0]!.teams[0]!.TeamId;
    return { Authorizer: { Type: 'TEAM', Id: team }, Authorizee: me };
  },
  AddMaterialFrameTag: async (f) => {
    const id = f.mine('产品发布会.mp4');
    return {
      MaterialId: id,
      StartTimeOffset: 3,
      EndTimeOffset: 4,
      Tags: ['新'],
      Version: await frameTagVersion(f, id),
    };
  },
  ModifyMaterialFrameTag: async (f) => ({ ...(await frameTag(f)), Tags: ['改'] }),
  DeleteMaterialFrameTag: async (f) => frameTag(f),
  DescribeMaterialFrameTag: async (f) => ({
    MaterialId: f.mine('产品发布会.mp4'),
    StartTimeOffset: 0,
    EndTimeOffset: 5000,
  }),
  DescribeFaceInMaterial: async (f) => ({ MaterialId: f.mine('产品发布会.mp4') }),
  DescribeMaterialSubtitle: async (f) => ({
    MaterialId: f.mine('产品发布会.mp4'),
    StartTimeOffset: 0,
    EndTimeOffset: 5000,
  }),
  DescribeTextInMaterial: async (f) => ({
    MaterialId: f.mine('产品发布会.mp4'),
    StartTimeOffset: 0,
    EndTimeOffset: 5000,
  }),
  DescribeObjectInMaterial: async (f) => ({ MaterialId: f.mine('产品发布会.mp4') }),
  CreateClass: async () => ({ ParentClassId: 0, Name: `分类 ${Math.random()}`, Owner: me }),
  DeleteClass: async (f) => {
    const created = await f.call('Material/CreateClass', {
      ParentClassId: 0,
      Name: `删 ${Math.random()}`,
      Owner: me,
    });
    return { ClassId: dataOf(created).ClassId, Owner: me };
  },
  DescribeClass: async (f) => ({ Platform: PLATFORM, Owner: me, BaseClassId: f.classId(ME, '视频素材') }),
  ModifyClass: async (f) => ({ ClassId: f.classId(ME, '音频'), Owner: me, Name: '音频素材' }),
  CreateUploadMaterial: async (f) => ({
    ClassId: 0,
    MaterialType: 'IMAGE',
    Name: 'up.png',
    Owner: me,
    VerifySign: f.sign({ action: 'Upload' }),
  }),
  FinishUploadMaterial: async (f) => {
    const created = await f.call('Material/CreateUploadMaterial', {
      ClassId: 0,
      MaterialType: 'AUDIO',
      Name: 'up.mp3',
      Owner: me,
      VerifySign: f.sign({ action: 'Upload' }),
    });
    return { UploadContext: dataOf(created).UploadContext, VodFileId: '5285890000000002' };
  },
  DescribeTeams: async () => ({ Limit: 30 }),
  DescribeJoinTeams: async () => ({ Limit: 30 }),
  AddMaterialToProject: async (f) => ({
    ProjectId: f.project(ME, '直播回放 Live replay'),
    MaterialIds: [f.mine('demo-intro.mp4')],
  }),
  DeleteMaterialFromProject: async (f) => ({
    ProjectId: f.project(ME, '我的第一个视频'),
    MaterialIds: [f.mine('产品发布会.mp4')],
  }),
  DescribeProjectMaterials: async (f) => ({ ProjectId: f.project(ME, '直播回放 Live replay') }),
  DeleteProject: async (f) => ({ ProjectId: f.project(ME, '竖屏短视频') }),
  ModifyProject: async (f) => ({
    ProjectId: f.project(ME, '直播回放 Live replay'),
    Description: '一致性',
    WHRatio: '9:16',
  }),
  DescribeProjects: async (f) => ({ ProjectIds: [f.project(ME, '我的第一个视频')], Limit: 500 }),
  SearchProject: async () => ({ CategorySet: ['Default', 'Live'] }),
  DescribeTasks: async (f) => ({ TaskIds: [f.task(ME)], Limit: 30 }),
  DeleteTask: async (f) => {
    const started = await f.call('Material/ProcessMaterial', {
      MaterialId: f.mine('demo-intro.mp4'),
      Definition: 20,
      VerifySign: f.sign({ action: 'Upload' }),
    });
    return { TaskId: dataOf(started).TaskId };
  },
};

/** How a documented example error is triggered, where the docs say (or the Code's documented meaning does). */
interface Trigger {
  code: string;
  body: (f: Fixture) => Promise<Record<string, unknown>>;
  /** The EnglishMessage the doc example shows for this case, when it is not the dictionary row's. */
  english?: string;
  /** Default mode answers this ambiguous case differently (per item, marked); --strict answers the Code. */
  strictOnly?: boolean;
}

const TRIGGERS: Record<string, Trigger> = {
  DeleteMaterial: { code: 'InvalidParameterValue.MaterialId', body: async () => ({ MaterialId: 'no_such' }) },
  ModifyMaterial: { code: 'InvalidParameterValue.MaterialId', body: async () => ({ MaterialId: 'no_such' }) },
  ListMedia: {
    code: 'OperationDenied.PermissionDeny',
    body: async () => ({ Platform: PLATFORM, ClassId: 0, Owner: them }),
  },
  DescribeMaterials: {
    code: 'OperationDenied.PermissionDeny',
    body: async (f) => ({ MaterialIds: [f.theirs('产品发布会.mp4')] }),
    strictOnly: true,
  },
  SearchMaterial: {
    code: 'OperationDenied.PermissionDeny',
    body: async () => ({ SearchScopes: [{ Platform: PLATFORM, Owner: them }] }),
  },
  ProcessMaterial: {
    code: 'OperationDenied.PermissionDeny',
    body: async (f) => ({
      MaterialId: f.theirs('demo-intro.mp4'),
      Definition: 20,
      VerifySign: f.sign({ action: 'Upload' }),
    }),
  },
  SearchSharedMaterial: {
    code: 'OperationDenied.PermissionDeny',
    body: async () => ({ Authorizer: me, Authorizee: them }),
  },
  AddMaterialFrameTag: {
    code: 'InvalidParameterValue',
    english: 'starttime bigger than endtime',
    body: async (f) => ({
      MaterialId: f.mine('产品发布会.mp4'),
      StartTimeOffset: 9,
      EndTimeOffset: 3,
      Tags: ['x'],
      Version: 'manual',
    }),
  },
  ModifyMaterialFrameTag: {
    code: 'OperationDenied.PermissionDeny',
    body: async (f) => ({
      MaterialId: f.theirs('产品发布会.mp4'),
      ItemId: 'x',
      Tags: ['y'],
      Version: 'manual',
    }),
  },
  DeleteMaterialFrameTag: {
    code: 'InvalidParameterValue.MaterialId',
    body: async () => ({ MaterialId: 'no_such', ItemId: 'x', Version: 'manual' }),
  },
  DescribeMaterialFrameTag: {
    code: 'ResourceNotFound',
    english: 'resource not found: no frameTag index',
    body: async (f) => ({ MaterialId: f.mine('团队合影.jpg'), StartTimeOffset: 0, EndTimeOffset: 5 }),
  },
  DescribeFaceInMaterial: {
    code: 'ResourceNotFound',
    english: 'resource not found: no face index',
    body: async (f) => ({ MaterialId: f.mine('团队合影.jpg') }),
  },
  DescribeMaterialSubtitle: {
    code: 'ResourceNotFound',
    english: 'resource not found: no asr index',
    body: async (f) => ({ MaterialId: f.mine('团队合影.jpg'), StartTimeOffset: 0, EndTimeOffset: 5 }),
  },
  DescribeTextInMaterial: {
    code: 'ResourceNotFound',
    english: 'resource not found: no ocr index',
    body: async (f) => ({ MaterialId: f.mine('团队合影.jpg'), StartTimeOffset: 0, EndTimeOffset: 5 }),
  },
  DescribeObjectInMaterial: {
    code: 'ResourceNotFound',
    english: 'resource not found: no object index',
    body: async (f) => ({ MaterialId: f.mine('团队合影.jpg') }),
  },
  CreateClass: {
    code: 'OperationDenied.PermissionDeny',
    body: async () => ({ ParentClassId: 0, Name: 'x', Owner: them }),
  },
  DeleteClass: { code: 'OperationDenied.PermissionDeny', body: async () => ({ ClassId: 1, Owner: them }) },
  DescribeClass: {
    code: 'OperationDenied.PermissionDeny',
    body: async () => ({ Platform: PLATFORM, Owner: them }),
  },
  ModifyClass: {
    code: 'OperationDenied.PermissionDeny',
    body: async () => ({ ClassId: 1, Owner: them, Name: 'x' }),
  },
  CreateUploadMaterial: {
    code: 'OperationDenied.PermissionDeny',
    body: async (f) => ({
      ClassId: 0,
      MaterialType: 'VIDEO',
      Name: 'x.mp4',
      Owner: them,
      VerifySign: f.sign({ action: 'Upload' }),
    }),
  },
  FinishUploadMaterial: {
    code: 'InvalidParameterValue.UploadContext',
    body: async () => ({ UploadContext: 'no_such', VodFileId: '1' }),
  },
  DescribeJoinTeams: { code: 'InvalidParameterValue.Limit', body: async () => ({ Limit: 31 }) },
  AddMaterialToProject: {
    code: 'InvalidParameterValue.ProjectId',
    body: async (f) => ({ ProjectId: 'no_such', MaterialIds: [f.mine('demo-intro.mp4')] }),
  },
  DeleteMaterialFromProject: {
    code: 'InvalidParameterValue.ProjectId',
    body: async () => ({ ProjectId: 'no_such', MaterialIds: ['x'] }),
  },
  DescribeProjectMaterials: {
    code: 'OperationDenied.PermissionDeny',
    body: async (f) => ({ ProjectId: f.project(OTHER, '我的第一个视频') }),
  },
  DeleteProject: { code: 'InvalidParameterValue.ProjectId', body: async () => ({ ProjectId: 'no_such' }) },
  ModifyProject: { code: 'InvalidParameterValue.ProjectId', body: async () => ({ ProjectId: 'no_such' }) },
  DescribeProjects: {
    code: 'ResourceNotFound',
    body: async () => ({ ProjectIds: ['no_such_project'] }),
    strictOnly: true,
  },
  SearchProject: {
    code: 'InvalidParameterValue',
    english: 'param lack of CategorySet or Name',
    body: async () => ({}),
  },
  DescribeTasks: {
    code: 'ResourceNotFound',
    body: async () => ({ TaskIds: ['no_such_task'] }),
    strictOnly: true,
  },
  DeleteTask: { code: 'ResourceNotFound', body: async () => ({ TaskId: 'no_such' }) },
};

/** Documented example Codes whose trigger the docs do not give (nothing to reproduce). */
const NO_DOCUMENTED_TRIGGER: Record<string, string> = {
  DescribeTeams: 'InternalError (the docs show it as the failure example without saying when)',
};

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** True when a value has the catalogue type: scalars by JSON type, `Array of X` element-wise, structures as objects. */
function hasType(type: string, v: unknown): boolean {
  if (type === 'Array') return Array.isArray(v);
  if (type.startsWith('Array of ')) {
    const element = type.slice('Array of '.length);
    return Array.isArray(v) && v.every((x) => hasType(element, x));
  }
  switch (type) {
    case 'String':
      return typeof v === 'string';
    case 'Integer':
      return Number.isInteger(v);
    case 'Float':
      return typeof v === 'number';
    case 'Boolean':
      return typeof v === 'boolean';
    default:
      return isObject(v);
  }
}

function header(ans: Answer): string | null {
  return ans.headers.get('x-sandbox-undocumented');
}

describe('sandbox conformance: the catalogue', () => {
  it('has 32 documented actions, each with a valid body and its example Codes accounted for', () => {
    expect(DOCUMENTED).toHaveLength(32);
    expect(Object.keys(VALID).sort()).toEqual(DOCUMENTED.map((e) => e.action).sort());
    for (const e of DOCUMENTED) {
      const reproduced = TRIGGERS[e.action] ? [TRIGGERS[e.action]!.code] : [];
      const exempt = NO_DOCUMENTED_TRIGGER[e.action] ? e.errorCodes : [];
      expect([...reproduced, ...exempt].sort(), e.action).toEqual([...e.errorCodes].sort());
    }
  });
});

describe.each([
  ['default', false],
  ['--strict', true],
] as const)('sandbox conformance (%s mode)', (_mode, strict) => {
  let f: Fixture;
  beforeAll(async () => {
    f = await fixture(strict);
  });
  afterAll(() => f.sb.close());

  it.each(DOCUMENTED.map((e) => [e.path, e] as const))(
    '%s: a valid call answers Success with every documented Data field, typed',
    async (_path, entry: CatalogueEntry) => {
      const ans = await f.call(`${entry.actionClass}/${entry.action}`, await VALID[entry.action]!(f));
      expect(ans.json, JSON.stringify(ans.json)).toMatchObject({
        Code: 'Success',
        Message: '成功',
        EnglishMessage: 'success',
      });
      const data = dataOf(ans);
      for (const field of entry.data) {
        expect(data, `${entry.action} Data.${field.name}`).toHaveProperty(field.name);
        expect(
          hasType(field.type, data[field.name]),
          `${entry.action} Data.${field.name}: ${field.type}`,
        ).toBe(true);
      }
      if (entry.data.length === 0) expect(ans.json).not.toHaveProperty('Data');
    },
  );

  it.each(Object.entries(TRIGGERS))(
    '%s reproduces its documented example Code with the documented messages',
    async (action, trigger) => {
      const entry = DOCUMENTED.find((e) => e.action === action)!;
      const ans = await f.call(`${entry.actionClass}/${action}`, await trigger.body(f));
      if (trigger.strictOnly && !strict) {
        // The ambiguous case: answered per item (Success), and marked as the sandbox's choice.
        expect(ans.json.Code).toBe('Success');
        expect(header(ans)).toMatch(/rule: /);
        return;
      }
      const row = explainError(trigger.code, 'api')!;
      expect(ans.json).toMatchObject({
        Code: trigger.code,
        Message: row.messageZh,
        EnglishMessage: trigger.english ?? row.messageEn,
      });
      expect(row.source).toBe('client-docs');
    },
  );
});

/** Every Code of an answer: the top-level one (either login shape) and per-item ones (FailedMaterialInfoSet). */
function codesOf(ans: Answer): string[] {
  const out: string[] = [];
  const json = ans.json;
  if (typeof json.Code === 'string') out.push(json.Code);
  const res = json.Response;
  if (isObject(res)) out.push(isObject(res.Error) ? String(res.Error.Code) : 'Success');
  const failed = isObject(json.Data) ? json.Data.FailedMaterialInfoSet : undefined;
  if (Array.isArray(failed)) for (const item of failed) if (isObject(item)) out.push(String(item.Code));
  return out;
}

/** Odd but typed values for a catalogue type (shallow), so handlers' own checks run too. */
function oddValue(type: string): fc.Arbitrary<unknown> {
  if (type.startsWith('Array')) return fc.array(fc.oneof(fc.string(), fc.integer()), { maxLength: 4 });
  switch (type) {
    case 'String':
      return fc.constantFrom('', 'no_such', 'manual', PLATFORM, ME, '-1');
    case 'Integer':
      return fc.constantFrom(-1, 0, 31, 101, 1001);
    case 'Float':
      return fc.constantFrom(-1, 0, 2.5, 1e9);
    case 'Boolean':
      return fc.boolean();
    case 'Entity':
      return fc.record({ Type: fc.constantFrom('PERSON', 'TEAM', 'X'), Id: fc.constantFrom(ME, OTHER, '') });
    default:
      return fc.constantFrom({}, { Field: 'CreateTime', Order: 'Asc' });
  }
}

function oddBodies(entry: CatalogueEntry, n: number): Record<string, unknown>[] {
  const fields: Record<string, fc.Arbitrary<unknown>> = {};
  for (const p of entry.params) fields[p.name] = oddValue(p.type);
  return fc.sample(fc.record(fields, { requiredKeys: [] }), { numRuns: n, seed: 20240 });
}

describe('sandbox conformance: --strict answers only documented Codes', () => {
  let f: Fixture;
  let legacy: RunningSandbox;
  const apiAnswers: { what: string; ans: Answer }[] = [];
  const loginAnswers: { what: string; ans: Answer }[] = [];

  beforeAll(async () => {
    f = await fixture(true, { ticketTtlSeconds: 3600 });
    legacy = await startTestSandbox({ strict: true, loginShape: 'legacy' });
  });
  afterAll(async () => {
    await f.sb.close();
    await legacy.close();
  });

  const api = async (what: string, path: string, body: unknown, auth: string | null = f.ticket) => {
    const ans = await callApi(f.sb, path, body, auth);
    apiAnswers.push({ what, ans });
    return ans;
  };

  it('runs many calls of every kind', async () => {
    for (const e of DOCUMENTED) {
      const path = `${e.actionClass}/${e.action}`;
      await api(`${path} valid`, path, await VALID[e.action]!(f));
      await api(`${path} trigger`, path, await TRIGGERS[e.action]?.body(f));
      await api(`${path} ${e.params.some((p) => p.required) ? 'missing' : 'empty'} {}`, path, {});
      await api(`${path} template`, path, bodyTemplate(e, { platform: PLATFORM, userId: ME }));
      const full = bodyTemplate(e, { platform: PLATFORM, userId: ME, includeOptional: true });
      await api(`${path} full template`, path, full);
      await api(`${path} unknown params`, path, {
        ...full,
        Extra: 1,
        [`${e.params[0]?.name ?? 'x'}`.toLowerCase()]: 1,
      });
      for (const [i, body] of oddBodies(e, 8).entries()) await api(`${path} odd ${i}`, path, body);
    }
    for (const text of ['{', '{"MaterialId": }', 'null', '[1,2]', '"text"', '']) {
      await api(`bad JSON ${text}`, 'Material/DeleteMaterial', text);
    }
    for (const path of [
      'Material/NoSuchAction',
      'material/deletematerial',
      'Material/Deep/Path',
      'Material/SearchResource',
      'Nope/Nope',
    ]) {
      await api(`unknown action ${path}`, path, {});
    }
    await api('no ticket', 'Team/DescribeTeams', {}, null);
    await api('unknown ticket', 'Team/DescribeTeams', {}, 'tf_00000000000000000000000000000000');
    // A revoked ticket.
    const revokedTicket = (
      (await loginWith(f.sb, f.sign({ userId: 'conf_revoked' }))).json.Response as { Authorization: string }
    ).Authorization;
    await fetch(`${f.sb.url}/__sandbox/revoke`, {
      method: 'POST',
      body: JSON.stringify({ ticket: revokedTicket }),
    });
    await api('revoked ticket', 'Team/DescribeTeams', {}, revokedTicket);
    // Bad VerifySign values.
    for (const input of [{ secretKey: 'WRONGKEYEXAMPLE' }, { userId: OTHER }, { action: 'OpenProject' }]) {
      await api('bad VerifySign', 'Material/CreateUploadMaterial', {
        ClassId: 0,
        MaterialType: 'VIDEO',
        Name: 'x.mp4',
        Owner: me,
        VerifySign: f.sign({ action: 'Upload', ...input }),
      });
    }
    // HTTP-level refusals on the client API route.
    const get = await fetch(`${f.sb.url}/PaaS/Team/DescribeTeams?auth=${f.ticket}`);
    apiAnswers.push({
      what: 'GET',
      ans: { status: get.status, headers: get.headers, json: (await get.json()) as Record<string, unknown> },
    });
    await api('body over 1 MB', 'Team/DescribeTeams', JSON.stringify({ Pad: 'x'.repeat(1024 * 1024) }));
    // Logins that fail, in both shapes.
    const nowS = Math.floor(Date.now() / 1000);
    const bad: (SignInput | string)[] = [
      { secretKey: 'WRONGKEYEXAMPLE' },
      { secretId: 'AKIDOTHEREXAMPLE' },
      'not a signature!!',
      '',
      { currentTimeStamp: nowS - 1000, expireTime: nowS - 700 },
      { currentTimeStamp: nowS + 3600, expireTime: nowS + 3900 },
      { action: 'Upload' },
      { platform: 'nope_platform' },
    ];
    for (const input of bad) {
      for (const sb of [f.sb, legacy]) {
        const sig = typeof input === 'string' ? input : signIndependently(input);
        loginAnswers.push({ what: `login ${JSON.stringify(input)}`, ans: await loginWith(sb, sig) });
      }
    }
    // The ticket's --ticket-ttl has passed (the sandbox's own rule): answered with a documented Code too.
    f.advance(3601_000);
    await api('expired ticket', 'Team/DescribeTeams', {});
    expect(apiAnswers.length + loginAnswers.length).toBeGreaterThan(400);
  });

  it('answered no client API Code outside documentedCodes("api")', () => {
    const outside = apiAnswers.flatMap(({ what, ans }) =>
      codesOf(ans)
        .filter((c) => !API_CODES.has(c))
        .map((c) => `${what}: ${c}`),
    );
    expect(outside).toEqual([]);
    // Refusals happened: the run is not all Success.
    const codes = new Set(apiAnswers.flatMap(({ ans }) => codesOf(ans)));
    expect(codes.size).toBeGreaterThanOrEqual(6);
  });

  it('answered no login Code outside documentedCodes("login")', () => {
    const outside = loginAnswers.flatMap(({ what, ans }) =>
      codesOf(ans)
        .filter((c) => !LOGIN_CODES.has(c))
        .map((c) => `${what}: ${c}`),
    );
    expect(outside).toEqual([]);
  });

  it('kept every Message/EnglishMessage the documented text and said what it invented', () => {
    for (const { what, ans } of apiAnswers) {
      const code = ans.json.Code as string;
      if (code === 'Success') continue;
      const row = explainError(code, 'api')!;
      expect(ans.json.Message, what).toBe(row.messageZh);
      const english = ans.json.EnglishMessage as string;
      // The dictionary's text, or a doc example's own EnglishMessage for that case.
      expect(
        english === row.messageEn ||
          ['starttime bigger than endtime', 'param lack of CategorySet or Name'].includes(english) ||
          english.startsWith('resource not found: no '),
        `${what}: ${english}`,
      ).toBe(true);
    }
    const marked = (what: RegExp) => apiAnswers.filter((a) => what.test(a.what));
    for (const kind of [/ missing \{\}$/, /^bad JSON/, /^unknown action/, /ticket$/, /^GET$/, /^body over/]) {
      for (const { what, ans } of marked(kind)) {
        expect(header(ans), what).toBeTruthy();
        expect(
          (ans.json.SandboxDetail as { undocumented?: string[] } | undefined)?.undocumented,
          what,
        ).toBeTruthy();
      }
    }
  });
});
