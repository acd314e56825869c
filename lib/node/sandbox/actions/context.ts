/**
 * What every client API handler of the sandbox receives, and the small readers and checks they share.
 * Bodies reach handlers already checked against the catalogue (types and required parameters).
 */
import { fail, type Failure, type Outcome } from '../answers';
import { canAccess, type Owner, type PlatformState } from '../model';

/** The call a handler serves: platform state, caller, time and the parsed body. */
export interface ActionContext {
  p: PlatformState;
  userId: string;
  nowMs: number;
  body: Record<string, unknown>;
  /** Checks a `VerifySign` value like a login signature (action Upload or Login); null when accepted. */
  verifySign: (signature: string) => Promise<Failure | null>;
}

/** A client API handler. */
export type Handler = (ctx: ActionContext) => Outcome | Promise<Outcome>;

/** A string parameter, or undefined when absent. */
export function str(body: Record<string, unknown>, name: string): string | undefined {
  const v = body[name];
  return typeof v === 'string' ? v : undefined;
}

/** A number parameter (Integer or Float), or undefined when absent. */
export function num(body: Record<string, unknown>, name: string): number | undefined {
  const v = body[name];
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** A boolean parameter, or undefined when absent. */
export function bool(body: Record<string, unknown>, name: string): boolean | undefined {
  const v = body[name];
  return typeof v === 'boolean' ? v : undefined;
}

/** A list-of-strings parameter (non-strings dropped), or undefined when absent. */
export function strList(body: Record<string, unknown>, name: string): string[] | undefined {
  const v = body[name];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : undefined;
}

/** A plain-object parameter, or undefined when absent. */
export function obj(body: Record<string, unknown>, name: string): Record<string, unknown> | undefined {
  const v = body[name];
  return typeof v === 'object' && v !== null && !Array.isArray(v)
    ? (v as Record<string, unknown>)
    : undefined;
}

/** True for a failure outcome (narrowing helper). */
export function isFailure(value: unknown): value is Failure {
  return typeof value === 'object' && value !== null && (value as { ok?: unknown }).ok === false;
}

/** Reads an Entity parameter as an Owner: PERSON or TEAM with an Id; `label` names it in messages. */
export function readOwner(body: Record<string, unknown>, name: string, label = name): Owner | Failure {
  const o = obj(body, name);
  if (!o)
    return fail('MissingParameter', `Missing required parameter "${label}" (Entity)`, `缺少参数 ${label}`);
  const type = o.Type;
  const id = o.Id;
  if (type !== 'PERSON' && type !== 'TEAM') {
    return fail(
      'InvalidParameterValue.OwnerType',
      `${label}.Type must be PERSON or TEAM, got ${JSON.stringify(type)}`,
      `${label}.Type 须为 PERSON 或 TEAM`,
    );
  }
  if (typeof id !== 'string' || id === '') {
    return fail(
      'InvalidParameterValue.OwnerId',
      `${label}.Id must be a non-empty string`,
      `${label}.Id 不能为空`,
    );
  }
  return { Type: type, Id: id };
}

/** Reads an Owner and checks the caller may act for it (is that person, or a member of that team). */
export function readOwnerWithAccess(ctx: ActionContext, name = 'Owner'): Owner | Failure {
  const owner = readOwner(ctx.body, name);
  if (isFailure(owner)) return owner;
  return canAccess(ctx.p, ctx.userId, owner) ? owner : denied(owner);
}

/** Permission failure naming the owner the caller may not act for. */
export function denied(owner: Owner): Failure {
  const who = owner.Type === 'PERSON' ? `person "${owner.Id}"` : `team "${owner.Id}"`;
  return fail(
    'OperationDenied.PermissionDeny',
    `the logged-in user may not act for ${who} (not that person, or not a member of that team)`,
    `当前用户无权操作 ${owner.Type}:${owner.Id}`,
  );
}

/** A `Platform` parameter must name the ticket's platform. */
export function checkPlatform(
  ctx: ActionContext,
  value: string | undefined,
  name = 'Platform',
): Failure | null {
  if (value === undefined || value === ctx.p.name) return null;
  return fail(
    'InvalidParameterValue.Platform',
    `${name} "${value}" is not the platform of this ticket ("${ctx.p.name}")`,
    `${name} 与票据所属平台（${ctx.p.name}）不一致`,
  );
}

/** Offset/Limit of a paged call, checked against the action's maximum page size. */
export function readPage(
  body: Record<string, unknown>,
  defaultLimit: number,
  maxLimit: number,
): { offset: number; limit: number } | Failure {
  const offset = num(body, 'Offset') ?? 0;
  const limit = num(body, 'Limit') ?? defaultLimit;
  if (offset < 0) return fail('InvalidParameterValue.Offset', `Offset must be ≥ 0, got ${offset}`);
  if (limit > maxLimit) {
    return fail('InvalidParameterValue.Limit', `Limit ${limit} is above the maximum ${maxLimit}`);
  }
  if (limit < 0) return fail('InvalidParameterValue.Limit', `Limit must be ≥ 0, got ${limit}`);
  return { offset, limit };
}

/** Sorts by `Sort.Field` (CreateTime/UpdateTime; default CreateTime) and `Sort.Order` (Asc/Desc; default Desc). */
export function sortBy<T extends { CreateTime: string; UpdateTime?: string }>(
  list: T[],
  sort: Record<string, unknown> | undefined,
): T[] {
  const field = sort?.Field === 'UpdateTime' ? 'UpdateTime' : 'CreateTime';
  const asc = typeof sort?.Order === 'string' && sort.Order.toLowerCase() === 'asc';
  const key = (x: T): string => (field === 'UpdateTime' ? (x.UpdateTime ?? x.CreateTime) : x.CreateTime);
  // Stable sort keeps insertion order among equal times, so seeded items list in a fixed order.
  return [...list].sort((a, b) => (asc ? 1 : -1) * key(a).localeCompare(key(b)));
}
