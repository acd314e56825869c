/**
 * The sandbox's state: per-platform categories, media, projects, teams, tasks, uploads and the issued tickets,
 * with JSON persistence (atomic: temp file + rename). Plain data, so it serialises as it is.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** Owner of a category, a media item or a project: a person (userId) or a team. */
export interface Owner {
  Type: 'PERSON' | 'TEAM';
  Id: string;
}

/** A category (分类). ClassId 0 is each owner's implicit root and is never stored. */
export interface ClassRecord {
  ClassId: number;
  ParentClassId: number;
  Name: string;
  Owner: Owner;
  CreateTime: string;
}

/** One frame-tag item of a media item. */
export interface FrameTagItem {
  ItemId: string;
  StartTimeOffset: number;
  EndTimeOffset: number;
  Tags: string[];
  Manual: boolean;
}

/** AI results of a media item (frame tags, faces, subtitles, text, objects); absent parts were never produced. */
export interface AiResults {
  version: string;
  /** Epoch ms from which the results can be read (ProcessMaterial's task finishes then); absent = now. */
  readyAt?: number;
  frameTags?: FrameTagItem[];
  faces?: unknown[];
  subtitles?: { ItemId: string; StartTimeOffset: number; EndTimeOffset: number; Text: string }[];
  texts?: { ItemId: string; StartTimeOffset: number; EndTimeOffset: number; SegmentSet: unknown[] }[];
  objects?: unknown[];
}

/** A media item (媒体) with the metadata its views need. */
export interface MaterialRecord {
  MaterialId: string;
  MaterialType: string;
  Name: string;
  ClassId: number;
  Owner: Owner;
  CreateTime: string;
  UpdateTime: string;
  PresetTagIds: string[];
  Tags: string[];
  VodFileId: string;
  /** Seconds (0 for images). */
  Duration: number;
  Width: number;
  Height: number;
  Size: number;
  /** Shared with the other members' spaces (SearchSharedMaterial). */
  Shared: boolean;
  ai: AiResults | null;
}

/** A project (项目). Created only by the server API, so the sandbox seeds them. */
export interface ProjectRecord {
  ProjectId: string;
  Name: string;
  Owner: Owner;
  Category: string;
  Description: string;
  WHRatio: string;
  CoverUrl: string;
  CoverSource: string;
  FusionData: string;
  Version: number;
  CreateTime: string;
  UpdateTime: string;
  MaterialIds: string[];
}

/** A team member and their role. */
export interface TeamMember {
  MemberId: string;
  Role: 'Owner' | 'Admin' | 'Member';
}

/** A team (团队). */
export interface TeamRecord {
  TeamId: string;
  Name: string;
  CreateTime: string;
  UpdateTime: string;
  Members: TeamMember[];
}

/** A background task (ProcessMaterial creates one; a seeded export task exists too). */
export interface TaskRecord {
  TaskId: string;
  TaskType: string;
  UserId: string;
  ProjectId: string;
  ProjectName: string;
  MaterialId: string;
  /** Epoch ms the task started; its progress is derived from the time since. */
  StartedAt: number;
  DurationMs: number;
  CreateTime: string;
}

/** A pending upload between CreateUploadMaterial and FinishUploadMaterial. */
export interface UploadRecord {
  UploadContext: string;
  ClassId: number;
  MaterialType: string;
  Name: string;
  Owner: Owner;
  CreateTime: string;
}

/** A preset tag of the platform. */
export interface PresetTag {
  TagId: string;
  TagName: string;
  ParentTagId: string;
}

/** A user who logged in at least once, with the CME-internal ID the current login shape returns. */
export interface UserRecord {
  UserId: string;
  TfUid: string;
}

/** Everything of one platform. */
export interface PlatformState {
  name: string;
  appId: number;
  nextClassId: number;
  users: UserRecord[];
  presetTags: PresetTag[];
  classes: ClassRecord[];
  materials: MaterialRecord[];
  projects: ProjectRecord[];
  teams: TeamRecord[];
  tasks: TaskRecord[];
  uploads: UploadRecord[];
}

/** A ticket issued by a login, bound to a platform and a user. */
export interface TicketRecord {
  ticket: string;
  platform: string;
  userId: string;
  issuedAt: number;
  /**
   * Epoch ms from which the ticket is refused (`--ticket-ttl`, the sandbox's own rule); null = long-term, as CME
   * documents the ticket: valid until revoked.
   */
  expiresAt: number | null;
  /** Epoch ms it was revoked (`POST /__sandbox/revoke`, standing in for the server API's login-state deletion). */
  revokedAt?: number;
}

/** The whole sandbox state; what `--data` persists. */
export interface SandboxState {
  version: 1;
  platforms: PlatformState[];
  tickets: TicketRecord[];
}

/** A fresh, empty state (platforms are added by `ensurePlatform`). */
export function emptyState(): SandboxState {
  return { version: 1, platforms: [], tickets: [] };
}

/** Random lower-case hex of `bytes` bytes. */
export function randomHex(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}

/** An 18-digit numeric ID, the shape CME uses for media IDs. */
export function numericId(): string {
  return (
    String(randomInt(1, 10)) +
    String(randomInt(0, 1e8)).padStart(8, '0') +
    randomInt(0, 1e9).toString().padStart(9, '0')
  );
}

/** ISO 8601 UTC time without milliseconds, as CME answers carry it. */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The state of a platform, or undefined when it has none yet. */
export function findPlatform(state: SandboxState, name: string): PlatformState | undefined {
  return state.platforms.find((p) => p.name === name);
}

/** Most tickets the state keeps; past it the oldest is forgotten (then answered like an unknown ticket). */
export const MAX_TICKETS = 10_000;

/** Why a ticket is not accepted at `nowMs`, or null when it is. */
export function ticketProblem(rec: TicketRecord, nowMs: number): 'revoked' | 'expired' | null {
  if (rec.revokedAt !== undefined) return 'revoked';
  if (rec.expiresAt !== null && rec.expiresAt <= nowMs) return 'expired';
  return null;
}

/** A ticket that is known, not revoked and not expired at `nowMs`, else undefined. */
export function findTicket(state: SandboxState, ticket: string, nowMs: number): TicketRecord | undefined {
  const rec = state.tickets.find((t) => t.ticket === ticket);
  return rec && ticketProblem(rec, nowMs) === null ? rec : undefined;
}

/**
 * Issues a fresh opaque ticket (`tf_` + 32 hex). Earlier tickets of the user stay valid (CME's docs say nothing of
 * a login ending an earlier ticket). `ttlSeconds` null = long-term.
 */
export function issueTicket(
  state: SandboxState,
  platform: string,
  userId: string,
  nowMs: number,
  ttlSeconds: number | null,
): TicketRecord {
  const rec: TicketRecord = {
    ticket: `tf_${randomHex(16)}`,
    platform,
    userId,
    issuedAt: nowMs,
    expiresAt: ttlSeconds === null ? null : nowMs + ttlSeconds * 1000,
  };
  state.tickets.push(rec);
  if (state.tickets.length > MAX_TICKETS) state.tickets.splice(0, state.tickets.length - MAX_TICKETS);
  return rec;
}

/** What to revoke: one ticket, or every ticket of a user on a platform. */
export type RevokeTarget = { ticket: string } | { platform: string; userId: string };

/** Revokes the tickets `target` names that are not revoked yet; returns how many. */
export function revokeTickets(state: SandboxState, target: RevokeTarget, nowMs: number): number {
  let count = 0;
  for (const t of state.tickets) {
    const hit =
      'ticket' in target
        ? t.ticket === target.ticket
        : t.platform === target.platform && t.userId === target.userId;
    if (hit && t.revokedAt === undefined) {
      t.revokedAt = nowMs;
      count += 1;
    }
  }
  return count;
}

/** True when `userId` is the person owner, or a member of the team owner. */
export function canAccess(p: PlatformState, userId: string, owner: Owner): boolean {
  if (owner.Type === 'PERSON') return owner.Id === userId;
  const team = p.teams.find((t) => t.TeamId === owner.Id);
  return team !== undefined && team.Members.some((m) => m.MemberId === userId);
}

/** True when two owners are the same. */
export function sameOwner(a: Owner, b: Owner): boolean {
  return a.Type === b.Type && a.Id === b.Id;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const PLATFORM_ARRAYS = [
  'users',
  'presetTags',
  'classes',
  'materials',
  'projects',
  'teams',
  'tasks',
  'uploads',
] as const;

/** Reads a state from JSON text; a problem string (never a throw) when it is not a sandbox state. */
export function parseState(text: string): SandboxState | string {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return `not valid JSON (${err instanceof Error ? err.message : String(err)})`;
  }
  if (!isRecord(json) || json.version !== 1) return 'not a sandbox state (expected "version": 1)';
  if (!Array.isArray(json.platforms) || !Array.isArray(json.tickets)) {
    return 'not a sandbox state (missing "platforms" or "tickets")';
  }
  for (const p of json.platforms) {
    if (!isRecord(p) || typeof p.name !== 'string' || typeof p.appId !== 'number') {
      return 'a platform entry has no name or appId';
    }
    if (typeof p.nextClassId !== 'number') return `platform ${p.name} has no nextClassId`;
    for (const key of PLATFORM_ARRAYS) {
      if (!Array.isArray(p[key])) return `platform ${p.name} has no "${key}" list`;
    }
  }
  return json as unknown as SandboxState;
}

/** Loads the state from a file: null when the file does not exist, a problem string when it is unreadable. */
export function loadState(file: string): SandboxState | null | string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if (isRecord(err) && err.code === 'ENOENT') return null;
    return `cannot read ${file}: ${err instanceof Error ? err.message : String(err)}`;
  }
  const parsed = parseState(text);
  return typeof parsed === 'string' ? `${file}: ${parsed}` : parsed;
}

/** Writes the state atomically: a temp file in the same folder, then a rename over the target. */
export function saveState(file: string, state: SandboxState): void {
  const tmp = join(dirname(file), `.${basename(file)}.${process.pid}.${randomHex(4)}.tmp`);
  try {
    writeFileSync(tmp, JSON.stringify(state, null, 2) + '\n', 'utf8');
    renameSync(tmp, file);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}
