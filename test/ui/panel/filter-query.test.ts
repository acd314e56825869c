/** The filter language (issue 19): each key, negation, quoting, errors with their ranges, term editing. */
import { describe, expect, it } from 'vitest';
import { compileFilter, filterRows } from '../../../lib/ui/panel/filter';
import {
  numberTest,
  parseQuery,
  quoteValue,
  termValue,
  withoutKey,
  withTerm,
  type TermError,
} from '../../../lib/ui/panel/filter-query';
import { makeRow } from './fixtures';

const rows = [
  makeRow({ id: 1, durationMs: 40, size: 900, text: 'material/listmedia\nsuccess\n{"name":"假期 a b"}' }),
  makeRow({
    id: 2,
    actionClass: 'Material',
    action: 'DeleteMaterial',
    code: 'InvalidParameterValue.MaterialId',
    ok: false,
    durationMs: 612.5,
    size: 20_000,
    userId: 'alice',
    platform: 'p1',
    text: 'material/deletematerial\ninvalidparametervalue.materialid',
  }),
  makeRow({
    id: 3,
    kind: 'login',
    actionClass: null,
    action: 'Login',
    method: 'GET',
    durationMs: 500,
    text: 'login\nsuccess',
  }),
  makeRow({ id: 4, httpStatus: 502, code: null, ok: false, durationMs: 1500, size: 10_240, text: 'x' }),
  makeRow({ id: 5, httpStatus: 0, code: null, ok: false, source: 'recorded', text: 'y' }),
  makeRow({ id: 6, source: 'injected', code: 'InvalidParameterValue', ok: false, text: 'z' }),
];
const ids = (query: string, replayed?: ReadonlySet<number>) =>
  filterRows(rows, compileFilter(query, { replayed })).map((r) => r.id);
const errorsOf = (query: string) =>
  parseQuery(query).errors.map((e: TermError) => ({ kind: e.reason.kind, text: query.slice(e.from, e.to) }));

describe('filter language: keys', () => {
  it.each<[string, number[]]>([
    ['action:ListMedia', [1, 4, 5, 6]],
    ['action:listmedia', [1, 4, 5, 6]],
    ['action:Material/DeleteMaterial', [2]],
    ['action:Delete*', [2]],
    ['action:Delete', []],
    ['class:material', [1, 2, 4, 5, 6]],
    ['code:Success', [1, 3]],
    ['code:InvalidParameterValue', [2, 6]],
    ['code:InvalidParameterValue.MaterialId', [2]],
    ['code:InvalidParam', []],
    ['code:InvalidParam*', [2, 6]],
    ['user:alice', [2]],
    ['user:P1/Alice', [2]],
    ['platform:p1', [2]],
    ['method:get', [3]],
    ['status:502', [4]],
    ['status:5xx', [4]],
    ['status:0', [5]],
    ['status:>=500', [4]],
    ['status:200-299', [1, 2, 3, 6]],
    ['duration:>500', [2, 4]],
    ['duration:>=500', [2, 3, 4]],
    ['duration:500', [2, 3, 4]],
    ['duration:<=40', [1, 5, 6]],
    ['duration:<40', []],
    ['duration:600-700', [2]],
    ['duration:>1.2s', [4]],
    ['larger-than:10k', [2]],
    ['larger-than:10000', [2, 4]],
    ['larger-than:1M', []],
    ['larger-than:899', [1, 2, 4]],
    ['is:failed', [2, 4, 5, 6]],
    ['is:OK', [1, 3]],
    ['is:login', [3]],
    ['is:recorded', [5]],
    ['is:injected', [6]],
  ])('%s keeps %j', (query, expected) => {
    expect(ids(query)).toEqual(expected);
  });

  it('is:replayed keeps the calls replayed from this panel', () => {
    expect(ids('is:replayed')).toEqual([]);
    expect(ids('is:replayed', new Set([2, 5]))).toEqual([2, 5]);
    expect(ids('-is:replayed', new Set([2, 5]))).toEqual([1, 3, 4, 6]);
  });
});

describe('filter language: negation, words, quotes, AND', () => {
  it.each<[string, number[]]>([
    ['-code:Success', [2, 4, 5, 6]],
    ['code:-Success', [2, 4, 5, 6]],
    ['-code:-Success', [1, 3]],
    ['-action:ListMedia', [2, 3]],
    ['-is:failed -is:login', [1]],
    ['class:Material is:failed -status:0 duration:>100', [2, 4]],
    ['SUCCESS', [1, 3]],
    ['-success', [2, 4, 5, 6]],
    ['material success', [1]],
    ['"a b"', [1]],
    ['"假期 name"', []],
    ['假期 name', [1]],
    ['假期', [1]],
    ['"-success"', []],
    ['code:"-Success"', []],
    ['/list|login/', [1, 3]],
    ['-/list|login/', [2, 4, 5, 6]],
    ['/a\\sb/', [1]],
    ['/a b/', []],
    ['/listmedia', [1]],
    ['http://example', []],
    ['12:30', []],
  ])('%s keeps %j', (query, expected) => {
    expect(ids(query)).toEqual(expected);
  });

  it('reads a value in quotes with spaces and escaped quotes', () => {
    const [t] = parseQuery('user:"a \\"b\\" c"').terms;
    expect(t).toMatchObject({ kind: 'field', key: 'user', value: 'a "b" c' });
  });
});

describe('filter language: errors', () => {
  it.each<[string, { kind: string; text: string }[]]>([
    ['acton:ListMedia', [{ kind: 'unknown-key', text: 'acton:ListMedia' }]],
    ['is:faild', [{ kind: 'unknown-is', text: 'is:faild' }]],
    ['duration:>abc', [{ kind: 'bad-number', text: 'duration:>abc' }]],
    ['duration:9-3', [{ kind: 'bad-number', text: 'duration:9-3' }]],
    ['status:5000', [{ kind: 'bad-number', text: 'status:5000' }]],
    ['larger-than:>10k', [{ kind: 'bad-number', text: 'larger-than:>10k' }]],
    ['larger-than:10q', [{ kind: 'bad-number', text: 'larger-than:10q' }]],
    ['action:', [{ kind: 'empty-value', text: 'action:' }]],
    ['/(/', [{ kind: 'bad-regex', text: '/(/' }]],
    ['/a/ /b/', [{ kind: 'one-regex', text: '/b/' }]],
    ['user:"alice', [{ kind: 'unclosed-quote', text: 'user:"alice' }]],
    [
      'ok  -nope:1 status:x',
      [
        { kind: 'unknown-key', text: '-nope:1' },
        { kind: 'bad-number', text: 'status:x' },
      ],
    ],
  ])('%s reports %j', (query, expected) => {
    expect(errorsOf(query)).toEqual(expected);
  });

  it('suggests the key or the is: value meant', () => {
    const reason = (q: string) => parseQuery(q).errors[0]!.reason;
    expect(reason('acton:x')).toEqual({ kind: 'unknown-key', key: 'acton', suggestion: 'action' });
    expect(reason('Size:10k')).toEqual({ kind: 'unknown-key', key: 'Size', suggestion: 'larger-than' });
    expect(reason('stat:200')).toMatchObject({ suggestion: 'status' });
    expect(reason('zzzzzz:1')).toMatchObject({ suggestion: null });
    expect(reason('is:faild')).toEqual({ kind: 'unknown-is', value: 'faild', suggestion: 'failed' });
    expect(reason('duration:x')).toMatchObject({ kind: 'bad-number', key: 'duration', value: 'x' });
  });

  it('lets the valid terms filter while invalid ones filter nothing', () => {
    expect(ids('is:failed acton:Delete duration:>abc')).toEqual([2, 4, 5, 6]);
  });
});

describe('filter language: numbers', () => {
  it('reads units and ranges', () => {
    expect(numberTest('larger-than', '10k')).toEqual({ min: 10_240, max: Infinity, openMin: true });
    expect(numberTest('larger-than', '2MB')).toMatchObject({ min: 2 * 1024 * 1024 });
    expect(numberTest('duration', '1.5s')).toEqual({ min: 1500, max: Infinity });
    expect(numberTest('duration', '<100')).toEqual({ min: -Infinity, max: 100, openMax: true });
    expect(numberTest('status', '4xx')).toEqual({ min: 400, max: 499 });
    expect(numberTest('status', '=404')).toEqual({ min: 404, max: 404 });
    expect(numberTest('status', '6xx')).toBeNull();
  });
});

describe('filter language: editing terms', () => {
  it.each<[string, string, string, boolean, string]>([
    ['', 'action', 'ListMedia', false, 'action:ListMedia'],
    ['foo', 'action', 'ListMedia', false, 'foo action:ListMedia'],
    ['action:A foo', 'action', 'B', false, 'foo action:B'],
    ['-action:A foo action:C', 'action', 'B', false, 'foo action:B'],
    ['foo ACTION:A', 'action', 'B', true, 'foo -action:B'],
    ['foo acton:x', 'acton', 'y', false, 'foo acton:y'],
    ['status:abc is:ok', 'status', '', false, 'is:ok'],
    ['user:x', 'user', 'p1/a b', false, 'user:"p1/a b"'],
    ['', 'code', '-x', false, 'code:"-x"'],
    ['/a\\sb/ code:X', 'code', 'Y', false, '/a\\sb/ code:Y'],
    ['/', 'code', '/', false, '/ code:/'],
    ['"\\', 'code', 'x', false, '"\\ " code:x'],
  ])('withTerm(%j, %s, %s, %s) = %j', (query, key, value, negate, expected) => {
    expect(withTerm(query, key, value, negate)).toBe(expected);
  });

  it('withoutKey removes every term of a key and leaves the rest as typed', () => {
    expect(withoutKey('a  code:X b -code:Y  c', 'code')).toBe('a  b c');
    expect(withoutKey('code:X', 'code')).toBe('');
    expect(withoutKey('a b', 'code')).toBe('a b');
  });

  it('a term written by withTerm parses back to the value', () => {
    for (const value of ['Success', 'a b', 'say "hi"', '-x', 'back\\slash', '中文']) {
      const q = withTerm('', 'code', value);
      expect(parseQuery(q).errors).toEqual([]);
      expect(termValue(q, 'code')).toBe(value);
    }
    expect(quoteValue('plain')).toBe('plain');
  });

  it('termValue reads the one positive term of a key', () => {
    expect(termValue('class:Material x', 'class')).toBe('Material');
    expect(termValue('-class:Material', 'class')).toBe('');
    expect(termValue('class:-Material', 'class')).toBe('');
    expect(termValue('class:A class:B', 'class')).toBe('');
  });

  it("a shortcut owning some values of a key (`among`) leaves the key's other terms alone", () => {
    const status = ['ok', 'failed', 'injected', 'recorded'];
    expect(withTerm('is:replayed x', 'is', 'failed', false, status)).toBe('is:replayed x is:failed');
    expect(withTerm('is:replayed is:OK', 'is', 'failed', false, status)).toBe('is:replayed is:failed');
    expect(withTerm('is:login -is:failed is:replayed', 'is', '', false, status)).toBe('is:login is:replayed');
    expect(withoutKey('is:ok is:replayed', 'is', status)).toBe('is:replayed');
    // Without `among` every term of the key goes, as before.
    expect(withTerm('is:replayed x', 'is', 'failed')).toBe('x is:failed');
    expect(termValue('is:replayed is:failed', 'is', status)).toBe('failed');
    expect(termValue('is:replayed is:failed', 'is')).toBe('');
    expect(termValue('is:replayed', 'is', status)).toBe('');
  });
});
