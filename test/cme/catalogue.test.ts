import { describe, expect, it } from 'vitest';
import {
  bodyTemplate,
  checkBody,
  checkCall,
  docLink,
  findAction,
  isKnownParamType,
  listActions,
  searchActions,
} from '../../lib/cme/catalogue';
import type { CatalogueEntry, ParamFinding } from '../../lib/cme/types';

function entry(actionClass: string, action: string): CatalogueEntry {
  const found = findAction(actionClass, action);
  if (!found) throw new Error(`fixture: ${actionClass}/${action} not catalogued`);
  return found;
}

/** The parts of findings a table row asserts on (messages are checked separately). */
function brief(findings: ParamFinding[]): string[] {
  return findings.map(
    (f) => `${f.problem}:${f.param}${f.expected ? `:${f.expected}` : ''}${f.got ? `:${f.got}` : ''}`,
  );
}

const owner = (overrides: Record<string, unknown> = {}) => ({ Type: 'PERSON', Id: 'user-1', ...overrides });
const listMediaBody = (overrides: Record<string, unknown> = {}) => ({
  Platform: 'demo',
  ClassId: 0,
  Owner: owner(),
  ...overrides,
});

describe('catalogue data', () => {
  const all = listActions();

  it('holds 32 documented entries and 1 undocumented (SearchResource)', () => {
    expect(all).toHaveLength(33);
    expect(all.filter((e) => e.documented)).toHaveLength(32);
    expect(all.filter((e) => !e.documented).map((e) => e.action)).toEqual(['SearchResource']);
  });

  it('has unique paths of the form /<ActionClass>/<Action>', () => {
    expect(new Set(all.map((e) => e.path)).size).toBe(all.length);
    for (const e of all) expect(e.path).toBe(`/${e.actionClass}/${e.action}`);
  });

  it('uses only parameter types checkBody understands', () => {
    const unknown = all.flatMap((e) => e.params.filter((p) => !isKnownParamType(p.type)).map((p) => p.type));
    expect(unknown).toEqual([]);
  });

  it('rejects type spellings it does not know', () => {
    expect(isKnownParamType('Array of Nonsense')).toBe(false);
    expect(isKnownParamType('constructor')).toBe(false);
    expect(isKnownParamType('Array')).toBe(true);
  });

  it('gives every entry titles, a doc link when documented, and unique param names', () => {
    for (const e of all) {
      expect(e.titleZh, e.action).not.toBe('');
      expect(e.titleEn, e.action).not.toBe('');
      expect(new Set(e.params.map((p) => p.name)).size, e.action).toBe(e.params.length);
      if (e.documented)
        expect(docLink(e)).toMatch(/^https:\/\/cloud\.tencent\.com\/document\/product\/1156\/\d+$/);
      else expect(docLink(e)).toBeNull();
    }
  });

  it('returns a fresh array from listActions', () => {
    listActions().pop();
    expect(listActions()).toHaveLength(33);
  });
});

describe('findAction', () => {
  it.each([
    ['Material', 'DeleteMaterial', '/Material/DeleteMaterial'],
    ['material', 'deletematerial', '/Material/DeleteMaterial'],
    ['PROJECT', 'SearchProject', '/Project/SearchProject'],
  ])('%s/%s → %s', (cls, action, path) => {
    expect(findAction(cls, action)?.path).toBe(path);
  });

  it('returns undefined for an action not in the catalogue', () => {
    expect(findAction('Material', 'Nope')).toBeUndefined();
    expect(findAction('Team', 'DeleteMaterial')).toBeUndefined();
  });
});

describe('checkBody', () => {
  it.each<[string, string, string, unknown, string[]]>([
    ['valid ListMedia', 'Material', 'ListMedia', listMediaBody(), []],
    ['valid with optionals', 'Material', 'ListMedia', listMediaBody({ Offset: 0, Limit: 30 }), []],
    ['null body', 'Material', 'ListMedia', null, ['not-object::object:null']],
    ['array body', 'Material', 'ListMedia', [], ['not-object::object:array']],
    ['string body', 'Material', 'DeleteMaterial', '{"MaterialId":"m"}', ['not-object::object:string']],
    ['absent body', 'Team', 'DescribeJoinTeams', undefined, ['not-object::object:undefined']],
    [
      'all required missing',
      'Material',
      'ListMedia',
      {},
      ['missing:Platform:String', 'missing:ClassId:Integer', 'missing:Owner:Entity'],
    ],
    [
      'Integer given a float',
      'Material',
      'ListMedia',
      listMediaBody({ ClassId: 1.5 }),
      ['type:ClassId:Integer:float'],
    ],
    [
      'Integer given a string',
      'Material',
      'ListMedia',
      listMediaBody({ ClassId: '3' }),
      ['type:ClassId:Integer:string'],
    ],
    [
      'optional Integer mistyped',
      'Material',
      'ListMedia',
      listMediaBody({ Limit: '20' }),
      ['type:Limit:Integer:string'],
    ],
    ['null value', 'Material', 'ListMedia', listMediaBody({ Platform: null }), ['type:Platform:String:null']],
    [
      'Float accepts integers and fractions',
      'Material',
      'DescribeMaterialSubtitle',
      { MaterialId: 'm', StartTimeOffset: 0, EndTimeOffset: 12.5 },
      [],
    ],
    [
      'Float given a string',
      'Material',
      'DescribeMaterialSubtitle',
      { MaterialId: 'm', StartTimeOffset: '0', EndTimeOffset: 1 },
      ['type:StartTimeOffset:Float:string'],
    ],
    [
      'Boolean given a number',
      'Material',
      'DescribeClass',
      { Platform: 'p', Owner: owner(), FirstLevel: 1 },
      ['type:FirstLevel:Boolean:integer'],
    ],
    [
      'Array of String given a string',
      'Material',
      'DescribeMaterials',
      { MaterialIds: 'm1' },
      ['type:MaterialIds:Array of String:string'],
    ],
    [
      'Array of String element types',
      'Material',
      'DescribeMaterials',
      { MaterialIds: ['m1', 2, null] },
      ['type:MaterialIds[1]:String:integer', 'type:MaterialIds[2]:String:null'],
    ],
    [
      'Entity not an object',
      'Material',
      'ListMedia',
      listMediaBody({ Owner: 'user-1' }),
      ['type:Owner:Entity:string'],
    ],
    ['Entity as array', 'Material', 'ListMedia', listMediaBody({ Owner: [] }), ['type:Owner:Entity:array']],
    [
      'Entity without Id',
      'Material',
      'ListMedia',
      listMediaBody({ Owner: { Type: 'TEAM' } }),
      ['missing:Owner.Id:String'],
    ],
    [
      'Entity without Type and Id',
      'Material',
      'ListMedia',
      listMediaBody({ Owner: {} }),
      ['missing:Owner.Type:String', 'missing:Owner.Id:String'],
    ],
    [
      'Entity Id as number',
      'Material',
      'ListMedia',
      listMediaBody({ Owner: owner({ Id: 7 }) }),
      ['type:Owner.Id:String:integer'],
    ],
    [
      'SortBy checked as a structure',
      'Project',
      'DescribeProjects',
      { Sort: { Field: 'CreateTime', Order: 1 } },
      ['type:Sort.Order:String:integer'],
    ],
    ['SortBy as string', 'Project', 'SearchProject', { Sort: 'CreateTime' }, ['type:Sort:SortBy:string']],
    [
      'IntegerRange bounds must be integers',
      'Material',
      'SearchMaterial',
      { SearchScopes: [], DurationRange: { LowerBound: 0.5, UpperBound: 10 } },
      ['type:DurationRange.LowerBound:Integer:float'],
    ],
    [
      'Array of SearchScope elements are structures with an Entity owner',
      'Material',
      'SearchMaterial',
      { SearchScopes: [{ Owner: { Type: 'PERSON' } }, 'x'] },
      ['missing:SearchScopes[0].Owner.Id:String', 'type:SearchScopes[1]:SearchScope:string'],
    ],
    [
      'bare Array accepts any elements',
      'Material',
      'SearchResource',
      { Tags: [1, 'a', {}], Sort: { Field: 'CreateTime' } },
      [],
    ],
    ['bare Array given an object', 'Material', 'SearchResource', { Tags: {} }, ['type:Tags:Array:object']],
    ['Object given an array', 'Material', 'SearchResource', { Sort: [] }, ['type:Sort:Object:array']],
  ])('%s', (_name, cls, action, body, expected) => {
    expect(brief(checkBody(entry(cls, action), body, { ignoreUnknown: true }))).toEqual(expected);
  });

  it('names the parameter and its type in messages', () => {
    const e = entry('Material', 'ListMedia');
    expect(checkBody(e, listMediaBody({ ClassId: undefined })).map((f) => f.message)).toEqual([
      'Missing required parameter "ClassId" (Integer)',
    ]);
    expect(checkBody(e, listMediaBody({ ClassId: 1.5 }))[0]?.message).toBe(
      'Parameter "ClassId" should be Integer, got float 1.5',
    );
    expect(checkBody(e, null)[0]?.message).toBe('Request body should be a JSON object, got null');
  });

  it('reports unknown parameters unless asked not to, suggesting a case fix', () => {
    const e = entry('Material', 'DeleteMaterial');
    const body = { MaterialId: 'm', materialid: 'm', Extra: 1 };
    const findings = checkBody(e, body);
    expect(brief(findings)).toEqual(['unknown:materialid', 'unknown:Extra']);
    expect(findings[0]?.message).toBe(
      'Unknown parameter "materialid" for /Material/DeleteMaterial (did you mean "MaterialId"?)',
    );
    expect(findings[1]?.message).toBe('Unknown parameter "Extra" for /Material/DeleteMaterial');
    expect(checkBody(e, body, { ignoreUnknown: true })).toEqual([]);
  });

  it('does not treat inherited names as parameters', () => {
    const e = entry('Material', 'DeleteMaterial');
    expect(brief(checkBody(e, { MaterialId: 'm', constructor: 1 }))).toEqual(['unknown:constructor']);
    expect(brief(checkBody(e, Object.create({ MaterialId: 'm' })))).toEqual(['not-object::object:object']);
  });
});

describe('bodyTemplate', () => {
  const ctx = { platform: 'demo-platform', userId: 'user-42' };

  it.each(listActions().map((e) => [e.path, e] as const))('%s: template passes checkBody', (_path, e) => {
    expect(checkBody(e, bodyTemplate(e))).toEqual([]);
    expect(checkBody(e, bodyTemplate(e, ctx))).toEqual([]);
    const full = bodyTemplate(e, ctx, { includeOptional: true });
    expect(checkBody(e, full)).toEqual([]);
    expect(Object.keys(full)).toEqual(e.params.map((p) => p.name));
    expect(Object.keys(bodyTemplate(e, ctx))).toEqual(e.params.filter((p) => p.required).map((p) => p.name));
  });

  it('fills identity and typed placeholders', () => {
    expect(bodyTemplate(entry('Material', 'ListMedia'), ctx)).toEqual({
      Platform: 'demo-platform',
      ClassId: 0,
      Owner: { Type: 'PERSON', Id: 'user-42' },
    });
    expect(bodyTemplate(entry('Material', 'ListMedia'))).toEqual({
      Platform: '',
      ClassId: 0,
      Owner: { Type: 'PERSON', Id: '' },
    });
  });

  it('includes optional parameters on request, through either argument', () => {
    const e = entry('Material', 'SearchMaterial');
    const viaOpts = bodyTemplate(e, ctx, { includeOptional: true });
    expect(bodyTemplate(e, { ...ctx, includeOptional: true })).toEqual(viaOpts);
    expect(viaOpts).toMatchObject({
      SearchScopes: [
        {
          Platform: 'demo-platform',
          Owner: { Type: 'PERSON', Id: 'user-42' },
          ClassId: 0,
          SearchOneDepth: false,
        },
      ],
      MaterialTypes: [],
      Text: '',
      DurationRange: { LowerBound: 0, UpperBound: 0 },
      CreateTimeRange: { StartTime: '', EndTime: '' },
      Sort: { Field: 'CreateTime', Order: 'Desc' },
      Offset: 0,
      Limit: 20,
    });
    expect(bodyTemplate(entry('Material', 'DescribeClass'), ctx, { includeOptional: true })).toMatchObject({
      FirstLevel: false,
    });
    expect(bodyTemplate(entry('Material', 'AddMaterialFrameTag'))).toMatchObject({
      StartTimeOffset: 0,
      Tags: [],
    });
  });

  it('returns a fresh object each time', () => {
    const e = entry('Material', 'ListMedia');
    const a = bodyTemplate(e, ctx);
    (a.Owner as Record<string, unknown>).Id = 'changed';
    expect(bodyTemplate(e, ctx).Owner).toEqual({ Type: 'PERSON', Id: 'user-42' });
  });

  it('yields exactly one missing finding when a required parameter is dropped', () => {
    for (const e of listActions()) {
      for (const p of e.params.filter((q) => q.required)) {
        const body = bodyTemplate(e, ctx);
        delete body[p.name];
        expect(brief(checkBody(e, body)), `${e.path} ${p.name}`).toEqual([`missing:${p.name}:${p.type}`]);
      }
    }
  });
});

describe('checkCall', () => {
  it('checks a catalogued, documented action', () => {
    expect(checkCall('Material', 'DeleteMaterial', {})).toEqual({
      catalogued: true,
      documented: true,
      findings: [
        {
          param: 'MaterialId',
          problem: 'missing',
          expected: 'String',
          message: 'Missing required parameter "MaterialId" (String)',
        },
      ],
    });
  });

  it('flags the undocumented action as catalogued but not documented', () => {
    expect(checkCall('Material', 'SearchResource', { Text: 'x' })).toEqual({
      catalogued: true,
      documented: false,
      findings: [],
    });
  });

  it.each([
    ['Material', 'NoSuchAction'],
    ['material', 'deletematerial'],
  ])('gives no findings for an uncatalogued %s/%s', (cls, action) => {
    expect(checkCall(cls, action, null)).toEqual({ catalogued: false, documented: false, findings: [] });
  });

  it('passes ignoreUnknown through', () => {
    const body = { MaterialId: 'm', Platform: 'p' };
    expect(checkCall('Material', 'DeleteMaterial', body).findings.map((f) => f.problem)).toEqual(['unknown']);
    expect(checkCall('Material', 'DeleteMaterial', body, { ignoreUnknown: true }).findings).toEqual([]);
  });
});

describe('searchActions', () => {
  const paths = (q: string) => searchActions(q).map((e) => e.path);

  it.each([
    ['删除媒体', '/Material/DeleteMaterial'],
    ['Delete media', '/Material/DeleteMaterial'],
    ['delete MEDIA', '/Material/DeleteMaterial'],
    ['SearchProject', '/Project/SearchProject'],
    ['frametag', '/Material/AddMaterialFrameTag'],
    ['/Task/DeleteTask', '/Task/DeleteTask'],
    ['joined teams', '/Team/DescribeJoinTeams'],
    ['人脸', '/Material/DescribeFaceInMaterial'],
  ])('%s → first %s', (q, first) => {
    expect(paths(q)[0]).toBe(first);
  });

  it('requires every word to match somewhere', () => {
    expect(paths('delete project')).toEqual(['/Project/DeleteProject', '/Project/DeleteMaterialFromProject']);
    expect(paths('zzz-not-there')).toEqual([]);
  });

  it('finds every action of a class by class name', () => {
    expect(paths('task')).toEqual(expect.arrayContaining(['/Task/DescribeTasks', '/Task/DeleteTask']));
    expect(paths('Team')).toEqual(['/Team/DescribeTeams', '/Team/DescribeJoinTeams']);
  });

  it('matches action name fragments', () => {
    const found = paths('describe');
    expect(found).toHaveLength(listActions().filter((e) => e.action.startsWith('Describe')).length);
    expect(found.every((p) => p.includes('/Describe'))).toBe(true);
  });

  it('ranks a match in the action name before one only in a title', () => {
    const found = paths('media');
    expect(found[0]).toBe('/Material/ListMedia');
    expect(found).toContain('/Material/DeleteMaterial');
  });

  it('ranks exact names and titles first, ties in catalogue order', () => {
    expect(paths('describeteams')[0]).toBe('/Team/DescribeTeams');
    expect(paths('class')).toEqual([
      '/Material/CreateClass',
      '/Material/DeleteClass',
      '/Material/DescribeClass',
      '/Material/ModifyClass',
    ]);
  });

  it('returns the whole catalogue for a blank query', () => {
    expect(searchActions('  ')).toEqual(listActions());
  });
});
