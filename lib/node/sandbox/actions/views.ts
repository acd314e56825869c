/**
 * How sandbox records appear in answers: ClassInfo, MaterialInfo (MaterialBasicInfo + per-type details),
 * ProjectInfo, TeamInfo and TaskInfo, in the field names of the CME client API docs.
 */
import {
  sameOwner,
  type ClassRecord,
  type MaterialRecord,
  type Owner,
  type PlatformState,
  type ProjectRecord,
  type TaskRecord,
} from '../model';
import { MEDIA_HOST } from '../seed';

/** The category of an owner with that ID; ClassId 0 is the owner's root (a stand-in record). */
export function findClass(p: PlatformState, owner: Owner, classId: number): ClassRecord | undefined {
  if (classId === 0) return { ClassId: 0, ParentClassId: -1, Name: '', Owner: owner, CreateTime: '' };
  return p.classes.find((c) => c.ClassId === classId && sameOwner(c.Owner, owner));
}

/** The path of a category, `/` for the root, `/视频素材/发布会` below it. */
export function classPath(p: PlatformState, owner: Owner, classId: number): string {
  const names: string[] = [];
  let id = classId;
  // Bounded walk: a corrupted data file with a parent cycle must not hang the server.
  for (let guard = 0; id !== 0 && guard < 1000; guard++) {
    const c = findClass(p, owner, id);
    if (!c) break;
    names.unshift(c.Name);
    id = c.ParentClassId;
  }
  return '/' + names.join('/');
}

/** ClassInfo of a category. */
export function classInfo(p: PlatformState, c: ClassRecord): Record<string, unknown> {
  return {
    ClassId: c.ClassId,
    ParentClassId: c.ParentClassId,
    Name: c.Name,
    ClassPath: classPath(p, c.Owner, c.ClassId),
    Owner: { ...c.Owner },
  };
}

/** Resolution class of a picture size by its short side: LD, SD, HD, FHD, 2K or 4K. */
export function resolutionOf(width: number, height: number): string {
  const side = Math.min(width, height);
  if (side <= 0) return '';
  if (side <= 360) return 'LD';
  if (side <= 540) return 'SD';
  if (side <= 720) return 'HD';
  if (side <= 1080) return 'FHD';
  if (side <= 1440) return '2K';
  return '4K';
}

function extensionOf(name: string, type: string): string {
  const dot = name.lastIndexOf('.');
  if (dot > 0 && dot > name.length - 6) return name.slice(dot + 1).toLowerCase();
  return type === 'IMAGE' ? 'jpg' : type === 'AUDIO' ? 'mp3' : 'mp4';
}

/** MaterialInfo of a media item: MaterialBasicInfo, MediaInfo, MaterialStatus and the per-type part. */
export function materialInfo(p: PlatformState, m: MaterialRecord): Record<string, unknown> {
  const url = `${MEDIA_HOST}/${p.name}/${m.MaterialId}.${extensionOf(m.Name, m.MaterialType)}`;
  const cover = m.MaterialType === 'AUDIO' ? '' : `${MEDIA_HOST}/${p.name}/${m.MaterialId}.cover.jpg`;
  const presetTags = m.PresetTagIds.map((id) => p.presetTags.find((t) => t.TagId === id)).filter(
    (t) => t !== undefined,
  );
  const status = { EditorUsableStatus: 'NORMAL' };
  const info: Record<string, unknown> = {
    MaterialBasicInfo: {
      MaterialId: m.MaterialId,
      MaterialType: m.MaterialType,
      Name: m.Name,
      ClassPath: classPath(p, m.Owner, m.ClassId),
      CreateTime: m.CreateTime,
      UpdateTime: m.UpdateTime,
      Owner: { ...m.Owner },
      PresetTagSet: presetTags.map((t) => ({ ...t })),
      TagSet: [...m.Tags],
      PreviewUrl: cover,
    },
    MediaInfo: { Duration: m.Duration, Width: m.Width, Height: m.Height, Size: m.Size },
    MaterialStatus: status,
  };
  const meta = {
    Size: m.Size,
    Container: extensionOf(m.Name, m.MaterialType),
    Bitrate: m.Duration > 0 ? Math.round((m.Size * 8) / m.Duration) : 0,
    Height: m.Height,
    Width: m.Width,
    Duration: m.Duration,
    Rotate: 0,
  };
  const resolution = resolutionOf(m.Width, m.Height);
  if (m.MaterialType === 'AUDIO') {
    info.AudioMaterial = {
      MetaData: meta,
      MaterialUrl: url,
      CoverUrl: cover,
      MaterialStatus: status,
      VodFileId: m.VodFileId,
    };
  } else if (m.MaterialType === 'IMAGE' || m.MaterialType === 'STICKER') {
    info.ImageMaterial = {
      Height: m.Height,
      Width: m.Width,
      Size: m.Size,
      MaterialUrl: url,
      Resolution: resolution,
      VodFileId: m.VodFileId,
    };
  } else {
    info.VideoMaterial = {
      MetaData: meta,
      MaterialUrl: url,
      CoverUrl: cover,
      Resolution: resolution,
      MaterialStatus: status,
      VodFileId: m.VodFileId,
    };
  }
  return info;
}

/** ProjectInfo of a project (DescribeProjects). */
export function projectInfo(pr: ProjectRecord): Record<string, unknown> {
  return {
    ProjectId: pr.ProjectId,
    Name: pr.Name,
    Owner: { ...pr.Owner },
    Category: pr.Category,
    Description: pr.Description,
    WHRatio: pr.WHRatio,
    CoverUrl: pr.CoverUrl,
    CoverSource: pr.CoverSource,
    FusionData: pr.FusionData,
    Version: pr.Version,
    CreateTime: pr.CreateTime,
    UpdateTime: pr.UpdateTime,
  };
}

/** ProjectBasicInfo of a project (SearchProject). */
export function projectBasicInfo(pr: ProjectRecord): Record<string, unknown> {
  return {
    ProjectId: pr.ProjectId,
    Owner: { ...pr.Owner },
    Category: pr.Category,
    Name: pr.Name,
    WHRatio: pr.WHRatio,
    CoverUrl: pr.CoverUrl,
    CreateTime: pr.CreateTime,
    UpdateTime: pr.UpdateTime,
  };
}

/** Status and progress of a task at a time: PROCESSING until its duration has passed, then SUCCESS. */
export function taskProgress(t: TaskRecord, nowMs: number): { Status: string; Progress: number } {
  const elapsed = nowMs - t.StartedAt;
  const progress =
    t.DurationMs <= 0 ? 100 : Math.min(100, Math.max(0, Math.floor((elapsed / t.DurationMs) * 100)));
  return { Status: progress >= 100 ? 'SUCCESS' : 'PROCESSING', Progress: progress };
}

/** TaskInfo of a task at a time. */
export function taskInfo(t: TaskRecord, nowMs: number): Record<string, unknown> {
  return {
    TaskId: t.TaskId,
    TaskType: t.TaskType,
    ...taskProgress(t, nowMs),
    ErrCode: 0,
    ErrMsg: '',
    ProjectId: t.ProjectId,
    MaterialId: t.MaterialId,
    CreateTime: t.CreateTime,
  };
}
