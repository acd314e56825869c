/**
 * Media (媒体) actions of the sandbox: DeleteMaterial, ModifyMaterial, ListMedia, DescribeMaterials,
 * and the media look-up the other action groups share.
 */
import { fail, success, type Failure } from '../answers';
import { canAccess, isoTime, sameOwner, type MaterialRecord } from '../model';
import {
  checkPlatform,
  denied,
  isFailure,
  num,
  obj,
  readOwnerWithAccess,
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

/** Checks custom tags: at most 30, each at most 15 characters. */
export function checkTags(tags: string[], name = 'Tags'): Failure | null {
  if (tags.length > MAX_TAGS) return fail('InvalidParameterValue', `${name} has more than ${MAX_TAGS} tags`);
  const long = tags.find((t) => [...t].length > MAX_TAG_LENGTH);
  if (long !== undefined) {
    return fail(
      'InvalidParameterValue',
      `tag "${long}" in ${name} is longer than ${MAX_TAG_LENGTH} characters`,
    );
  }
  return null;
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
    );
  }
  if (name !== undefined) {
    if (name.trim() === '')
      return fail('InvalidParameterValue.Name', 'Name must not be empty', 'Name 不能为空');
    if ([...name].length > MAX_NAME)
      return fail('InvalidParameterValue.NameLenLimt', `Name is longer than ${MAX_NAME} characters`);
  }
  const unknownPreset = presetIds?.find((id) => !ctx.p.presetTags.some((t) => t.TagId === id));
  if (unknownPreset !== undefined) {
    return fail('InvalidParameterValue', `PresetTagIds: unknown preset tag "${unknownPreset}"`);
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
    return fail('InvalidParameterValue.ClassNotExist', `ClassId ${classId} does not exist for this owner`);
  }
  const media = ctx.p.materials.filter((m) => m.ClassId === classId && sameOwner(m.Owner, owner));
  const classes = ctx.p.classes.filter((c) => c.ParentClassId === classId && sameOwner(c.Owner, owner));
  return success({
    MaterialTotalCount: media.length,
    MaterialInfoSet: media.slice(page.offset, page.offset + page.limit).map((m) => materialInfo(ctx.p, m)),
    ClassInfoSet: classes.map((c) => classInfo(ctx.p, c)),
  });
};

const describeMaterials: Handler = (ctx) => {
  const ids = strList(ctx.body, 'MaterialIds') ?? [];
  if (ids.length > 20) return fail('InvalidParameterValue', 'MaterialIds holds more than 20 IDs');
  const found: MaterialRecord[] = [];
  const failed: Record<string, unknown>[] = [];
  for (const id of [...new Set(ids)]) {
    const m = findMaterial(ctx, id);
    if (isFailure(m)) failed.push({ MaterialId: id, Code: m.code, Message: m.en ?? '' });
    else found.push(m);
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
