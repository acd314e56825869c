/**
 * Demo data of the sandbox: each platform gets preset tags and two teams; each user, on first login, gets a
 * personal category tree, a few media items (Chinese names included), projects and a finished export task.
 */
import { createHash } from 'node:crypto';
import {
  findPlatform,
  isoTime,
  numericId,
  randomHex,
  type AiResults,
  type ClassRecord,
  type MaterialRecord,
  type Owner,
  type PlatformState,
  type ProjectRecord,
  type SandboxState,
} from './model';

/** Where preview and media URLs point: a reserved TLD, so nothing is ever fetched from the internet. */
export const MEDIA_HOST = 'http://media.cme-sandbox.invalid';

/** The admin who owns the seeded teams (never logs in). */
export const DEMO_TEAM_ADMIN = 'demo_admin';

/** A stable AppId for a platform name, so a restart without `--data` keeps it. */
export function appIdFor(name: string): number {
  const digest = createHash('sha1').update(name, 'utf8').digest();
  return 1300000000 + (digest.readUInt32BE(0) % 1000000);
}

/** The state of a platform, created (with preset tags and teams) when missing. */
export function ensurePlatform(state: SandboxState, name: string, nowMs: number): PlatformState {
  const found = findPlatform(state, name);
  if (found) return found;
  const t = isoTime(nowMs);
  const p: PlatformState = {
    name,
    appId: appIdFor(name),
    nextClassId: 1001,
    users: [],
    presetTags: [
      { TagId: 'pt_event', TagName: '活动', ParentTagId: '' },
      { TagId: 'pt_launch', TagName: '发布会', ParentTagId: 'pt_event' },
      { TagId: 'pt_product', TagName: '产品', ParentTagId: '' },
      { TagId: 'pt_people', TagName: '人物', ParentTagId: '' },
      { TagId: 'pt_scenery', TagName: '风景', ParentTagId: '' },
    ],
    classes: [],
    materials: [],
    projects: [],
    teams: [
      {
        TeamId: `team_${randomHex(6)}`,
        Name: '演示团队 Demo Team',
        CreateTime: t,
        UpdateTime: t,
        Members: [{ MemberId: DEMO_TEAM_ADMIN, Role: 'Owner' }],
      },
      {
        TeamId: `team_${randomHex(6)}`,
        Name: '市场部 Marketing',
        CreateTime: t,
        UpdateTime: t,
        Members: [{ MemberId: 'marketing_admin', Role: 'Owner' }],
      },
    ],
    tasks: [],
    uploads: [],
  };
  state.platforms.push(p);
  const demoTeam: Owner = { Type: 'TEAM', Id: p.teams[0]!.TeamId };
  const teamClass = addClass(p, demoTeam, 0, '团队素材 Team assets', nowMs);
  p.materials.push(
    makeMaterial({
      Name: '品牌宣传片.mp4',
      MaterialType: 'VIDEO',
      ClassId: teamClass.ClassId,
      Owner: demoTeam,
      nowMs,
      Duration: 62.5,
      Width: 1920,
      Height: 1080,
      Size: 48234496,
      Tags: ['品牌'],
      Shared: true,
    }),
  );
  return p;
}

/** Adds a category and returns it (IDs are per platform, never reused). */
export function addClass(
  p: PlatformState,
  owner: Owner,
  parentClassId: number,
  name: string,
  nowMs: number,
): ClassRecord {
  const rec: ClassRecord = {
    ClassId: p.nextClassId++,
    ParentClassId: parentClassId,
    Name: name,
    Owner: { ...owner },
    CreateTime: isoTime(nowMs),
  };
  p.classes.push(rec);
  return rec;
}

/** What a new media item needs; everything else has a default. */
export type MaterialSeed = Pick<MaterialRecord, 'Name' | 'MaterialType' | 'ClassId' | 'Owner'> &
  Partial<Omit<MaterialRecord, 'CreateTime' | 'UpdateTime'>> & { nowMs: number };

/** A new media item record (not yet stored). */
export function makeMaterial(seed: MaterialSeed): MaterialRecord {
  const t = isoTime(seed.nowMs);
  return {
    MaterialId: seed.MaterialId ?? numericId(),
    MaterialType: seed.MaterialType,
    Name: seed.Name,
    ClassId: seed.ClassId,
    Owner: { ...seed.Owner },
    CreateTime: t,
    UpdateTime: t,
    PresetTagIds: seed.PresetTagIds ?? [],
    Tags: seed.Tags ?? [],
    VodFileId: seed.VodFileId ?? numericId().slice(0, 16),
    Duration: seed.Duration ?? 0,
    Width: seed.Width ?? 0,
    Height: seed.Height ?? 0,
    Size: seed.Size ?? 0,
    Shared: seed.Shared ?? false,
    ai: seed.ai ?? null,
  };
}

/** AI results for a media item of `duration` seconds, as ProcessMaterial produces them (template 20 = all). */
export function makeAiResults(duration: number, all: boolean): AiResults {
  const d = Math.max(duration, 10);
  const cut = Math.round(d * 40) / 100;
  const item = (): string => randomHex(8);
  const subtitles = [
    { ItemId: item(), StartTimeOffset: 0, EndTimeOffset: 4.2, Text: '欢迎来到产品发布会' },
    { ItemId: item(), StartTimeOffset: 4.2, EndTimeOffset: 9.8, Text: '今天我们发布全新一代产品' },
  ];
  if (!all) return { version: '1', subtitles };
  return {
    version: '1',
    frameTags: [
      { ItemId: item(), StartTimeOffset: 0, EndTimeOffset: cut, Tags: ['舞台', '演讲'], Manual: false },
      { ItemId: item(), StartTimeOffset: cut, EndTimeOffset: d, Tags: ['产品', '特写'], Manual: false },
    ],
    faces: [
      {
        Id: 'face_001',
        Name: '主持人',
        Type: 'default',
        FaceUrl: `${MEDIA_HOST}/faces/face_001.jpg`,
        SegmentSet: [
          { StartTimeOffset: 0, EndTimeOffset: cut, AreaCoordSet: [612, 180, 900, 520], Confidence: 0.97 },
        ],
      },
    ],
    subtitles,
    texts: [
      {
        ItemId: item(),
        StartTimeOffset: 1,
        EndTimeOffset: 6,
        SegmentSet: [{ Text: '新品发布 Launch', AreaCoordSet: [80, 60, 520, 140] }],
      },
    ],
    objects: [
      {
        ItemId: item(),
        Name: '麦克风',
        SegmentItemSet: [
          { StartTimeOffset: 0, EndTimeOffset: cut, Confidence: 0.91, AreaCoordSet: [700, 400, 760, 520] },
        ],
      },
    ],
  };
}

function makeProject(
  owner: Owner,
  name: string,
  category: string,
  ratio: string,
  nowMs: number,
  materialIds: string[],
): ProjectRecord {
  const t = isoTime(nowMs);
  return {
    ProjectId: randomHex(12),
    Name: name,
    Owner: { ...owner },
    Category: category,
    Description: '',
    WHRatio: ratio,
    CoverUrl: '',
    CoverSource: 'DEFAULT',
    FusionData: JSON.stringify({ Tracks: [] }),
    Version: 1,
    CreateTime: t,
    UpdateTime: t,
    MaterialIds: materialIds,
  };
}

/** Seeds a user's personal space on first login and makes them a member of the demo team; idempotent. */
export function ensureUser(p: PlatformState, userId: string, nowMs: number): void {
  if (p.users.some((u) => u.UserId === userId)) return;
  p.users.push({ UserId: userId, TfUid: randomHex(16) });
  const me: Owner = { Type: 'PERSON', Id: userId };
  const videos = addClass(p, me, 0, '视频素材', nowMs);
  const launch = addClass(p, me, videos.ClassId, '发布会', nowMs);
  const images = addClass(p, me, 0, '图片', nowMs);
  const audio = addClass(p, me, 0, '音频', nowMs);
  const launchVideo = makeMaterial({
    Name: '产品发布会.mp4',
    MaterialType: 'VIDEO',
    ClassId: launch.ClassId,
    Owner: me,
    nowMs,
    Duration: 1825.4,
    Width: 1920,
    Height: 1080,
    Size: 734003200,
    PresetTagIds: ['pt_launch', 'pt_product'],
    Tags: ['发布会', '产品'],
    ai: makeAiResults(1825.4, true),
  });
  p.materials.push(
    launchVideo,
    makeMaterial({
      Name: '团队合影.jpg',
      MaterialType: 'IMAGE',
      ClassId: images.ClassId,
      Owner: me,
      nowMs,
      Width: 4000,
      Height: 3000,
      Size: 5242880,
      PresetTagIds: ['pt_people'],
      Tags: ['团队'],
    }),
    makeMaterial({
      Name: '片头音乐.mp3',
      MaterialType: 'AUDIO',
      ClassId: audio.ClassId,
      Owner: me,
      nowMs,
      Duration: 96.5,
      Size: 2310144,
      Tags: ['配乐'],
    }),
    makeMaterial({
      Name: 'demo-intro.mp4',
      MaterialType: 'VIDEO',
      ClassId: 0,
      Owner: me,
      nowMs,
      Duration: 42,
      Width: 1280,
      Height: 720,
      Size: 15728640,
      Tags: ['demo'],
    }),
  );
  const first = makeProject(me, '我的第一个视频', 'Default', '16:9', nowMs, [launchVideo.MaterialId]);
  p.projects.push(
    first,
    makeProject(me, '直播回放 Live replay', 'Live', '16:9', nowMs, []),
    makeProject(me, '竖屏短视频', 'VideoSegmentation', '9:16', nowMs, []),
  );
  p.tasks.push({
    TaskId: randomHex(12),
    TaskType: 'VIDEO_EDIT_PROJECT_EXPORT',
    UserId: userId,
    ProjectId: first.ProjectId,
    ProjectName: first.Name,
    MaterialId: '',
    StartedAt: nowMs - 3600_000,
    DurationMs: 60_000,
    CreateTime: isoTime(nowMs - 3600_000),
  });
  const team = p.teams[0];
  if (team && !team.Members.some((m) => m.MemberId === userId)) {
    team.Members.push({ MemberId: userId, Role: 'Member' });
  }
}
