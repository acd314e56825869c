import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../../lib/node/sandbox/main';
import {
  apiClient,
  dataOf,
  person,
  PLATFORM,
  signIndependently,
  startTestSandbox,
  ticketFor,
  type Answer,
} from './sandbox-helpers';

interface BasicInfo {
  MaterialId: string;
  Name: string;
  ClassPath: string;
  TagSet: string[];
  PresetTagSet: { TagId: string }[];
  Owner: { Type: string; Id: string };
}
type Call = (path: string, body: unknown) => Promise<Answer>;

let now = Date.now();
let sb: RunningSandbox;
let call: Call;
const me = person('model_user');

function infos(ans: Answer, set = 'MaterialInfoSet'): BasicInfo[] {
  return (dataOf(ans)[set] as { MaterialBasicInfo: BasicInfo }[]).map((m) => m.MaterialBasicInfo);
}

async function findMedia(name: string): Promise<BasicInfo> {
  const ans = await call('Material/SearchMaterial', { SearchScopes: [{ Owner: me }], Text: name });
  const found = infos(ans).find((m) => m.Name === name);
  if (!found) throw new Error(`no media ${name}`);
  return found;
}

async function classIds(): Promise<{ ClassId: number; Name: string; ClassPath: string }[]> {
  const ans = await call('Material/DescribeClass', { Platform: PLATFORM, Owner: me });
  return dataOf(ans).ClassInfoSet as { ClassId: number; Name: string; ClassPath: string }[];
}

beforeAll(async () => {
  sb = await startTestSandbox({ now: () => now });
  call = apiClient(sb, await ticketFor(sb, me.Id));
});
afterAll(() => sb.close());

describe('sandbox model: categories', () => {
  it('creates, lists, renames, refuses duplicates and non-empty deletes, and deletes', async () => {
    const created = await call('Material/CreateClass', { ParentClassId: 0, Name: '新分类', Owner: me });
    const classId = dataOf(created).ClassId as number;
    expect((await classIds()).find((c) => c.ClassId === classId)).toMatchObject({ ClassPath: '/新分类' });
    const dup = await call('Material/CreateClass', { ParentClassId: 0, Name: '新分类', Owner: me });
    expect(dup.json.Code).toBe('InvalidParameterValue.ClassExist');
    const child = await call('Material/CreateClass', { ParentClassId: classId, Name: '子', Owner: me });
    expect(child.json.Code).toBe('Success');
    expect((await call('Material/DeleteClass', { ClassId: classId, Owner: me })).json.Code).toBe(
      'InvalidParameterValue.ClassNotEmpty',
    );
    await call('Material/ModifyClass', { ClassId: classId, Owner: me, Name: '改名' });
    const listed = await call('Material/DescribeClass', {
      Platform: PLATFORM,
      Owner: me,
      BaseClassId: classId,
    });
    expect(dataOf(listed).PathInfoSet).toEqual([
      expect.objectContaining({ ClassId: classId, ClassPath: '/改名' }),
    ]);
    expect(dataOf(listed).ClassInfoSet).toEqual([
      expect.objectContaining({ Name: '子', ClassPath: '/改名/子' }),
    ]);
    await call('Material/DeleteClass', { ClassId: dataOf(child).ClassId, Owner: me });
    expect((await call('Material/DeleteClass', { ClassId: classId, Owner: me })).json.Code).toBe('Success');
    expect((await classIds()).some((c) => c.ClassId === classId)).toBe(false);
    const gone = await call('Material/DeleteClass', { ClassId: classId, Owner: me });
    expect(gone.json.Code).toBe('InvalidParameterValue.ClassNotExist');
  });
});

describe('sandbox model: media', () => {
  it('seeds demo media with Chinese names and MaterialBasicInfo fields', async () => {
    const launch = await findMedia('产品发布会.mp4');
    expect(launch).toMatchObject({ ClassPath: '/视频素材/发布会', Owner: me, TagSet: ['发布会', '产品'] });
    expect(launch).toHaveProperty('PreviewUrl');
    expect(launch).toHaveProperty('CreateTime');
    const root = await call('Material/ListMedia', { Platform: PLATFORM, ClassId: 0, Owner: me });
    expect(infos(root).map((m) => m.Name)).toContain('demo-intro.mp4');
    expect((dataOf(root).ClassInfoSet as { Name: string }[]).map((c) => c.Name)).toEqual([
      '视频素材',
      '图片',
      '音频',
    ]);
  });

  it('shows a ModifyMaterial in DescribeMaterials', async () => {
    const photo = await findMedia('团队合影.jpg');
    const mod = await call('Material/ModifyMaterial', {
      MaterialId: photo.MaterialId,
      Name: '年会合影.jpg',
      Tags: ['年会'],
      PresetTagIds: ['pt_event'],
    });
    expect(mod.json.Code).toBe('Success');
    const ans = await call('Material/DescribeMaterials', { MaterialIds: [photo.MaterialId] });
    expect(infos(ans)[0]).toMatchObject({
      Name: '年会合影.jpg',
      TagSet: ['年会'],
      PresetTagSet: [{ TagId: 'pt_event' }],
    });
  });

  it('deletes media; an unknown or deleted ID is InvalidParameterValue.MaterialId', async () => {
    const music = await findMedia('片头音乐.mp3');
    expect((await call('Material/DeleteMaterial', { MaterialId: music.MaterialId })).json.Code).toBe(
      'Success',
    );
    const again = await call('Material/DeleteMaterial', { MaterialId: music.MaterialId });
    expect(again.json.Code).toBe('InvalidParameterValue.MaterialId');
    // CME's documented text, exactly; our detail beside it.
    expect(again.json).toMatchObject({
      Message: '媒体不存在',
      EnglishMessage: 'material not exist',
      SandboxDetail: { zh: `MaterialId ${music.MaterialId} 不存在。` },
    });
    expect(again.headers.get('x-sandbox-undocumented')).toBeNull();
    const described = await call('Material/DescribeMaterials', { MaterialIds: [music.MaterialId] });
    expect(dataOf(described).FailedMaterialInfoSet).toEqual([
      expect.objectContaining({ MaterialId: music.MaterialId, Code: 'InvalidParameterValue.MaterialId' }),
    ]);
  });

  it('turns CreateUploadMaterial + FinishUploadMaterial into a media item, once', async () => {
    const sign = signIndependently({
      action: 'Upload',
      userId: me.Id,
      currentTimeStamp: Math.floor(now / 1000),
    });
    const created = await call('Material/CreateUploadMaterial', {
      ClassId: 0,
      MaterialType: 'IMAGE',
      Name: '新上传.png',
      Owner: me,
      VerifySign: sign,
    });
    const context = dataOf(created).UploadContext as string;
    expect(dataOf(created).VodUploadSign).toEqual(expect.any(String));
    const done = await call('Material/FinishUploadMaterial', {
      UploadContext: context,
      VodFileId: '5285890000000000',
    });
    const id = dataOf(done).MaterialId as string;
    const root = await call('Material/ListMedia', { Platform: PLATFORM, ClassId: 0, Owner: me });
    expect(infos(root).find((m) => m.MaterialId === id)?.Name).toBe('新上传.png');
    const reused = await call('Material/FinishUploadMaterial', { UploadContext: context, VodFileId: '1' });
    expect(reused.json.Code).toBe('InvalidParameterValue.UploadContext');
  });

  it('keeps users apart: another user may not delete my media', async () => {
    const other = apiClient(sb, await ticketFor(sb, 'intruder'));
    const launch = await findMedia('产品发布会.mp4');
    expect((await other('Material/DeleteMaterial', { MaterialId: launch.MaterialId })).json.Code).toBe(
      'OperationDenied.PermissionDeny',
    );
  });
});

describe('sandbox model: AI results, frame tags and tasks', () => {
  it('runs ProcessMaterial as a task whose results appear when it finishes', async () => {
    const intro = await findMedia('demo-intro.mp4');
    const before = await call('Material/DescribeFaceInMaterial', { MaterialId: intro.MaterialId });
    expect(before.json.Code).toBe('ResourceNotFound');
    expect(before.json.EnglishMessage).toMatch(/no face index/);
    const sign = signIndependently({
      action: 'Upload',
      userId: me.Id,
      currentTimeStamp: Math.floor(now / 1000),
    });
    const started = await call('Material/ProcessMaterial', {
      MaterialId: intro.MaterialId,
      Definition: 20,
      VerifySign: sign,
    });
    const taskId = dataOf(started).TaskId as string;
    const tasks = async () => dataOf(await call('Task/DescribeTasks', { TaskIds: [taskId] })).TaskInfoSet;
    expect(await tasks()).toEqual([expect.objectContaining({ TaskId: taskId, Status: 'PROCESSING' })]);
    now += 5000;
    expect(await tasks()).toEqual([expect.objectContaining({ Status: 'SUCCESS', Progress: 100 })]);
    const faces = await call('Material/DescribeFaceInMaterial', { MaterialId: intro.MaterialId });
    expect(faces.json.Code).toBe('Success');
    expect(await call('Task/DeleteTask', { TaskId: taskId })).toMatchObject({ json: { Code: 'Success' } });
    expect(await tasks()).toEqual([]);
    expect((await call('Task/DeleteTask', { TaskId: taskId })).json.Code).toBe('ResourceNotFound');
  });

  it('adds, modifies and deletes frame tags, visible in DescribeMaterialFrameTag', async () => {
    const launch = await findMedia('产品发布会.mp4');
    const window = { MaterialId: launch.MaterialId, StartTimeOffset: 0, EndTimeOffset: 5000 };
    const read = async () =>
      dataOf(await call('Material/DescribeMaterialFrameTag', window)).FrameTagInfo as {
        Version: string;
        FrameTagSet: { ItemId: string; Tags: string[] }[];
      };
    const { Version } = await read();
    const bad = await call('Material/AddMaterialFrameTag', {
      ...window,
      StartTimeOffset: 9,
      EndTimeOffset: 3,
      Tags: ['x'],
      Version,
    });
    expect(bad.json.EnglishMessage).toMatch(/starttime bigger than endtime/);
    const added = await call('Material/AddMaterialFrameTag', {
      ...window,
      EndTimeOffset: 3,
      Tags: ['手动'],
      Version,
    });
    const itemId = dataOf(added).ItemId as string;
    expect((await read()).FrameTagSet.find((t) => t.ItemId === itemId)?.Tags).toEqual(['手动']);
    await call('Material/ModifyMaterialFrameTag', {
      MaterialId: launch.MaterialId,
      ItemId: itemId,
      Tags: ['改'],
      Version,
    });
    expect((await read()).FrameTagSet.find((t) => t.ItemId === itemId)?.Tags).toEqual(['改']);
    await call('Material/DeleteMaterialFrameTag', { MaterialId: launch.MaterialId, ItemId: itemId, Version });
    expect((await read()).FrameTagSet.some((t) => t.ItemId === itemId)).toBe(false);
  });
});

describe('sandbox model: projects and teams', () => {
  async function firstProject(): Promise<{ ProjectId: string; Name: string }> {
    const ans = await call('Project/DescribeProjects', { CategorySet: ['Default'], Name: '我的第一个视频' });
    return (dataOf(ans).ProjectInfoSet as { ProjectId: string; Name: string }[])[0]!;
  }

  it('adds media to a project and removes it again', async () => {
    const project = await firstProject();
    const photo = await findMedia('demo-intro.mp4');
    const ids = async () =>
      dataOf(await call('Project/DescribeProjectMaterials', { ProjectId: project.ProjectId })).MaterialIdSet;
    await call('Project/AddMaterialToProject', {
      ProjectId: project.ProjectId,
      MaterialIds: [photo.MaterialId],
    });
    expect(await ids()).toContain(photo.MaterialId);
    await call('Project/DeleteMaterialFromProject', {
      ProjectId: project.ProjectId,
      MaterialIds: [photo.MaterialId],
    });
    expect(await ids()).not.toContain(photo.MaterialId);
    const unknown = await call('Project/AddMaterialToProject', {
      ProjectId: 'nope',
      MaterialIds: [photo.MaterialId],
    });
    expect(unknown.json.Code).toBe('InvalidParameterValue.ProjectId');
  });

  it('modifies, searches and deletes projects', async () => {
    const project = await firstProject();
    await call('Project/ModifyProject', { ProjectId: project.ProjectId, Name: '改名项目', WHRatio: '9:16' });
    const search = await call('Project/SearchProject', { Name: '改名' });
    expect(dataOf(search).ProjectBasicInfoSet).toEqual([
      expect.objectContaining({ Name: '改名项目', WHRatio: '9:16' }),
    ]);
    expect((await call('Project/SearchProject', {})).json.EnglishMessage).toMatch(
      /param lack of CategorySet or Name/,
    );
    await call('Project/DeleteProject', { ProjectId: project.ProjectId });
    const all = await call('Project/DescribeProjects', {});
    expect(
      (dataOf(all).ProjectInfoSet as { ProjectId: string }[]).some((p) => p.ProjectId === project.ProjectId),
    ).toBe(false);
  });

  it('joins the demo team and reaches team media', async () => {
    const joined = await call('Team/DescribeJoinTeams', {});
    const team = (dataOf(joined).TeamSet as { TeamId: string; Role: string }[])[0]!;
    expect(team.Role).toBe('Member');
    expect(dataOf(await call('Team/DescribeTeams', {})).TotalCount).toBe(2);
    const teamOwner = { Type: 'TEAM', Id: team.TeamId };
    const teamMedia = await call('Material/SearchMaterial', { SearchScopes: [{ Owner: teamOwner }] });
    expect(infos(teamMedia).map((m) => m.Name)).toEqual(['品牌宣传片.mp4']);
    const shared = await call('Material/SearchSharedMaterial', { Authorizer: teamOwner, Authorizee: me });
    expect(dataOf(shared).TotalCount).toBe(1);
    const resources = await call('Material/SearchResource', { Text: '宣传' });
    expect(infos(resources, 'ResourceInfoSet').map((m) => m.Name)).toEqual(['品牌宣传片.mp4']);
  });
});
