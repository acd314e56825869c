/**
 * The client API catalogue as logic: look-up, search, body templates and the parameter check the popup, the panel,
 * the CLI and the sandbox share. Pure: no browser, no Node built-ins.
 */
import { CATALOGUE } from './catalogue-data';
import type { CatalogueCheck, CatalogueEntry, ParamFinding } from './types';

/** Identity and choices used to fill a body template. */
export interface TemplateContext {
  platform?: string;
  userId?: string;
  /** Also fill the optional parameters (default: required ones only). */
  includeOptional?: boolean;
}

/** How strict `checkBody` is. */
export interface CheckOptions {
  /** Do not report parameters the catalogue does not list (the sandbox ignores them; the popup warns). */
  ignoreUnknown?: boolean;
}

interface FieldSpec {
  type: string;
  required?: boolean;
  /** Placeholder for body templates when the type's default would be meaningless. */
  example?: unknown;
}

const SCALARS = new Set(['String', 'Integer', 'Float', 'Boolean']);

// Fields of the structured types, from the CME data-structure docs; an empty list means "any plain object"
// (the shape is not documented, or too open to check). A Map, so that names like "constructor" never match.
const STRUCTS = new Map<string, Record<string, FieldSpec>>([
  [
    'Entity',
    { Type: { type: 'String', required: true, example: 'PERSON' }, Id: { type: 'String', required: true } },
  ],
  [
    'SortBy',
    { Field: { type: 'String', example: 'CreateTime' }, Order: { type: 'String', example: 'Desc' } },
  ],
  ['IntegerRange', { LowerBound: { type: 'Integer' }, UpperBound: { type: 'Integer' } }],
  ['TimeRange', { StartTime: { type: 'String' }, EndTime: { type: 'String' } }],
  [
    'SearchScope',
    {
      Platform: { type: 'String' },
      Owner: { type: 'Entity' },
      ClassId: { type: 'Integer' },
      SearchOneDepth: { type: 'Boolean' },
    },
  ],
  ['FilterInfo', {}],
  ['SwitcherInfoForUpdate', {}],
  ['StreamConnectInfoForUpdate', {}],
  ['Object', {}],
]);

/** `Array of X` → X, bare `Array` → null (elements unchecked), anything else → undefined. */
function arrayElement(type: string): string | null | undefined {
  if (type === 'Array') return null;
  return type.startsWith('Array of ') ? type.slice('Array of '.length) : undefined;
}

/** True when `checkBody` knows how to check a parameter of this catalogue type spelling. */
export function isKnownParamType(type: string): boolean {
  const element = arrayElement(type);
  if (element !== undefined) return element === null || isKnownParamType(element);
  return SCALARS.has(type) || STRUCTS.has(type);
}

/** Every catalogued action, in catalogue order (a fresh array). */
export function listActions(): CatalogueEntry[] {
  return CATALOGUE.slice();
}

/** The entry for an action: exact match first, then a case-insensitive one. */
export function findAction(actionClass: string, action: string): CatalogueEntry | undefined {
  const exact = CATALOGUE.find((e) => e.actionClass === actionClass && e.action === action);
  if (exact) return exact;
  const cls = actionClass.toLowerCase();
  const act = action.toLowerCase();
  return CATALOGUE.find((e) => e.actionClass.toLowerCase() === cls && e.action.toLowerCase() === act);
}

/** The official doc page of an action, or null for an undocumented one. */
export function docLink(entry: CatalogueEntry): string | null {
  return entry.docUrl;
}

function templateValue(type: string, name: string, ctx: TemplateContext, example?: unknown): unknown {
  if (example !== undefined) return example;
  const element = arrayElement(type);
  if (element !== undefined) {
    // One placeholder element when the element is a documented structure (e.g. a SearchScope), else empty.
    const fields = element === null ? undefined : STRUCTS.get(element);
    return element !== null && fields && Object.keys(fields).length > 0
      ? [templateValue(element, name, ctx)]
      : [];
  }
  switch (type) {
    case 'String':
      return name === 'Platform' ? (ctx.platform ?? '') : '';
    case 'Integer':
      // Limit 0 would ask for an empty page; 20 is within every action's documented maximum.
      return name === 'Limit' ? 20 : 0;
    case 'Float':
      return 0;
    case 'Boolean':
      return false;
    case 'Entity':
      return { Type: 'PERSON', Id: ctx.userId ?? '' };
  }
  const out: Record<string, unknown> = {};
  for (const [field, spec] of Object.entries(STRUCTS.get(type) ?? {})) {
    out[field] = templateValue(spec.type, field, ctx, spec.example);
  }
  return out;
}

/** A request body for an action with a placeholder of the right type for every (required) parameter. */
export function bodyTemplate(
  entry: CatalogueEntry,
  ctx: TemplateContext = {},
  opts: { includeOptional?: boolean } = {},
): Record<string, unknown> {
  const includeOptional = ctx.includeOptional === true || opts.includeOptional === true;
  const body: Record<string, unknown> = {};
  for (const p of entry.params) {
    if (p.required || includeOptional) body[p.name] = templateValue(p.type, p.name, ctx);
  }
  return body;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** The JSON type of a value as findings name it; numbers split into integer and float. */
function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') {
    if (Number.isInteger(value)) return 'integer';
    return Number.isFinite(value) ? 'float' : 'number';
  }
  return typeof value;
}

function scalarMatches(value: unknown, type: string): boolean {
  switch (type) {
    case 'String':
      return typeof value === 'string';
    case 'Integer':
      return Number.isInteger(value);
    case 'Float':
      return typeof value === 'number' && Number.isFinite(value);
    default:
      return typeof value === 'boolean';
  }
}

function typeFinding(param: string, expected: string, value: unknown): ParamFinding {
  const got = jsonType(value);
  const shown = got === 'float' || got === 'integer' ? `${got} ${String(value)}` : got;
  const message = `Parameter "${param}" should be ${expected}, got ${shown}`;
  return { param, problem: 'type', expected, got, message };
}

function missingFinding(param: string, expected: string): ParamFinding {
  return {
    param,
    problem: 'missing',
    expected,
    message: `Missing required parameter "${param}" (${expected})`,
  };
}

// How deep `checkValue` follows a body into documented structures. The structures nest at most three deep
// (a SearchScope's Owner is an Entity) and the walk follows the catalogue's types, not the data, so this
// bound is never reached today; it keeps the walk bounded should a structure ever refer to itself.
const MAX_CHECK_DEPTH = 8;

// A suggestion for an unknown name: the documented name that matches it case-insensitively, else the one
// within a small Damerau-Levenshtein distance (optimal string alignment: insert, delete, substitute, swap
// two neighbours; case ignored). How many edits a documented name allows depends on its own length (what
// the developer meant to type): up to 2 for 6 characters or more, 1 for 4 or 5, none (a case fix only) under
// 4. The documented names are CamelCase words (MaterialId, ClassPath, SearchScopes) where two slips are
// common (`MaterailIds`); but two edits turn a 4- or 5-letter name into another word (`Sort` ↔ `Port`,
// `Name` ↔ `Game` are 1, `Text` ↔ `Next` 1, `Tags` ↔ `Type` 3), and `Id`, `Ids` are one edit from
// anything short. A tie between two documented names at the same distance (`Authorize`: Authorizer or
// Authorizee) gives no suggestion: a guess that may be wrong is worse than none.
const SUGGEST_MIN_LENGTH = 4;
const SUGGEST_WIDE_LENGTH = 6;

/** How many edits away from a documented name an unknown one may be to be suggested it. */
function allowedEdits(documented: string): number {
  if (documented.length < SUGGEST_MIN_LENGTH) return 0;
  return documented.length < SUGGEST_WIDE_LENGTH ? 1 : 2;
}

/**
 * Damerau-Levenshtein distance (optimal string alignment) between two strings, or `max + 1` as soon as it
 * is known to exceed `max`. The caller keeps both short: at most `max` apart in length, one a documented name.
 */
function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let before = new Array<number>(b.length + 1).fill(0);
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = new Array<number>(b.length + 1).fill(0);
    row[0] = i;
    let best = row[0];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d = Math.min(d, before[j - 2]! + 1);
      row[j] = d;
      if (d < best) best = d;
    }
    if (best > max) return max + 1;
    before = prev;
    prev = row;
  }
  return prev[b.length]!;
}

/**
 * The documented name an unknown name most likely meant: a case-insensitive match, else the one nearest
 * within the edits its length allows; undefined when none is likely or two are equally near. Work is
 * bounded by the documented names (each comparison is skipped when the lengths differ too much).
 */
export function suggestName(name: string, documented: readonly string[]): string | undefined {
  const lower = name.toLowerCase();
  const sameCase = documented.find((d) => d !== name && d.toLowerCase() === lower);
  if (sameCase !== undefined) return sameCase;
  let found: string | undefined;
  let foundDistance = Infinity;
  let tie = false;
  for (const d of documented) {
    const max = allowedEdits(d);
    if (max === 0 || Math.abs(d.length - name.length) > max) continue;
    const distance = editDistance(lower, d.toLowerCase(), max);
    if (distance > max) continue;
    if (distance < foundDistance) {
      found = d;
      foundDistance = distance;
      tie = false;
    } else if (distance === foundDistance) tie = true;
  }
  return tie ? undefined : found;
}

// Suggestions already worked out, by the documented names' owner and the unknown name: a HAR repeats the
// same slips in thousands of calls, and each suggestion compares the name with every documented one.
const SUGGESTED = new Map<string, string | undefined>();
const SUGGESTED_MAX = 4096;

/** `suggestName`, remembered under `owner` (what the documented names belong to: an action's path). */
function suggestFor(owner: string, name: string, documented: readonly string[]): string | undefined {
  const key = `${owner}\u0000${name}`;
  if (SUGGESTED.has(key)) return SUGGESTED.get(key);
  const near = suggestName(name, documented);
  if (SUGGESTED.size >= SUGGESTED_MAX) SUGGESTED.clear();
  SUGGESTED.set(key, near);
  return near;
}

/** An unknown parameter at `path` (its name `name`), with the documented spelling it likely meant. */
function unknownFinding(
  path: string,
  name: string,
  documented: readonly string[],
  scope: string,
): ParamFinding {
  // The documented names are those of the object at `path` of the action `scope`.
  const near = suggestFor(`${scope}\u0000${path.slice(0, path.length - name.length)}`, name, documented);
  const suggestion = near === undefined ? undefined : `${path.slice(0, path.length - name.length)}${near}`;
  const hint = suggestion === undefined ? '' : ` (did you mean "${suggestion}"?)`;
  return {
    param: path,
    problem: 'unknown',
    ...(suggestion === undefined ? {} : { suggestion }),
    message: `Unknown parameter "${path}" for ${scope}${hint}`,
  };
}

/** Where `checkValue` is and what it reports. */
interface CheckScope {
  out: ParamFinding[];
  /** The action's path, for messages; null when unknown parameters are not reported. */
  unknownIn: string | null;
}

function checkValue(value: unknown, type: string, path: string, scope: CheckScope, depth: number): void {
  if (depth > MAX_CHECK_DEPTH) return;
  const { out } = scope;
  const element = arrayElement(type);
  if (element !== undefined) {
    if (!Array.isArray(value)) out.push(typeFinding(path, type, value));
    else if (element !== null) {
      for (let i = 0; i < value.length; i++) checkValue(value[i], element, `${path}[${i}]`, scope, depth + 1);
    }
    return;
  }
  if (SCALARS.has(type)) {
    if (!scalarMatches(value, type)) out.push(typeFinding(path, type, value));
    return;
  }
  const fields = STRUCTS.get(type);
  if (!fields) return; // a spelling we cannot check: say nothing rather than guess
  if (!isPlainObject(value)) {
    out.push(typeFinding(path, type, value));
    return;
  }
  const names = Object.keys(fields);
  for (const name of names) {
    const spec = fields[name]!;
    const v = value[name];
    if (v === undefined) {
      if (spec.required) out.push(missingFinding(`${path}.${name}`, spec.type));
    } else checkValue(v, spec.type, `${path}.${name}`, scope, depth + 1);
  }
  // An empty field list is "any object": every key is allowed there.
  if (scope.unknownIn === null || names.length === 0) return;
  for (const key of Object.keys(value)) {
    if (!Object.hasOwn(fields, key)) out.push(unknownFinding(`${path}.${key}`, key, names, scope.unknownIn));
  }
}

/**
 * What is wrong with a request body for an action: missing, mistyped and (optionally) unknown parameters, at
 * the top level and inside the structures the catalogue documents (`Owner.type`). An unknown one carries the
 * documented spelling it likely meant (`suggestion`). Work is linear in the body's keys and array elements.
 */
export function checkBody(entry: CatalogueEntry, body: unknown, opts: CheckOptions = {}): ParamFinding[] {
  if (!isPlainObject(body)) {
    const got = jsonType(body);
    const message =
      body === undefined
        ? 'Request body is missing; expected a JSON object'
        : `Request body should be a JSON object, got ${got}`;
    return [{ param: '', problem: 'not-object', expected: 'object', got, message }];
  }
  const findings: ParamFinding[] = [];
  const scope: CheckScope = { out: findings, unknownIn: opts.ignoreUnknown ? null : entry.path };
  for (const p of entry.params) {
    const value = body[p.name];
    if (value === undefined) {
      if (p.required) findings.push(missingFinding(p.name, p.type));
    } else checkValue(value, p.type, p.name, scope, 0);
  }
  if (opts.ignoreUnknown) return findings;
  const names = entry.params.map((p) => p.name);
  const known = new Set(names);
  for (const key of Object.keys(body)) {
    if (!known.has(key)) findings.push(unknownFinding(key, key, names, entry.path));
  }
  return findings;
}

/** The catalogue's word on a call: catalogued (exact name match), documented, findings on its body. */
export function checkCall(
  actionClass: string,
  action: string,
  body: unknown,
  opts: CheckOptions = {},
): CatalogueCheck {
  // Exact match only: the server's paths are case-sensitive, so a mis-cased call is not the catalogued one.
  const entry = CATALOGUE.find((e) => e.actionClass === actionClass && e.action === action);
  if (!entry) return { catalogued: false, documented: false, findings: [] };
  return { catalogued: true, documented: entry.documented, findings: checkBody(entry, body, opts) };
}

function fieldScore(field: string, token: string, weight: number): number {
  const f = field.toLowerCase();
  if (f === token) return weight * 4;
  if (f.startsWith(token)) return weight * 2;
  return f.includes(token) ? weight : 0;
}

/** Actions matching every word of a query (name, class, path, zh/en title), best matches first. */
export function searchActions(query: string): CatalogueEntry[] {
  const q = query.trim().toLowerCase();
  if (q === '') return listActions();
  const tokens = q.split(/\s+/);
  const scored: { entry: CatalogueEntry; score: number; index: number }[] = [];
  CATALOGUE.forEach((entry, index) => {
    let score = 0;
    for (const token of tokens) {
      const best = Math.max(
        fieldScore(entry.action, token, 10),
        fieldScore(entry.titleZh, token, 8),
        fieldScore(entry.titleEn, token, 8),
        fieldScore(entry.path, token, 6),
        fieldScore(entry.actionClass, token, 3),
      );
      if (best === 0) return;
      score += best;
    }
    const whole = [entry.action, entry.titleEn, entry.titleZh, entry.path].map((s) => s.toLowerCase());
    if (whole.includes(q)) score += 100;
    scored.push({ entry, score, index });
  });
  scored.sort((a, b) => b.score - a.score || a.index - b.index);
  return scored.map((s) => s.entry);
}
