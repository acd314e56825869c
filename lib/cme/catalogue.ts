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

function checkValue(value: unknown, type: string, path: string, out: ParamFinding[]): void {
  const element = arrayElement(type);
  if (element !== undefined) {
    if (!Array.isArray(value)) out.push(typeFinding(path, type, value));
    else if (element !== null) value.forEach((v: unknown, i) => checkValue(v, element, `${path}[${i}]`, out));
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
  for (const [name, spec] of Object.entries(fields)) {
    const v = value[name];
    if (v === undefined) {
      if (spec.required) out.push(missingFinding(`${path}.${name}`, spec.type));
    } else checkValue(v, spec.type, `${path}.${name}`, out);
  }
}

/** What is wrong with a request body for an action: missing, mistyped and (optionally) unknown parameters. */
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
  for (const p of entry.params) {
    const value = body[p.name];
    if (value === undefined) {
      if (p.required) findings.push(missingFinding(p.name, p.type));
    } else checkValue(value, p.type, p.name, findings);
  }
  if (opts.ignoreUnknown) return findings;
  const known = new Map(entry.params.map((p) => [p.name.toLowerCase(), p.name]));
  for (const key of Object.keys(body)) {
    if (entry.params.some((p) => p.name === key)) continue;
    const near = known.get(key.toLowerCase());
    const hint = near ? ` (did you mean "${near}"?)` : '';
    const message = `Unknown parameter "${key}" for ${entry.path}${hint}`;
    findings.push({ param: key, problem: 'unknown', message });
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
