import { describe, expect, it } from 'vitest';
import {
  arrayOf,
  bool,
  int,
  json,
  loose,
  nullable,
  num,
  object,
  oneOf,
  optional,
  text,
  type Check,
} from '../../lib/protocol/checks';

const ident = text(10, { match: [/^[a-z]+$/, 'lower-case letters'] });

describe('checks', () => {
  it.each<[string, Check<unknown>, unknown, string]>([
    ['text: not a string', text(5), 5, 'p must be a string'],
    ['text: blank', text(5), '  ', 'p must not be empty'],
    ['text: too long', text(5), 'abcdef', 'p must be at most 5 characters'],
    ['text: pattern', ident, 'A1', 'p must be lower-case letters'],
    ['num: not finite', num, Infinity, 'p must be a finite number'],
    ['num: a string', num, '1', 'p must be a finite number'],
    ['int: NaN', int(0), NaN, 'p must be a finite number'],
    ['int: fraction', int(0), 1.5, 'p must be an integer'],
    ['int: below', int(1, 9), 0, 'p must be at least 1'],
    ['int: above', int(1, 9), 10, 'p must be at most 9'],
    ['bool', bool, 'true', 'p must be true or false'],
    ['oneOf', oneOf(['a', 'b']), 'c', 'p must be one of a, b'],
    ['json: undefined', json, undefined, 'p must be a JSON value'],
    ['json: bigint', json, 1n, 'p must be a JSON value'],
    ['arrayOf: not an array', arrayOf(num, 0, 2), {}, 'p must be an array'],
    ['arrayOf: too few', arrayOf(num, 1, 2), [], 'p must have at least 1 item(s)'],
    ['arrayOf: too many', arrayOf(num, 0, 2), [1, 2, 3], 'p must have at most 2 items'],
    ['arrayOf: bad item', arrayOf(num, 0, 2), [1, 'x'], 'p[1] must be a finite number'],
    ['object: an array', object({}), [], 'p must be an object'],
    ['object: null', object({}), null, 'p must be an object'],
    ['object: unknown key', object({ a: num }), { a: 1, b: 2 }, 'p.b is not a known field'],
    ['object: bad field', loose({ a: optional(nullable(num)) }), { a: 'x' }, 'p.a must be a finite number'],
  ])('refuses %s', (_name, check, value, message) => {
    expect(check(value, 'p')).toEqual({ ok: false, message });
  });

  it.each<[string, Check<unknown>, unknown, unknown]>([
    ['text: empty when allowed', text(5, { allowEmpty: true }), '', ''],
    ['text: pattern', ident, 'abc', 'abc'],
    ['int: no upper bound', int(0), 1e12, 1e12],
    ['json: null', json, null, null],
    ['optional', optional(num), undefined, undefined],
    ['nullable', nullable(num), null, null],
    ['object: undefined fields left out', object({ a: optional(num) }), { a: undefined, b: undefined }, {}],
    ['loose: unknown keys dropped', loose({ a: num }), { a: 1, b: 2 }, { a: 1 }],
  ])('accepts %s', (_name, check, value, expected) => {
    expect(check(value, 'p')).toEqual({ ok: true, value: expected });
  });
});
