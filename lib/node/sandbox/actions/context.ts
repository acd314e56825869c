/**
 * What every client API handler of the sandbox receives, and the small readers and checks they share.
 * Bodies reach handlers already checked against the catalogue (types and required parameters).
 */
import { fail, invented, note, type Failure, type Note, type Outcome } from '../answers';
import { canAccess, type Owner, type PlatformState } from '../model';

/** The call a handler serves: platform state, caller, time and the parsed body. */
export interface ActionContext {
  p: PlatformState;
  userId: string;
  nowMs: number;
  body: Record<string, unknown>;
  /** Checks a `VerifySign` value like a login signature (action Upload or Login); null when accepted. */
  verifySign: (signature: string) => Promise<Failure | null>;
  /** `--strict`: where the docs name a top-level Code for a case, answer it instead of our own choice. */
  strict: boolean;
  /** Marks the answer, whatever it is, as (partly) the sandbox's own (X-Sandbox-Undocumented, SandboxDetail). */
  mark: (n: Note) => void;
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
  if (!o) {
    // Reached only for an Owner inside a SearchScope: the docs list a scope's fields, not which are required.
    return invented(
      fail('MissingParameter', `Missing parameter "${label}" (Entity)`, `缺少参数 ${label}`),
      `${label} required`,
      `The sandbox requires ${label}; the docs do not say whether a SearchScope's Owner may be left out.`,
      `沙箱要求 ${label}；文档未说明 SearchScope 的 Owner 是否可省略。`,
    );
  }
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
    return invented(
      fail('InvalidParameterValue.OwnerId', `${label}.Id must be a non-empty string`, `${label}.Id 不能为空`),
      'Owner.Id not empty',
      'The docs do not say how an empty Owner.Id is answered.',
      '文档未说明 Owner.Id 为空时的返回。',
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
  return invented(
    fail(
      'InvalidParameterValue.Platform',
      `${name} "${value}" is not the platform of this ticket ("${ctx.p.name}")`,
      `${name} 与票据所属平台（${ctx.p.name}）不一致`,
    ),
    'Platform must be the ticket platform',
    "The docs do not say how CME answers a Platform other than the ticket's; the sandbox refuses it.",
    '文档未说明 Platform 与票据平台不一致时 CME 如何返回；沙箱拒绝。',
  );
}

/**
 * Offset/Limit of a paged call. `maxLimit` is the action's documented maximum page size (ListMedia, DescribeTeams,
 * DescribeJoinTeams, DescribeTasks: 30), answered with the documented `InvalidParameterValue.Limit`; null where the
 * docs state none (then every match is one page away, whatever the Limit). Negative values are our own rule.
 */
export function readPage(
  body: Record<string, unknown>,
  defaultLimit: number,
  maxLimit: number | null,
): { offset: number; limit: number } | Failure {
  const offset = num(body, 'Offset') ?? 0;
  const limit = num(body, 'Limit') ?? defaultLimit;
  if (offset < 0) {
    return invented(
      fail('InvalidParameterValue.Offset', `Offset must be ≥ 0, got ${offset}`, `Offset 须 ≥ 0`),
      'Offset >= 0',
      'The docs do not say how a negative Offset is answered.',
      '文档未说明 Offset 为负数时的返回。',
    );
  }
  if (maxLimit !== null && limit > maxLimit) {
    return fail(
      'InvalidParameterValue.Limit',
      `Limit ${limit} is above the documented maximum ${maxLimit}`,
      `Limit ${limit} 超过文档规定的最大值 ${maxLimit}`,
    );
  }
  if (limit < 0) {
    return invented(
      fail('InvalidParameterValue.Limit', `Limit must be ≥ 0, got ${limit}`, `Limit 须 ≥ 0`),
      'Limit >= 0',
      'The docs do not say how a negative Limit is answered.',
      '文档未说明 Limit 为负数时的返回。',
    );
  }
  return { offset, limit };
}

/** A note for a check CME's docs do not state, with the rule in a few ASCII words. */
export function ruleNote(rule: string, en: string, zh: string): Note {
  return note(`rule: ${rule}`, en, zh);
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
