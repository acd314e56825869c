/**
 * Project (项目) actions of the sandbox: project media (add, delete, describe), DeleteProject, ModifyProject,
 * DescribeProjects and SearchProject. Projects are seeded: the client API cannot create them.
 */
import { fail, invented, success, type Failure } from '../answers';
import { canAccess, isoTime, type ProjectRecord } from '../model';
import {
  denied,
  isFailure,
  obj,
  readPage,
  ruleNote,
  sortBy,
  str,
  strList,
  type ActionContext,
  type Handler,
} from './context';
import { emptyName, findMaterial } from './material';
import { projectBasicInfo, projectInfo } from './views';

const MAX_PROJECT_MEDIA = 10;
const CATEGORIES = ['Default', 'Live', 'VideoSegmentation', 'Switcher', 'StreamConnect'];

function findProject(ctx: ActionContext): ProjectRecord | Failure {
  const id = str(ctx.body, 'ProjectId') ?? '';
  const pr = ctx.p.projects.find((x) => x.ProjectId === id);
  if (!pr)
    return fail('InvalidParameterValue.ProjectId', `ProjectId "${id}" does not exist`, `项目 ${id} 不存在`);
  return canAccess(ctx.p, ctx.userId, pr.Owner) ? pr : denied(pr.Owner);
}

function readMaterialIds(ctx: ActionContext): string[] | Failure {
  const ids = strList(ctx.body, 'MaterialIds') ?? [];
  if (ids.length === 0) {
    return invented(
      fail('InvalidParameterValue', 'MaterialIds must not be empty', 'MaterialIds 不能为空'),
      'MaterialIds not empty',
      'The docs do not say how CME answers an empty MaterialIds; the sandbox refuses it.',
      '文档未说明 MaterialIds 为空时如何返回；沙箱拒绝。',
    );
  }
  if (ids.length > MAX_PROJECT_MEDIA) {
    return fail(
      'InvalidParameterValue',
      `MaterialIds holds more than the documented ${MAX_PROJECT_MEDIA} IDs`,
      `MaterialIds 超过文档规定的 ${MAX_PROJECT_MEDIA} 个`,
    );
  }
  return [...new Set(ids)];
}

const addMaterials: Handler = (ctx) => {
  const pr = findProject(ctx);
  if (isFailure(pr)) return pr;
  const ids = readMaterialIds(ctx);
  if (isFailure(ids)) return ids;
  for (const id of ids) {
    const m = findMaterial(ctx, id, 'MaterialIds');
    if (isFailure(m)) return m;
  }
  for (const id of ids) if (!pr.MaterialIds.includes(id)) pr.MaterialIds.push(id);
  pr.UpdateTime = isoTime(ctx.nowMs);
  return success();
};

const deleteMaterials: Handler = (ctx) => {
  const pr = findProject(ctx);
  if (isFailure(pr)) return pr;
  const ids = readMaterialIds(ctx);
  if (isFailure(ids)) return ids;
  pr.MaterialIds = pr.MaterialIds.filter((id) => !ids.includes(id));
  pr.UpdateTime = isoTime(ctx.nowMs);
  return success();
};

const describeMaterials: Handler = (ctx) => {
  const pr = findProject(ctx);
  if (isFailure(pr)) return pr;
  return success({ MaterialIdSet: [...pr.MaterialIds] });
};

const deleteProject: Handler = (ctx) => {
  const pr = findProject(ctx);
  if (isFailure(pr)) return pr;
  ctx.p.projects = ctx.p.projects.filter((x) => x !== pr);
  return success();
};

const modifyProject: Handler = (ctx) => {
  const pr = findProject(ctx);
  if (isFailure(pr)) return pr;
  const b = ctx.body;
  const name = str(b, 'Name');
  const ratio = str(b, 'WHRatio');
  const coverSource = str(b, 'CoverSource');
  if (name !== undefined && name.trim() === '') return emptyName();
  if (name !== undefined && [...name].length > 20) {
    return fail(
      'InvalidParameterValue.Name',
      'Name is longer than the documented 20 characters',
      'Name 超过文档规定的 20 个字符',
    );
  }
  if (ratio !== undefined && ratio !== '16:9' && ratio !== '9:16') {
    return fail(
      'InvalidParameterValue.AspectRatio',
      `WHRatio must be 16:9 or 9:16, got "${ratio}"`,
      'WHRatio 须为 16:9 或 9:16',
    );
  }
  if (coverSource !== undefined && coverSource !== 'USER' && coverSource !== 'DEFAULT') {
    return fail('InvalidParameterValue', `CoverSource must be USER or DEFAULT, got "${coverSource}"`);
  }
  if (name !== undefined) pr.Name = name;
  if (ratio !== undefined) pr.WHRatio = ratio;
  if (coverSource !== undefined) pr.CoverSource = coverSource;
  const description = str(b, 'Description');
  if (description !== undefined) pr.Description = description;
  const cover = str(b, 'CoverUrl');
  if (cover !== undefined) pr.CoverUrl = cover;
  pr.Version += 1;
  pr.UpdateTime = isoTime(ctx.nowMs);
  return success();
};

function matching(ctx: ActionContext, nameMax: number): ProjectRecord[] | Failure {
  const categories = strList(ctx.body, 'CategorySet') ?? [];
  const unknown = categories.find((c) => !CATEGORIES.includes(c));
  if (unknown !== undefined) {
    return fail(
      'InvalidParameterValue.Category',
      `CategorySet: unknown category "${unknown}" (${CATEGORIES.join(', ')})`,
      `CategorySet 中有未知类别「${unknown}」`,
    );
  }
  const name = str(ctx.body, 'Name') ?? '';
  if ([...name].length > nameMax) {
    return fail(
      'InvalidParameterValue',
      `Name is longer than the documented ${nameMax} characters`,
      `Name 超过文档规定的 ${nameMax} 个字符`,
    );
  }
  const list = ctx.p.projects.filter(
    (pr) =>
      canAccess(ctx.p, ctx.userId, pr.Owner) &&
      (categories.length === 0 || categories.includes(pr.Category)) &&
      (name === '' || pr.Name.includes(name)),
  );
  return sortBy(list, obj(ctx.body, 'Sort'));
}

/**
 * DescribeProjects. The docs give ResourceNotFound as its failure but not what triggers it, and Data has no
 * per-item failure set. Our choice: asked-for ProjectIds that are unknown (or not the caller's to see) are left
 * out of ProjectInfoSet, marked; --strict answers the documented top-level ResourceNotFound instead.
 */
const describeProjects: Handler = (ctx) => {
  const ids = strList(ctx.body, 'ProjectIds') ?? [];
  if (ids.length > 20) {
    return fail(
      'InvalidParameterValue',
      'ProjectIds holds more than the documented 20 IDs',
      'ProjectIds 超过文档规定的 20 个',
    );
  }
  const page = readPage(ctx.body, 50, null);
  if (isFailure(page)) return page;
  const found = matching(ctx, 30);
  if (isFailure(found)) return found;
  const list = ids.length > 0 ? found.filter((pr) => ids.includes(pr.ProjectId)) : found;
  const visible = new Set(
    ctx.p.projects.filter((pr) => canAccess(ctx.p, ctx.userId, pr.Owner)).map((pr) => pr.ProjectId),
  );
  const missing = [...new Set(ids)].filter((id) => !visible.has(id));
  if (missing.length > 0) {
    const which = missing.slice(0, 5).join(', ') + (missing.length > 5 ? ', …' : '');
    if (ctx.strict) {
      return invented(
        fail('ResourceNotFound', `No project ${which} for this user.`, `该用户没有项目 ${which}。`),
        'DescribeProjects top-level ResourceNotFound',
        "The docs give ResourceNotFound as DescribeProjects' failure without saying what triggers it; --strict answers it when an asked-for ProjectId is unknown.",
        '文档给出 DescribeProjects 的失败码 ResourceNotFound，但未说明触发条件；--strict 在所查 ProjectId 不存在时返回它。',
      );
    }
    ctx.mark(
      ruleNote(
        'unknown ProjectIds left out',
        `The asked-for ProjectIds ${which} are unknown and left out of ProjectInfoSet; the docs do not say whether CME does that or answers ResourceNotFound (--strict answers ResourceNotFound).`,
        `所查的 ProjectIds ${which} 不存在，未列入 ProjectInfoSet；文档未说明 CME 是如此还是返回 ResourceNotFound（--strict 返回 ResourceNotFound）。`,
      ),
    );
  }
  return success({
    TotalCount: list.length,
    ProjectInfoSet: list.slice(page.offset, page.offset + page.limit).map(projectInfo),
  });
};

const searchProject: Handler = (ctx) => {
  const categories = strList(ctx.body, 'CategorySet') ?? [];
  if (categories.length === 0 && !str(ctx.body, 'Name')) {
    // The doc's own EnglishMessage for this case.
    const out = fail(
      'InvalidParameterValue',
      'Give CategorySet or Name.',
      '须至少提供 CategorySet 或 Name。',
    );
    out.docEnglish = 'param lack of CategorySet or Name';
    return out;
  }
  const page = readPage(ctx.body, 50, null);
  if (isFailure(page)) return page;
  const found = matching(ctx, 15);
  if (isFailure(found)) return found;
  return success({
    TotalCount: found.length,
    ProjectBasicInfoSet: found.slice(page.offset, page.offset + page.limit).map(projectBasicInfo),
  });
};

/** Handlers of the project actions, by action name. */
export const PROJECT_HANDLERS: Record<string, Handler> = {
  AddMaterialToProject: addMaterials,
  DeleteMaterialFromProject: deleteMaterials,
  DescribeProjectMaterials: describeMaterials,
  DeleteProject: deleteProject,
  ModifyProject: modifyProject,
  DescribeProjects: describeProjects,
  SearchProject: searchProject,
};
