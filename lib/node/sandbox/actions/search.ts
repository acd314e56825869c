/**
 * Media search actions of the sandbox: SearchMaterial (by scopes), SearchSharedMaterial (shared by an
 * authoriser) and the undocumented SearchResource, over the same filters.
 */
import { fail, invented, success, type Failure } from '../answers';
import { canAccess, sameOwner, type MaterialRecord } from '../model';
import { descendants } from './class';
import {
  checkPlatform,
  denied,
  isFailure,
  num,
  obj,
  readOwner,
  readOwnerWithAccess,
  readPage,
  sortBy,
  str,
  strList,
  type ActionContext,
  type Handler,
} from './context';
import { findClass, materialInfo, resolutionOf } from './views';

const MAX_TEXT = 15;
const MAX_SCOPES = 5;

function timeOf(value: unknown, label: string): number | undefined | Failure {
  if (value === undefined || value === '') return undefined;
  const ms = typeof value === 'string' ? Date.parse(value) : NaN;
  if (Number.isNaN(ms))
    return fail('InvalidParameterValue', `${label} is not an ISO 8601 time: ${JSON.stringify(value)}`);
  return ms;
}

function inTimeRange(
  range: Record<string, unknown>,
  label: string,
): ((m: MaterialRecord) => boolean) | Failure {
  const start = timeOf(range.StartTime, `${label}.StartTime`);
  if (isFailure(start)) return start;
  const end = timeOf(range.EndTime, `${label}.EndTime`);
  if (isFailure(end)) return end;
  return (m) => {
    const t = Date.parse(m.CreateTime);
    return (start === undefined || t >= start) && (end === undefined || t <= end);
  };
}

/** Applies the common search filters of a body (types, text, resolutions, ranges, tags) and its Sort. */
export function filterMaterials(
  list: MaterialRecord[],
  body: Record<string, unknown>,
): MaterialRecord[] | Failure {
  const tests: ((m: MaterialRecord) => boolean)[] = [];
  const types = strList(body, 'MaterialTypes');
  if (types && types.length > 0) tests.push((m) => types.includes(m.MaterialType));
  const text = str(body, 'Text');
  if (text !== undefined && text !== '') {
    if ([...text].length > MAX_TEXT) {
      return fail(
        'InvalidParameterValue',
        `Text is longer than the documented ${MAX_TEXT} characters`,
        `Text 超过文档规定的 ${MAX_TEXT} 个字符`,
      );
    }
    const needle = text.toLowerCase();
    tests.push(
      (m) => m.Name.toLowerCase().includes(needle) || m.Tags.some((t) => t.toLowerCase().includes(needle)),
    );
  }
  const resolutions = strList(body, 'Resolutions');
  if (resolutions && resolutions.length > 0)
    tests.push((m) => resolutions.includes(resolutionOf(m.Width, m.Height)));
  const duration = obj(body, 'DurationRange');
  if (duration) {
    const low = num(duration, 'LowerBound');
    const high = num(duration, 'UpperBound');
    tests.push((m) => (low === undefined || m.Duration >= low) && (high === undefined || m.Duration <= high));
  }
  const created = obj(body, 'CreateTimeRange');
  if (created) {
    const test = inTimeRange(created, 'CreateTimeRange');
    if (isFailure(test)) return test;
    tests.push(test);
  }
  const ranges = body.CreateTimeRanges;
  if (Array.isArray(ranges) && ranges.length > 0) {
    const any: ((m: MaterialRecord) => boolean)[] = [];
    for (const [i, r] of ranges.entries()) {
      if (typeof r !== 'object' || r === null) continue;
      const test = inTimeRange(r as Record<string, unknown>, `CreateTimeRanges[${i}]`);
      if (isFailure(test)) return test;
      any.push(test);
    }
    if (any.length > 0) tests.push((m) => any.some((t) => t(m)));
  }
  const presets = strList(body, 'PresetTagIds');
  if (presets && presets.length > 0) tests.push((m) => m.PresetTagIds.some((id) => presets.includes(id)));
  const tags = strList(body, 'Tags');
  if (tags && tags.length > 0) tests.push((m) => m.Tags.some((t) => tags.includes(t)));
  return sortBy(
    list.filter((m) => tests.every((t) => t(m))),
    obj(body, 'Sort'),
  );
}

/** Media reachable through one SearchScope: that class, or the class and everything below it. */
function scopeMaterials(
  ctx: ActionContext,
  scope: Record<string, unknown>,
  i: number,
): MaterialRecord[] | Failure {
  const label = `SearchScopes[${i}]`;
  const badPlatform = checkPlatform(ctx, str(scope, 'Platform'), `${label}.Platform`);
  if (badPlatform) return badPlatform;
  const owner = readOwner(scope, 'Owner', `${label}.Owner`);
  if (isFailure(owner)) return owner;
  if (!canAccess(ctx.p, ctx.userId, owner)) return denied(owner);
  const classId = num(scope, 'ClassId') ?? 0;
  if (!findClass(ctx.p, owner, classId)) {
    return fail(
      'InvalidParameterValue.ClassNotExist',
      `${label}.ClassId ${classId} does not exist for this owner`,
      `${label}.ClassId ${classId} 在该归属者下不存在`,
    );
  }
  const classIds = new Set([classId]);
  if (scope.SearchOneDepth !== true)
    for (const c of descendants(ctx.p, owner, classId)) classIds.add(c.ClassId);
  return ctx.p.materials.filter((m) => sameOwner(m.Owner, owner) && classIds.has(m.ClassId));
}

function scopesOf(ctx: ActionContext): MaterialRecord[] | Failure {
  const scopes = Array.isArray(ctx.body.SearchScopes) ? (ctx.body.SearchScopes as unknown[]) : [];
  if (scopes.length > MAX_SCOPES) {
    return fail(
      'InvalidParameterValue',
      `SearchScopes holds more than the documented ${MAX_SCOPES} scopes`,
      `SearchScopes 超过文档规定的 ${MAX_SCOPES} 个`,
    );
  }
  const found = new Set<MaterialRecord>();
  for (const [i, scope] of scopes.entries()) {
    if (typeof scope !== 'object' || scope === null || Array.isArray(scope)) {
      return fail('InvalidParameterValue', `SearchScopes[${i}] must be an object`);
    }
    const list = scopeMaterials(ctx, scope as Record<string, unknown>, i);
    if (isFailure(list)) return list;
    for (const m of list) found.add(m);
  }
  return [...found];
}

function paged(ctx: ActionContext, list: MaterialRecord[] | Failure, setName: string): ReturnType<Handler> {
  if (isFailure(list)) return list;
  // The docs give a default page size (50) but no maximum.
  const page = readPage(ctx.body, 50, null);
  if (isFailure(page)) return page;
  const filtered = filterMaterials(list, ctx.body);
  if (isFailure(filtered)) return filtered;
  return success({
    TotalCount: filtered.length,
    [setName]: filtered.slice(page.offset, page.offset + page.limit).map((m) => materialInfo(ctx.p, m)),
  });
}

const searchMaterial: Handler = (ctx) => {
  const scopes = Array.isArray(ctx.body.SearchScopes) ? ctx.body.SearchScopes : [];
  if (scopes.length === 0) {
    return invented(
      fail(
        'InvalidParameterValue',
        'SearchScopes must hold 1–5 scopes',
        'SearchScopes 须包含 1–5 个检索范围',
      ),
      'SearchScopes not empty',
      'The docs do not say how CME answers an empty SearchScopes; the sandbox refuses it.',
      '文档未说明 SearchScopes 为空时如何返回；沙箱拒绝。',
    );
  }
  return paged(ctx, scopesOf(ctx), 'MaterialInfoSet');
};

const searchSharedMaterial: Handler = (ctx) => {
  const authorizee = readOwnerWithAccess(ctx, 'Authorizee');
  if (isFailure(authorizee)) return authorizee;
  const authorizer = readOwner(ctx.body, 'Authorizer');
  if (isFailure(authorizer)) return authorizer;
  const shared = ctx.p.materials.filter((m) => m.Shared && sameOwner(m.Owner, authorizer));
  return paged(ctx, shared, 'MaterialInfoSet');
};

const searchResource: Handler = (ctx) => {
  const scoped = Array.isArray(ctx.body.SearchScopes) && ctx.body.SearchScopes.length > 0;
  const list: MaterialRecord[] | Failure = scoped
    ? scopesOf(ctx)
    : ctx.p.materials.filter((m) => canAccess(ctx.p, ctx.userId, m.Owner));
  return paged(ctx, list, 'ResourceInfoSet');
};

/** Handlers of the media search actions, by action name. */
export const SEARCH_HANDLERS: Record<string, Handler> = {
  SearchMaterial: searchMaterial,
  SearchSharedMaterial: searchSharedMaterial,
  SearchResource: searchResource,
};
