/**
 * Project (项目) actions of the sandbox: project media (add, delete, describe), DeleteProject, ModifyProject,
 * DescribeProjects and SearchProject. Projects are seeded: the client API cannot create them.
 */
import { fail, success, type Failure } from '../answers';
import { canAccess, isoTime, type ProjectRecord } from '../model';
import {
  denied,
  isFailure,
  obj,
  readPage,
  sortBy,
  str,
  strList,
  type ActionContext,
  type Handler,
} from './context';
import { findMaterial } from './material';
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
  if (ids.length === 0)
    return fail('InvalidParameterValue', 'MaterialIds must not be empty', 'MaterialIds 不能为空');
  if (ids.length > MAX_PROJECT_MEDIA) {
    return fail('InvalidParameterValue', `MaterialIds holds more than ${MAX_PROJECT_MEDIA} IDs`);
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
  if (name !== undefined && (name.trim() === '' || [...name].length > 20)) {
    return fail('InvalidParameterValue.Name', 'Name must be 1–20 characters', 'Name 须为 1–20 个字符');
  }
  if (ratio !== undefined && ratio !== '16:9' && ratio !== '9:16') {
    return fail('InvalidParameterValue.AspectRatio', `WHRatio must be 16:9 or 9:16, got "${ratio}"`);
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
    );
  }
  const name = str(ctx.body, 'Name') ?? '';
  if ([...name].length > nameMax)
    return fail('InvalidParameterValue', `Name is longer than ${nameMax} characters`);
  const list = ctx.p.projects.filter(
    (pr) =>
      canAccess(ctx.p, ctx.userId, pr.Owner) &&
      (categories.length === 0 || categories.includes(pr.Category)) &&
      (name === '' || pr.Name.includes(name)),
  );
  return sortBy(list, obj(ctx.body, 'Sort'));
}

const describeProjects: Handler = (ctx) => {
  const ids = strList(ctx.body, 'ProjectIds') ?? [];
  if (ids.length > 20) return fail('InvalidParameterValue', 'ProjectIds holds more than 20 IDs');
  const page = readPage(ctx.body, 50, 100);
  if (isFailure(page)) return page;
  const found = matching(ctx, 30);
  if (isFailure(found)) return found;
  const list = ids.length > 0 ? found.filter((pr) => ids.includes(pr.ProjectId)) : found;
  return success({
    TotalCount: list.length,
    ProjectInfoSet: list.slice(page.offset, page.offset + page.limit).map(projectInfo),
  });
};

const searchProject: Handler = (ctx) => {
  const categories = strList(ctx.body, 'CategorySet') ?? [];
  if (categories.length === 0 && !str(ctx.body, 'Name')) {
    // The doc's own EnglishMessage for this case.
    return fail(
      'InvalidParameterValue',
      'param lack of CategorySet or Name',
      '须至少提供 CategorySet 或 Name',
    );
  }
  const page = readPage(ctx.body, 50, 100);
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
