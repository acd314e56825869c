import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../../lib/node/sandbox/main';
import {
  callApi,
  person,
  PLATFORM,
  signIndependently,
  startTestSandbox,
  ticketFor,
  UUID,
  type Answer,
} from './sandbox-helpers';

/** Our detail of an answer (SandboxDetail.en), never in Message/EnglishMessage. */
function detailOf(ans: Answer): string {
  return (ans.json.SandboxDetail as { en?: string } | undefined)?.en ?? '';
}
function detailZh(ans: Answer): string {
  return (ans.json.SandboxDetail as { zh?: string } | undefined)?.zh ?? '';
}

let sb: RunningSandbox;
let ticket: string;

beforeAll(async () => {
  sb = await startTestSandbox();
  ticket = await ticketFor(sb);
});
afterAll(() => sb.close());

describe('sandbox client API: request rules', () => {
  it('answers {Code, Message, EnglishMessage, Data, RequestId} on success', async () => {
    const ans = await callApi(sb, 'Team/DescribeJoinTeams', {}, ticket);
    expect(ans.status).toBe(200);
    expect(Object.keys(ans.json)).toEqual(['Code', 'Message', 'EnglishMessage', 'Data', 'RequestId']);
    expect(ans.json).toMatchObject({ Code: 'Success', Message: '成功', EnglishMessage: 'success' });
    expect(ans.json.RequestId).toMatch(UUID);
    expect(ans.headers.get('content-type')).toMatch(/application\/json/);
  });

  it('omits Data when an action returns nothing', async () => {
    const created = await callApi(
      sb,
      'Material/CreateClass',
      { ParentClassId: 0, Name: 'tmp', Owner: person() },
      ticket,
    );
    const classId = (created.json.Data as { ClassId: number }).ClassId;
    const ans = await callApi(sb, 'Material/DeleteClass', { ClassId: classId, Owner: person() }, ticket);
    expect(ans.json.Code).toBe('Success');
    expect(ans.json).not.toHaveProperty('Data');
  });

  it.each([
    ['no auth parameter', null, /auth/],
    ['an unknown ticket', 'tf_00000000000000000000000000000000', /Unknown ticket/],
  ])('refuses %s with AuthFailure.SessionInvalid, marked as third-party', async (_name, auth, message) => {
    const ans = await callApi(sb, 'Team/DescribeTeams', {}, auth);
    expect(ans.status).toBe(200);
    expect(ans.json.Code).toBe('AuthFailure.SessionInvalid');
    expect(detailOf(ans)).toMatch(message);
    expect(ans.json.Message).toBe('会话已失效');
    expect(ans.headers.get('x-sandbox-undocumented')).toMatch(
      /AuthFailure\.SessionInvalid: seen only in third-party code/,
    );
  });

  it.each([
    ['Material/NoSuchAction', /Unknown action \/Material\/NoSuchAction/],
    ['material/deletematerial', /did you mean \/Material\/DeleteMaterial/],
    ['Material/Deep/Path', /Unknown action/],
  ])('answers an unknown action %s with InvalidParameter.Action, marked', async (path, message) => {
    const ans = await callApi(sb, path, {}, ticket);
    expect(ans.status).toBe(200);
    expect(ans.json.Code).toBe('InvalidParameter.Action');
    expect(ans.json.EnglishMessage).toBe('Unknown client API action');
    expect(detailOf(ans)).toMatch(message);
    expect(ans.headers.get('x-sandbox-undocumented')).toMatch(/InvalidParameter\.Action/);
  });

  it.each(['{', '{"MaterialId": }', 'null', '[1,2]', '"text"'])(
    'answers body %j with InvalidParameter.JsonParse',
    async (body) => {
      const ans = await callApi(sb, 'Material/DeleteMaterial', body, ticket);
      expect(ans.status).toBe(200);
      expect(ans.json.Code).toBe('InvalidParameter.JsonParse');
      expect(ans.json.Message).toMatch(/JSON/);
      expect(ans.headers.get('x-sandbox-undocumented')).toMatch(/sandbox's own code/);
    },
  );

  it.each([
    ['Material/DeleteMaterial', {}, 'MissingParameter', 'MaterialId'],
    ['Material/CreateClass', { ParentClassId: 0, Owner: person() }, 'MissingParameter', 'Name'],
    ['Material/ListMedia', { Platform: PLATFORM, ClassId: 0 }, 'MissingParameter', 'Owner'],
    ['Material/DeleteMaterial', { MaterialId: 42 }, 'InvalidParameterValue', 'MaterialId'],
    [
      'Material/ListMedia',
      { Platform: PLATFORM, ClassId: '0', Owner: person() },
      'InvalidParameterValue',
      'ClassId',
    ],
    [
      'Material/ListMedia',
      { Platform: PLATFORM, ClassId: 0, Owner: { Type: 'PERSON' } },
      'MissingParameter',
      'Owner.Id',
    ],
    ['Material/DescribeMaterials', { MaterialIds: 'abc' }, 'InvalidParameterValue', 'MaterialIds'],
    [
      'Material/AddMaterialFrameTag',
      { MaterialId: 'x', StartTimeOffset: '1', EndTimeOffset: 2, Tags: [], Version: 'manual' },
      'InvalidParameterValue',
      'StartTimeOffset',
    ],
  ])('%s with %j → %s naming %s in SandboxDetail, marked', async (path, body, code, param) => {
    const ans = await callApi(sb, path, body, ticket);
    expect(ans.json.Code).toBe(code);
    expect(detailOf(ans)).toContain(param);
    expect(detailZh(ans)).toContain(param);
    expect(ans.json.EnglishMessage).not.toContain(param);
    expect(ans.headers.get('x-sandbox-undocumented')).toBeTruthy();
  });

  it('treats an empty body as {} (then reports the missing parameters)', async () => {
    const ans = await callApi(sb, 'Project/DeleteProject', '', ticket);
    expect(ans.json.Code).toBe('MissingParameter');
    expect(detailOf(ans)).toContain('ProjectId');
    expect(ans.headers.get('x-sandbox-undocumented')).toMatch(/MissingParameter: a server-API code/);
  });

  it('ignores parameters the catalogue does not list, and names them in the header', async () => {
    const ans = await callApi(sb, 'Team/DescribeTeams', { Extra: true, limit: 5 }, ticket);
    expect(ans.json.Code).toBe('Success');
    expect(ans.headers.get('x-sandbox-undocumented')).toBe(
      'unknown parameters ignored: Extra, limit (did you mean Limit?)',
    );
  });

  it('answers a Platform that is not the ticket platform with InvalidParameterValue.Platform, marked', async () => {
    const ans = await callApi(sb, 'Material/DescribeClass', { Platform: 'other', Owner: person() }, ticket);
    expect(ans.json.Code).toBe('InvalidParameterValue.Platform');
    expect(ans.headers.get('x-sandbox-undocumented')).toMatch(/documented for the login only/);
  });

  it.each([
    ['another person', person('someone_else')],
    ['a team the user is not in', { Type: 'TEAM', Id: 'team_unknown' }],
  ])('denies acting for %s', async (_name, owner) => {
    const ans = await callApi(sb, 'Material/DescribeClass', { Platform: PLATFORM, Owner: owner }, ticket);
    expect(ans.json.Code).toBe('OperationDenied.PermissionDeny');
  });

  it('answers Limit above the maximum with InvalidParameterValue.Limit', async () => {
    const ans = await callApi(sb, 'Team/DescribeJoinTeams', { Limit: 31 }, ticket);
    expect(ans.json.Code).toBe('InvalidParameterValue.Limit');
  });

  it('answers GET on a client API path with 405 and an envelope', async () => {
    const res = await fetch(`${sb.url}/PaaS/Team/DescribeTeams?auth=${ticket}`);
    expect(res.status).toBe(405);
    expect(((await res.json()) as { Code: string }).Code).toBe('InvalidParameter');
  });
});

describe('sandbox client API: VerifySign', () => {
  const uploadBody = (sign: string) => ({
    ClassId: 0,
    MaterialType: 'VIDEO',
    Name: '上传测试.mp4',
    Owner: person(),
    VerifySign: sign,
  });

  it.each([
    ['Upload', 'Success'],
    ['Login', 'Success'],
    ['OpenProject', 'SignatureVerifyFail'],
  ])('accepts action %s → %s', async (action, code) => {
    const ans = await callApi(
      sb,
      'Material/CreateUploadMaterial',
      uploadBody(signIndependently({ action })),
      ticket,
    );
    expect(ans.json.Code).toBe(code);
  });

  it.each([
    ['a wrong key', { secretKey: 'WRONGKEYEXAMPLE' }],
    ['an expired signature', { currentTimeStamp: 1700000000, expireTime: 1700000300 }],
    ['another user', { userId: 'someone_else' }],
  ])('refuses %s with SignatureVerifyFail', async (_name, input) => {
    const ans = await callApi(
      sb,
      'Material/CreateUploadMaterial',
      uploadBody(signIndependently({ action: 'Upload', ...input })),
      ticket,
    );
    expect(ans.json.Code).toBe('SignatureVerifyFail');
    expect(ans.json.EnglishMessage).toBe('Signature Verify Fail');
    expect(detailOf(ans)).toMatch(/VerifySign/);
  });

  it('checks ProcessMaterial VerifySign too', async () => {
    const list = await callApi(
      sb,
      'Material/SearchMaterial',
      { SearchScopes: [{ Owner: person() }], MaterialTypes: ['VIDEO'] },
      ticket,
    );
    const id = (list.json.Data as { MaterialInfoSet: { MaterialBasicInfo: { MaterialId: string } }[] })
      .MaterialInfoSet[0]!.MaterialBasicInfo.MaterialId;
    const bad = await callApi(
      sb,
      'Material/ProcessMaterial',
      { MaterialId: id, Definition: 20, VerifySign: 'garbage' },
      ticket,
    );
    expect(bad.json.Code).toBe('SignatureVerifyFail');
    const good = await callApi(
      sb,
      'Material/ProcessMaterial',
      { MaterialId: id, Definition: 20, VerifySign: signIndependently({ action: 'Upload' }) },
      ticket,
    );
    expect(good.json.Code).toBe('Success');
    expect(good.json.Data).toHaveProperty('TaskId');
  });
});
