import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findAction } from '../../../lib/cme/catalogue';
import type { CatalogueEntry } from '../../../lib/cme/types';
import { checkBodyText, lineColumn, syntaxMessage, type BodyIssue } from '../../../lib/ui/popup/body-check';

function entry(cls: string, action: string): CatalogueEntry {
  const e = findAction(cls, action);
  if (!e) throw new Error(`not catalogued: ${cls}/${action}`);
  return e;
}
const DELETE = entry('Material', 'DeleteMaterial');
const DESCRIBE_CLASS = entry('Material', 'DescribeClass');
const MODIFY = entry('Material', 'ModifyMaterial');

const pick = (i: BodyIssue) => ({ kind: i.kind, param: i.param, line: i.line, column: i.column });

describe('checkBodyText: syntax', () => {
  it.each([
    ['empty', '', { reason: 'empty' }, 1, 1],
    ['blank lines', '\n  \n', { reason: 'empty' }, 3, 1],
    ['trailing comma', '{\n  "a": 1,\n}', { reason: 'unexpected', expected: 'key', found: '}' }, 3, 1],
    [
      'missing comma',
      '{\n  "a": 1\n  "b": 2\n}',
      { reason: 'unexpected', expected: 'comma-or-brace', found: '"' },
      3,
      3,
    ],
    ['unclosed object', '{\n  "a": 1', { reason: 'unexpected-end', expected: 'comma-or-brace' }, 2, 9],
    ['unquoted key', '{ a: 1 }', { reason: 'unexpected', expected: 'key', found: 'a' }, 1, 3],
    ['missing colon', '{ "a" 1 }', { reason: 'unexpected', expected: 'colon', found: '1' }, 1, 7],
    ['single quotes', "{ 'a': 1 }", { reason: 'unexpected', expected: 'key', found: "'" }, 1, 3],
    ['leading zero', '{"a": 01}', { reason: 'bad-number' }, 1, 7],
    ['bare minus', '{"a": -}', { reason: 'bad-number' }, 1, 7],
    ['bad escape', '{"a": "x\\q"}', { reason: 'bad-escape' }, 1, 9],
    ['raw line break in string', '{"a": "x\ny"}', { reason: 'control-char' }, 1, 9],
    ['unterminated string', '{"a": "xyz', { reason: 'unterminated-string' }, 1, 7],
    ['text after the body', '{} {}', { reason: 'unexpected', expected: 'end', found: '{' }, 1, 4],
    ['a comment', '{\n  // hi\n}', { reason: 'unexpected', expected: 'key', found: '/' }, 2, 3],
    ['unclosed array', '{"Tags": [1, 2', { reason: 'unexpected-end', expected: 'comma-or-bracket' }, 1, 15],
  ])('%s', (_name, text, syntax, line, column) => {
    const got = checkBodyText(text, DELETE);
    expect(got.ok).toBe(false);
    expect(got.value).toBeUndefined();
    expect(got.issues).toHaveLength(1);
    expect(got.issues[0]).toMatchObject({
      kind: 'syntax',
      severity: 'error',
      param: null,
      line,
      column,
      syntax,
    });
    expect(got.issues[0]!.message).toBe(syntaxMessage(got.issues[0]!.syntax!));
  });

  it('reports absurd nesting as too deep instead of throwing', () => {
    const text = '['.repeat(5000) + ']'.repeat(5000);
    const got = checkBodyText(text);
    expect(got.issues[0]).toMatchObject({ kind: 'syntax', syntax: { reason: 'too-deep' } });
  });
});

describe('checkBodyText: catalogue findings on their lines', () => {
  it('accepts a complete body', () => {
    const got = checkBodyText('{\n  "MaterialId": "m1"\n}', DELETE);
    expect(got).toEqual({ ok: true, value: { MaterialId: 'm1' }, issues: [] });
  });

  it('places a missing top-level parameter on the opening brace', () => {
    const got = checkBodyText('\n{\n}', DELETE);
    expect(got.ok).toBe(false);
    expect(got.issues.map(pick)).toEqual([{ kind: 'missing', param: 'MaterialId', line: 2, column: 1 }]);
    expect(got.issues[0]!.expected).toBe('String');
  });

  it('places a mistyped parameter on its own line', () => {
    const got = checkBodyText('{\n  "MaterialId": 5\n}', DELETE);
    expect(got.issues.map(pick)).toEqual([{ kind: 'type', param: 'MaterialId', line: 2, column: 3 }]);
    expect(got.issues[0]).toMatchObject({ expected: 'String', got: 'integer' });
  });

  it('places a missing nested field on the line of the object holding it', () => {
    const text = '{\n  "Platform": "p",\n  "Owner": {\n    "Type": "PERSON"\n  }\n}';
    const got = checkBodyText(text, DESCRIBE_CLASS);
    expect(got.issues.map(pick)).toEqual([{ kind: 'missing', param: 'Owner.Id', line: 3, column: 3 }]);
  });

  it('places a mistyped array element on the element', () => {
    const text = '{\n  "MaterialId": "m",\n  "Tags": [\n    "a",\n    7\n  ]\n}';
    const got = checkBodyText(text, MODIFY);
    expect(got.issues.map(pick)).toEqual([{ kind: 'type', param: 'Tags[1]', line: 5, column: 5 }]);
  });

  it('warns about an unknown parameter without blocking, suggesting the right case', () => {
    const got = checkBodyText('{\n  "MaterialId": "m",\n  "materialid": "x"\n}', DELETE);
    expect(got.ok).toBe(true);
    expect(got.issues).toEqual([
      expect.objectContaining({
        kind: 'unknown',
        severity: 'warning',
        param: 'materialid',
        line: 3,
        suggestion: 'MaterialId',
      }),
    ]);
  });

  it('warns about a parameter given twice', () => {
    const got = checkBodyText('{"MaterialId": "a",\n"MaterialId": "b"}', DELETE);
    expect(got.ok).toBe(true);
    expect(got.issues.map(pick)).toEqual([{ kind: 'duplicate', param: 'MaterialId', line: 2, column: 1 }]);
  });

  it('lists several findings in line order', () => {
    const text = '{\n  "Owner": {"Type": 1, "Id": "u"},\n  "Platform": 3\n}';
    const got = checkBodyText(text, DESCRIBE_CLASS);
    expect(got.issues.map((i) => [i.param, i.line])).toEqual([
      ['Owner.Type', 2],
      ['Platform', 3],
    ]);
  });

  it.each([
    ['an array', '[]', 'array'],
    ['a string', '"x"', 'string'],
    ['null', 'null', 'null'],
  ])('refuses %s as the body, catalogued or not', (_n, text, got) => {
    for (const e of [DELETE, undefined]) {
      const res = checkBodyText(text, e);
      expect(res.ok).toBe(false);
      expect(res.issues[0]).toMatchObject({ kind: 'not-object', param: '', line: 1, column: 1, got });
    }
  });

  it('checks only the syntax and the object shape of an uncatalogued action', () => {
    expect(checkBodyText('{"Anything": [1, {"x": null}]}')).toEqual({
      ok: true,
      value: { Anything: [1, { x: null }] },
      issues: [],
    });
  });
});

describe('lineColumn', () => {
  it.each([
    ['abc', 0, 1, 1],
    ['abc', 2, 1, 3],
    ['a\nbc', 2, 2, 1],
    ['a\nbc', 3, 2, 2],
    ['a\n\n', 3, 3, 1],
  ])('%j at %i → %i:%i', (text, offset, line, column) => {
    expect(lineColumn(text, offset)).toEqual({ line, column });
  });
});

describe('checkBodyText agrees with JSON.parse', () => {
  it('accepts every JSON text JSON.stringify makes, with the same value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom(0, 2), (value, indent) => {
        const text = JSON.stringify(value, null, indent);
        const got = checkBodyText(text);
        expect(got.issues.some((i) => i.kind === 'syntax')).toBe(false);
        expect(got.value).toEqual(JSON.parse(text));
      }),
    );
  });

  it('reports a syntax issue exactly when JSON.parse throws, never throwing itself', () => {
    const jsonish = fc.stringMatching(/^[{}[\]",:0-9a-z \n.\\eE+-]{0,30}$/);
    fc.assert(
      fc.property(jsonish, (text) => {
        let parses = true;
        try {
          JSON.parse(text);
        } catch {
          parses = false;
        }
        const got = checkBodyText(text);
        expect(got.issues.some((i) => i.kind === 'syntax')).toBe(!parses);
      }),
      { numRuns: 2000 },
    );
  });
});
