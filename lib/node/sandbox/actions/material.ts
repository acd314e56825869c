/**
 * Media (媒体) actions of the sandbox: DeleteMaterial, ModifyMaterial, ListMedia, DescribeMaterials,
 * and the media look-up the other action groups share.
 */
import { fail, invented, success, type Failure } from '../answers';
import { canAccess, isoTime, sameOwner, type MaterialRecord } from '../model';
import {
  checkPlatform,
  denied,
  isFailure,
  num,
  obj,
  readOwnerWithAccess,
  ruleNote,
  readPage,
  sortBy,
  str,
  strList,
  type ActionContext,
  type Handler,
} from './context';
import { classInfo, findClass, materialInfo } from './views';

const MAX_NAME = 90;
const MAX_TAGS = 30;
const MAX_TAG_LENGTH = 15;

/** A media item the caller may use, or the failure to answer: unknown ID, or no permission. */
export function findMaterial(ctx: ActionContext, id: string, name = 'MaterialId'): MaterialRecord | Failure {
  const m = ctx.p.materials.find((x) => x.MaterialId === id);
  if (!m) {
    return fail('InvalidParameterValue.MaterialId', `${name} "${id}" does not exist`, `${name} ${id} 不存在`);
  }
  return canAccess(ctx.p, ctx.userId, m.Owner) ? m : denied(m.Owner);
}

/** Checks a media item's custom tags: at most 30, each at most 15 characters (ModifyMaterial's docs). */
function checkTags(tags: string[], name = 'Tags'): Failure | null {
  if (tags.length > MAX_TAGS) {
    return fail(
      'InvalidParameterValue',
      `${name} has more than the documented ${MAX_TAGS} tags`,
      `${name} 超过文档规定的 ${MAX_TAGS} 个标签`,
    );
  }
  const long = tags.find((t) => [...t].length > MAX_TAG_LENGTH);
  if (long !== undefined) {
    return fail(
      'InvalidParameterValue',
      `tag "${long}" in ${name} is longer than the documented ${MAX_TAG_LENGTH} characters`,
      `${name} 中的标签「${long}」超过文档规定的 ${MAX_TAG_LENGTH} 个字符`,
    );
  }
  return null;
}

/** An empty Name: refused by the sandbox; the docs do not say. */
export function emptyName(name = 'Name'): Failure {
  return invented(
    fail('InvalidParameterValue.Name', `${name} must not be empty`, `${name} 不能为空`),
    `${name} not empty`,
    `The docs do not say how CME answers an empty ${name}; the sandbox refuses it.`,
    `文档未说明 ${name} 为空时 CME 如何返回；沙箱拒绝。`,
  );
}

const deleteMaterial: Handler = (ctx) => {
  const m = findMaterial(ctx, str(ctx.body, 'MaterialId') ?? '');
  if (isFailure(m)) return m;
  ctx.p.materials = ctx.p.materials.filter((x) => x !== m);
  for (const pr of ctx.p.projects) pr.MaterialIds = pr.MaterialIds.filter((id) => id !== m.MaterialId);
  return success();
};

const modifyMaterial: Handler = (ctx) => {
  const m = findMaterial(ctx, str(ctx.body, 'MaterialId') ?? '');
  if (isFailure(m)) return m;
  const classId = num(ctx.body, 'ClassId');
  const name = str(ctx.body, 'Name');
  const presetIds = strList(ctx.body, 'PresetTagIds');
  const tags = strList(ctx.body, 'Tags');
  if (classId !== undefined && !findClass(ctx.p, m.Owner, classId)) {
    return fail(
      'InvalidParameterValue.ClassNotExist',
      `ClassId ${classId} does not exist for the media's owner`,
      `ClassId ${classId} 在该媒体的归属者下不存在`,
    );
  }
  if (name !== undefined) {
    if (name.trim() === '') return emptyName();
    if ([...name].length > MAX_NAME)
      return fail(
        'InvalidParameterValue.NameLenLimt',
        `Name is longer than the documented ${MAX_NAME} characters`,
        `Name 超过文档规定的 ${MAX_NAME} 个字符`,
      );
  }
  const unknownPreset = presetIds?.find((id) => !ctx.p.presetTags.some((t) => t.TagId === id));
  if (unknownPreset !== undefined) {
    return invented(
      fail('InvalidParameterValue', `PresetTagIds: unknown preset tag "${unknownPreset}"`),
      'unknown preset tag refused',
      'The docs do not say how CME answers an unknown preset tag ID; the sandbox refuses it.',
      '文档未说明未知预置标签 ID 的返回；沙箱拒绝。',
    );
  }
  const badTags = tags ? checkTags(tags) : null;
  if (badTags) return badTags;
  if (classId !== undefined) m.ClassId = classId;
  if (name !== undefined) m.Name = name;
  if (presetIds !== undefined) m.PresetTagIds = [...new Set(presetIds)];
  if (tags !== undefined) m.Tags = [...new Set(tags)];
  m.UpdateTime = isoTime(ctx.nowMs);
  return success();
};

const listMedia: Handler = (ctx) => {
  const badPlatform = checkPlatform(ctx, str(ctx.body, 'Platform'));
  if (badPlatform) return badPlatform;
  const owner = readOwnerWithAccess(ctx);
  if (isFailure(owner)) return owner;
  const page = readPage(ctx.body, 20, 30);
  if (isFailure(page)) return page;
  const classId = num(ctx.body, 'ClassId') ?? 0;
  if (!findClass(ctx.p, owner, classId)) {
    return fail(
      'InvalidParameterValue.ClassNotExist',
      `ClassId ${classId} does not exist for this owner`,
      `ClassId ${classId} 在该归属者下不存在`,
    );
  }
  const media = ctx.p.materials.filter((m) => m.ClassId === classId && sameOwner(m.Owner, owner));
  const classes = ctx.p.classes.filter((c) => c.ParentClassId === classId && sameOwner(c.Owner, owner));
  return success({
    MaterialTotalCount: media.length,
    MaterialInfoSet: media.slice(page.offset, page.offset + page.limit).map((m) => materialInfo(ctx.p, m)),
    ClassInfoSet: classes.map((c) => classInfo(ctx.p, c)),
  });
};

/**
 * DescribeMaterials. The docs are ambiguous: Data has FailedMaterialInfoSet ("media that could not be fetched"),
 * yet the documented failure is a top-level OperationDenied.PermissionDeny, and FailedMaterialInfo's fields are
 * not documented. Our choice: an unknown ID is listed in FailedMaterialInfoSet ({MaterialId, Code, Message}, our
 * field names) in both modes; media the caller may not use is listed there too by default, while --strict answers
 * the documented top-level OperationDenied.PermissionDeny for the whole call. Each choice is marked.
 * No limit on the number of IDs: the docs state none.
 */
const describeMaterials: Handler = (ctx) => {
  const ids = strList(ctx.body, 'MaterialIds') ?? [];
  const found: MaterialRecord[] = [];
  const failed: Record<string, unknown>[] = [];
  for (const id of [...new Set(ids)]) {
    const m = findMaterial(ctx, id);
    if (isFailure(m) && m.code === 'OperationDenied.PermissionDeny' && ctx.strict) {
      return invented(
        m,
        'DescribeMaterials top-level PermissionDeny',
        'The docs are ambiguous between a per-item failure and a top-level Code; --strict answers the documented top-level OperationDenied.PermissionDeny when any media may not be used.',
        '文档在逐项失败与整体错误码之间不明确；--strict 在任一媒体无权访问时整体返回已记录的 OperationDenied.PermissionDeny。',
      );
    }
    if (isFailure(m)) {
      const docs = m.code === 'InvalidParameterValue.MaterialId' ? 'material not exist' : 'permission denied';
      failed.push({ MaterialId: id, Code: m.code, Message: docs });
    } else found.push(m);
  }
  if (failed.length > 0) {
    ctx.mark(
      ruleNote(
        'FailedMaterialInfoSet fields are ours',
        'Media that could not be fetched are listed in FailedMaterialInfoSet as {MaterialId, Code, Message}: the docs name the set but not its fields, nor whether CME fails the whole call instead (the documented failure is a top-level OperationDenied.PermissionDeny; --strict answers that for media the caller may not use).',
        '无法获取的媒体列在 FailedMaterialInfoSet 中，字段 {MaterialId, Code, Message} 是沙箱自定的：文档只给出该集合名，未给出字段，也未说明 CME 是否改为整体失败（已记录的失败是整体的 OperationDenied.PermissionDeny；--strict 对无权访问的媒体如此返回）。',
      ),
    );
  }
  // Without a Sort, answer in the order asked.
  const sort = obj(ctx.body, 'Sort');
  return success({
    MaterialInfoSet: (sort ? sortBy(found, sort) : found).map((m) => materialInfo(ctx.p, m)),
    FailedMaterialInfoSet: failed,
  });
};

/** Handlers of the media actions, by action name. */
export const MATERIAL_HANDLERS: Record<string, Handler> = {
  DeleteMaterial: deleteMaterial,
  ModifyMaterial: modifyMaterial,
  ListMedia: listMedia,
  DescribeMaterials: describeMaterials,
};
