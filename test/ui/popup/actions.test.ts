import { describe, expect, it } from 'vitest';
import { listActions } from '../../../lib/cme/catalogue';
import {
  catalogued,
  choicePath,
  groupActions,
  parseActionPath,
  pickerOptions,
} from '../../../lib/ui/popup/actions';

describe('parseActionPath', () => {
  it.each([
    ['Material/DeleteMaterial', { actionClass: 'Material', action: 'DeleteMaterial' }],
    ['/Team/DescribeTeams', { actionClass: 'Team', action: 'DescribeTeams' }],
    ['/PaaS/Foo/Bar_2', { actionClass: 'Foo', action: 'Bar_2' }],
    ['  Foo/Bar  ', { actionClass: 'Foo', action: 'Bar' }],
    ['Foo', null],
    ['Foo/Bar/Baz', null],
    ['Foo/1Bar', null],
    ['Foo/', null],
    ['Fo o/Bar', null],
  ])('%j → %j', (text, want) => {
    expect(parseActionPath(text)).toEqual(want);
  });
});

describe('pickerOptions', () => {
  it('lists every catalogued action grouped by class for an empty query', () => {
    const { groups, custom, flat } = pickerOptions('');
    expect(custom).toBeNull();
    expect(flat).toHaveLength(listActions().length);
    expect(groups.map((g) => g.actionClass)).toEqual([...new Set(listActions().map((e) => e.actionClass))]);
    expect(groups).toHaveLength(4);
    for (const g of groups) expect(g.entries.every((e) => e.actionClass === g.actionClass)).toBe(true);
  });

  it.each([
    ['deletematerial', 'Material/DeleteMaterial'],
    ['删除媒体', 'Material/DeleteMaterial'],
    ['delete media', 'Material/DeleteMaterial'],
    ['查询分类', 'Material/DescribeClass'],
    ['Material/DescribeClass', 'Material/DescribeClass'],
  ])('finds %j first', (query, path) => {
    const first = pickerOptions(query).flat[0];
    expect(first && choicePath(first)).toBe(path);
  });

  it('offers a typed Class/Action that is not catalogued, after the matches', () => {
    const { custom, flat } = pickerOptions('Material/DoSomethingNew');
    expect(custom).toEqual({ actionClass: 'Material', action: 'DoSomethingNew' });
    expect(flat.at(-1)).toEqual({ kind: 'custom', actionClass: 'Material', action: 'DoSomethingNew' });
  });

  it('treats a mis-cased path as not catalogued (the server is case-sensitive)', () => {
    expect(pickerOptions('material/deletematerial').custom).toEqual({
      actionClass: 'material',
      action: 'deletematerial',
    });
    expect(catalogued('material', 'deletematerial')).toBeUndefined();
    expect(catalogued('Material', 'DeleteMaterial')?.path).toBe('/Material/DeleteMaterial');
  });

  it('finds nothing for a query matching no action', () => {
    expect(pickerOptions('zzzz-nothing')).toEqual({ groups: [], custom: null, flat: [] });
  });
});

describe('groupActions', () => {
  it('keeps classes in the order of their first entry', () => {
    const byName = (n: string) => listActions().find((e) => e.action === n)!;
    const groups = groupActions([
      byName('DescribeTeams'),
      byName('DeleteMaterial'),
      byName('DescribeJoinTeams'),
    ]);
    expect(groups.map((g) => [g.actionClass, g.entries.map((e) => e.action)])).toEqual([
      ['Team', ['DescribeTeams', 'DescribeJoinTeams']],
      ['Material', ['DeleteMaterial']],
    ]);
  });
});
