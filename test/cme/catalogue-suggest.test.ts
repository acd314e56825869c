/**
 * Unknown parameters and the documented spelling they likely meant: CME answers a call with an unknown
 * parameter as if it were absent, so a mis-cased `taskId` shows only as a missing `TaskId` (or not at all
 * when it is optional). Only the catalogue check can say it.
 */
import { describe, expect, it } from 'vitest';
import { checkBody, checkCall, findAction, suggestName } from '../../lib/cme/catalogue';
import type { CatalogueEntry, ParamFinding } from '../../lib/cme/types';

function entry(actionClass: string, action: string): CatalogueEntry {
  const found = findAction(actionClass, action);
  if (!found) throw new Error(`fixture: ${actionClass}/${action} not catalogued`);
  return found;
}

const unknowns = (findings: ParamFinding[]) =>
  findings.filter((f) => f.problem === 'unknown').map((f) => [f.param, f.suggestion]);

const listMedia = entry('Material', 'ListMedia');
const listMediaBody = (extra: Record<string, unknown> = {}) => ({
  Platform: 'p',
  ClassId: 0,
  Owner: { Type: 'PERSON', Id: 'u' },
  ...extra,
});

describe('unknown parameters: suggestions', () => {
  it('suggests the documented parameter that differs only in case', () => {
    const findings = checkBody(entry('Task', 'DeleteTask'), { taskId: 't-1' });
    // CME would answer "TaskId missing"; the check says why.
    expect(findings.map((f) => `${f.problem}:${f.param}`)).toEqual(['missing:TaskId', 'unknown:taskId']);
    expect(findings[1]).toEqual({
      param: 'taskId',
      problem: 'unknown',
      suggestion: 'TaskId',
      message: 'Unknown parameter "taskId" for /Task/DeleteTask (did you mean "TaskId"?)',
    });
    expect(unknowns(checkBody(entry('Task', 'DescribeTasks'), { TASKIDS: [] }))).toEqual([
      ['TASKIDS', 'TaskIds'],
    ]);
  });

  it.each([
    ['MaterailId', 'MaterialId'], // two neighbours swapped: 1 edit
    ['MatrialId', 'MaterialId'], // a letter dropped
    ['MaterialIds', 'MaterialId'], // a letter added
    ['MatrialIdd', 'MaterialId'], // 2 edits, for a name of 6 or more
    ['material_id_x', undefined], // 3 edits (case ignored): too far
  ])('%s → %s (DeleteMaterial)', (key, want) => {
    expect(unknowns(checkBody(entry('Material', 'DeleteMaterial'), { MaterialId: 'm', [key]: 1 }))).toEqual([
      [key, want],
    ]);
  });

  it('allows fewer edits for short documented names: 1 for 4 or 5 letters, a case fix only under 4', () => {
    const names = ['Tags', 'Name', 'Id', 'ClassPath'];
    expect(suggestName('Tag', names)).toBe('Tags');
    expect(suggestName('Nmae', names)).toBe('Name');
    expect(suggestName('Nm', names)).toBeUndefined(); // 2 edits from Name
    expect(suggestName('ID', names)).toBe('Id');
    expect(suggestName('Ix', names)).toBeUndefined();
    expect(suggestName('ClasPth', names)).toBe('ClassPath');
  });

  it.each(['Extra', 'callback', 'Foo', 'RequestId', '', 'x'.repeat(10)])(
    'suggests nothing for an unrelated name (%s)',
    (key) => {
      const findings = checkBody(entry('Material', 'DeleteMaterial'), { MaterialId: 'm', [key]: 1 });
      expect(unknowns(findings)).toEqual([[key, undefined]]);
      expect(findings[0]).not.toHaveProperty('suggestion');
      expect(findings[0]?.message).toBe(`Unknown parameter "${key}" for /Material/DeleteMaterial`);
    },
  );

  it('suggests nothing when two documented names are equally near (a tie)', () => {
    // Authorizer and Authorizee are both one edit from Authorize.
    const shared = entry('Material', 'SearchSharedMaterial');
    expect(shared.params.map((p) => p.name)).toEqual(expect.arrayContaining(['Authorizer', 'Authorizee']));
    expect(unknowns(checkBody(shared, { Authorize: {} }))).toEqual([['Authorize', undefined]]);
    expect(suggestName('ClassIdz', ['ClassId', 'ClassIds'])).toBeUndefined();
    // The nearer one wins when they are not equally near.
    expect(suggestName('ClassIdss', ['ClassId', 'ClassIds'])).toBe('ClassIds');
    // A case match beats any typo match.
    expect(suggestName('classids', ['ClassId', 'ClassIds'])).toBe('ClassIds');
  });

  it('reports nothing unknown for an empty body', () => {
    expect(unknowns(checkBody(entry('Task', 'DeleteTask'), {}))).toEqual([]);
    expect(checkBody(entry('Team', 'DescribeTeams'), {})).toEqual([]);
  });

  it('suggests inside the structures the catalogue documents, with the whole path', () => {
    const body = listMediaBody({ Owner: { type: 'PERSON', Id: 'u', Idd: 1 } });
    expect(unknowns(checkBody(listMedia, body))).toEqual([
      ['Owner.type', 'Owner.Type'],
      ['Owner.Idd', undefined],
    ]);
    expect(checkBody(listMedia, body).find((f) => f.param === 'Owner.type')?.message).toBe(
      'Unknown parameter "Owner.type" for /Material/ListMedia (did you mean "Owner.Type"?)',
    );
    const search = entry('Material', 'SearchMaterial');
    const scopes = [
      { Owner: { Type: 'PERSON', Id: 'u' } },
      { Owner: { Type: 'PERSON', iD: 'u' }, ClasId: 1 },
    ];
    expect(unknowns(checkBody(search, { SearchScopes: scopes }))).toEqual([
      ['SearchScopes[1].Owner.iD', 'SearchScopes[1].Owner.Id'],
      ['SearchScopes[1].ClasId', 'SearchScopes[1].ClassId'],
    ]);
    // Nested unknowns follow ignoreUnknown like top-level ones (the sandbox's check).
    expect(unknowns(checkBody(listMedia, body, { ignoreUnknown: true }))).toEqual([]);
  });

  it('says nothing of keys inside structures documented as any object', () => {
    const e = entry('Material', 'ListMedia');
    const anyObject = e.params.find((p) => p.type === 'Object');
    if (anyObject) {
      expect(unknowns(checkBody(e, listMediaBody({ [anyObject.name]: { anything: 1 } })))).toEqual([]);
    }
    // checkCall carries the same findings for a catalogued call.
    expect(unknowns(checkCall('Task', 'DeleteTask', { taskId: 'x' }).findings)).toEqual([
      ['taskId', 'TaskId'],
    ]);
  });
});

describe('unknown parameters: bounded work', () => {
  it('checks a body of 10,000 keys, each unknown', () => {
    // Its time is not asserted here (a shared 2-core machine's timings belong to the benchmark); a
    // quadratic walk would still show as this test timing out.
    const body: Record<string, unknown> = listMediaBody();
    for (let i = 0; i < 10_000; i++) body[`key${i}`] = i;
    body.platfrom = 'p'; // one real typo among them
    const findings = checkBody(listMedia, body);
    expect(findings).toHaveLength(10_001);
    expect(findings.every((f) => f.problem === 'unknown')).toBe(true);
    expect(findings.filter((f) => f.suggestion !== undefined).map((f) => [f.param, f.suggestion])).toEqual([
      ['platfrom', 'Platform'],
    ]);
  });

  it('compares a huge key with no documented name (lengths too far apart)', () => {
    // (A full edit-distance table of a million-letter key would time this test out.)
    const key = `TaskId${'x'.repeat(1_000_000)}`;
    expect(unknowns(checkBody(entry('Task', 'DeleteTask'), { TaskId: 't', [key]: 1 }))).toEqual([
      [key, undefined],
    ]);
  });

  it('does not follow data nesting beyond the documented structures', () => {
    // 100,000 levels under an unknown key and inside Owner: the walk follows the catalogue's types only.
    let deep: Record<string, unknown> = {};
    for (let i = 0; i < 100_000; i++) deep = { Type: deep };
    const findings = checkBody(listMedia, listMediaBody({ Deep: deep, Owner: { Type: deep, Id: 'u' } }));
    expect(findings.map((f) => `${f.problem}:${f.param}`)).toEqual(['type:Owner.Type', 'unknown:Deep']);
  });

  it('walks a long array of documented structures once', () => {
    const search = entry('Material', 'SearchMaterial');
    const scopes = Array.from({ length: 10_000 }, () => ({ Owner: { Type: 'PERSON', Id: 'u' }, owner: 1 }));
    const findings = checkBody(search, { SearchScopes: scopes });
    expect(findings).toHaveLength(10_000);
    expect(findings[9_999]).toMatchObject({
      param: 'SearchScopes[9999].owner',
      suggestion: 'SearchScopes[9999].Owner',
    });
  });
});
