/** Suggestions of the filter box: keys first for a bare word, then the tab's values, with the range replaced. */
import { describe, expect, it } from 'vitest';
import { facetsOf } from '../../../lib/ui/panel/filter';
import { accept, suggest } from '../../../lib/ui/panel/filter-suggest';
import { makeRow } from './fixtures';

const facets = facetsOf([
  makeRow({ id: 1 }),
  makeRow({ id: 2, action: 'DeleteMaterial', code: 'InvalidParameterValue.MaterialId', ok: false }),
  makeRow({ id: 3, actionClass: null, action: 'Login', method: 'GET', userId: 'alice', platform: 'p1' }),
  makeRow({ id: 4, httpStatus: 502, userId: 'bob smith' }),
]);
const labels = (q: string, caret = q.length, force = false) =>
  suggest(q, caret, facets, force).items.map((i) => i.label);

describe('filter suggestions', () => {
  it('offers the keys a bare word starts, then values starting with it', () => {
    expect(labels('act')).toEqual(['action:']);
    expect(labels('-c')).toEqual(['class:', 'code:']);
    expect(labels('d')).toEqual(['duration:', 'action:DeleteMaterial']);
    expect(labels('')).toEqual([]);
    expect(labels('', 0, true)).toHaveLength(10);
  });

  it('offers the values of the key under the caret, present in the tab', () => {
    expect(labels('action:')).toEqual(['DeleteMaterial', 'ListMedia', 'Login']);
    expect(labels('action:l')).toEqual(['ListMedia', 'Login', 'DeleteMaterial']);
    expect(labels('action:media')).toEqual(['ListMedia']);
    expect(labels('code:-Inv')).toEqual(['InvalidParameterValue.MaterialId']);
    expect(labels('is:f')).toEqual(['failed']);
    expect(labels('status:')).toEqual(['200', '502', '2xx', '5xx']);
    expect(labels('method:')).toEqual(['GET', 'POST']);
    expect(labels('user:')).toEqual([
      'alice',
      'bob smith',
      'user_001',
      'my_platform/bob smith',
      'my_platform/user_001',
      'p1/alice',
    ]);
    expect(labels('larger-than:')).toEqual(['1k', '10k', '100k', '1M']);
    expect(labels('nokey:')).toEqual([]);
    expect(labels('/regex/')).toEqual([]);
  });

  it('replaces the term under the caret, keeping its dash, and quotes values with spaces', () => {
    const q = 'is:ok -acti code:X';
    const s = suggest(q, 11, facets);
    expect(s).toMatchObject({ from: 7, to: 11 });
    expect(accept(q, s, s.items[0]!)).toEqual({ query: 'is:ok -action: code:X', caret: 14 });
    const u = suggest('user:bo', 7, facets);
    expect(accept('user:bo', u, u.items[0]!)).toEqual({ query: 'user:"bob smith" ', caret: 17 });
    const v = suggest('action:L x', 8, facets);
    expect(accept('action:L x', v, v.items[1]!)).toEqual({ query: 'action:Login x', caret: 13 });
  });
});
