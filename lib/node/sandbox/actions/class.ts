/**
 * Category (分类) actions of the sandbox: CreateClass, DeleteClass, DescribeClass, ModifyClass.
 * Each owner has an implicit root (ClassId 0); names are unique among siblings.
 */
import { fail, invented, success, type Failure } from '../answers';
import { sameOwner, type ClassRecord, type Owner, type PlatformState } from '../model';
import { addClass } from '../seed';
import { checkPlatform, isFailure, num, bool, readOwnerWithAccess, str, type Handler } from './context';
import { emptyName } from './material';
import { classInfo, findClass } from './views';

function notFound(classId: number, name = 'ClassId'): Failure {
  return fail(
    'InvalidParameterValue.ClassNotExist',
    `${name} ${classId} does not exist for this owner`,
    `${name} ${classId} 在该归属者下不存在`,
  );
}

// No length limit on a category's Name: the docs state none.
function checkName(name: string): Failure | null {
  return name.trim() === '' ? emptyName() : null;
}

function nameTaken(name: string): Failure {
  return invented(
    fail(
      'InvalidParameterValue.ClassExist',
      `a category named "${name}" already exists there`,
      `该位置已有名为「${name}」的分类`,
    ),
    'category names unique among siblings',
    'The docs do not say that sibling categories need different names; the sandbox requires it.',
    '文档未说明同级分类须重名检查；沙箱要求名称不同。',
  );
}

function rootRefused(what: string): Failure {
  return invented(
    fail('InvalidParameterValue.ClassPath', `the root category cannot be ${what}`, '根分类不可修改或删除'),
    'root category fixed',
    `The docs do not say how CME answers a root category (ClassId 0) being ${what}; the sandbox refuses it.`,
    '文档未说明对根分类（ClassId 0）的删除或修改如何返回；沙箱拒绝。',
  );
}

function children(p: PlatformState, owner: Owner, parentId: number): ClassRecord[] {
  return p.classes.filter((c) => c.ParentClassId === parentId && sameOwner(c.Owner, owner));
}

/** Every category below `rootId` (depth first, in creation order). */
export function descendants(p: PlatformState, owner: Owner, rootId: number): ClassRecord[] {
  const out: ClassRecord[] = [];
  const seen = new Set<number>();
  const walk = (id: number): void => {
    for (const c of children(p, owner, id)) {
      if (seen.has(c.ClassId)) continue;
      seen.add(c.ClassId);
      out.push(c);
      walk(c.ClassId);
    }
  };
  walk(rootId);
  return out;
}

function siblingNamed(p: PlatformState, owner: Owner, parentId: number, name: string, except = -1): boolean {
  return children(p, owner, parentId).some((c) => c.Name === name && c.ClassId !== except);
}

const createClass: Handler = (ctx) => {
  const owner = readOwnerWithAccess(ctx);
  if (isFailure(owner)) return owner;
  const parentId = num(ctx.body, 'ParentClassId') ?? 0;
  const name = str(ctx.body, 'Name') ?? '';
  if (!findClass(ctx.p, owner, parentId)) return notFound(parentId, 'ParentClassId');
  const bad = checkName(name);
  if (bad) return bad;
  if (siblingNamed(ctx.p, owner, parentId, name)) return nameTaken(name);
  const rec = addClass(ctx.p, owner, parentId, name, ctx.nowMs);
  return success({ ClassId: rec.ClassId });
};

const deleteClass: Handler = (ctx) => {
  const owner = readOwnerWithAccess(ctx);
  if (isFailure(owner)) return owner;
  const classId = num(ctx.body, 'ClassId') ?? 0;
  if (classId === 0) return rootRefused('deleted');
  if (!findClass(ctx.p, owner, classId)) return notFound(classId);
  const hasChildren = children(ctx.p, owner, classId).length > 0;
  const hasMedia = ctx.p.materials.some((m) => m.ClassId === classId && sameOwner(m.Owner, owner));
  if (hasChildren || hasMedia) {
    return invented(
      fail(
        'InvalidParameterValue.ClassNotEmpty',
        `category ${classId} still holds ${hasChildren ? 'sub-categories' : 'media'}`,
        `分类 ${classId} 下仍有${hasChildren ? '子分类' : '媒体'}`,
      ),
      'only empty categories deleted',
      'The docs do not say whether CME deletes a category that still holds media or sub-categories; the sandbox refuses.',
      '文档未说明能否删除仍含媒体或子分类的分类；沙箱拒绝。',
    );
  }
  ctx.p.classes = ctx.p.classes.filter((c) => !(c.ClassId === classId && sameOwner(c.Owner, owner)));
  return success();
};

const describeClass: Handler = (ctx) => {
  const badPlatform = checkPlatform(ctx, str(ctx.body, 'Platform'));
  if (badPlatform) return badPlatform;
  const owner = readOwnerWithAccess(ctx);
  if (isFailure(owner)) return owner;
  const base = num(ctx.body, 'BaseClassId') ?? -1;
  const rootId = base === -1 ? 0 : base;
  if (!findClass(ctx.p, owner, rootId)) return notFound(base, 'BaseClassId');
  const list = bool(ctx.body, 'FirstLevel')
    ? children(ctx.p, owner, rootId)
    : descendants(ctx.p, owner, rootId);
  const data: Record<string, unknown> = { ClassInfoSet: list.map((c) => classInfo(ctx.p, c)) };
  if (rootId !== 0) {
    const path: ClassRecord[] = [];
    for (let c = findClass(ctx.p, owner, rootId); c && c.ClassId !== 0 && path.length < 1000;) {
      path.unshift(c);
      c = findClass(ctx.p, owner, c.ParentClassId);
    }
    data.PathInfoSet = path.map((c) => classInfo(ctx.p, c));
  }
  return success(data);
};

const modifyClass: Handler = (ctx) => {
  const owner = readOwnerWithAccess(ctx);
  if (isFailure(owner)) return owner;
  const classId = num(ctx.body, 'ClassId') ?? 0;
  const rec =
    classId === 0 ? undefined : ctx.p.classes.find((c) => c.ClassId === classId && sameOwner(c.Owner, owner));
  if (!rec) return classId === 0 ? rootRefused('modified') : notFound(classId);
  const name = str(ctx.body, 'Name') ?? rec.Name;
  const parentId = num(ctx.body, 'ParentClassId') ?? rec.ParentClassId;
  const bad = checkName(name);
  if (bad) return bad;
  if (!findClass(ctx.p, owner, parentId)) {
    return fail(
      'InvalidParameterValue.DstClassPathNotExist',
      `ParentClassId ${parentId} does not exist for this owner`,
      `ParentClassId ${parentId} 在该归属者下不存在`,
    );
  }
  if (parentId === classId || descendants(ctx.p, owner, classId).some((c) => c.ClassId === parentId)) {
    return invented(
      fail('InvalidParameterValue.ClassPath', 'a category cannot move below itself', '分类不能移到自身之下'),
      'no category cycles',
      'The docs do not say how CME answers moving a category below itself; the sandbox refuses it.',
      '文档未说明把分类移到自身之下时如何返回；沙箱拒绝。',
    );
  }
  if (siblingNamed(ctx.p, owner, parentId, name, classId)) return nameTaken(name);
  rec.Name = name;
  rec.ParentClassId = parentId;
  return success();
};

/** Handlers of the category actions, by action name. */
export const CLASS_HANDLERS: Record<string, Handler> = {
  CreateClass: createClass,
  DeleteClass: deleteClass,
  DescribeClass: describeClass,
  ModifyClass: modifyClass,
};
