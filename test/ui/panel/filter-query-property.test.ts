/**
 * Issue 19, "Proof": every printable input (unicode, quotes, slashes, colons, dashes, backslashes
 * included) parses or reports errors, never throws, and every range lies inside the input; compiling,
 * suggesting and term editing never throw either.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileFilter, facetsOf, filterRows } from '../../../lib/ui/panel/filter';
import { FILTER_KEYS, parseQuery, termValue, withoutKey, withTerm } from '../../../lib/ui/panel/filter-query';
import { suggest } from '../../../lib/ui/panel/filter-suggest';
import { makeRow } from './fixtures';

const RUNS = Number(process.env.FILTER_PROPERTY_RUNS ?? 3000);
const rows = [makeRow({ id: 1 }), makeRow({ id: 2, ok: false, code: 'X', size: 5000, durationMs: 900 })];
const facets = facetsOf(rows);

// Pieces the language gives meaning to, mixed with any unicode text.
const piece = fc.oneof(
  fc.constantFrom(
    ' ',
    '  ',
    '-',
    ':',
    '"',
    '/',
    '\\',
    '*',
    '>',
    '<',
    '=',
    '>=',
    'k',
    'M',
    'xx',
    '\t',
    '\u3000',
  ),
  fc.constantFrom(...FILTER_KEYS).map((k) => `${k}:`),
  fc.constantFrom(
    'is:failed',
    'is:replayed',
    'status:5xx',
    'duration:>500',
    'larger-than:10k',
    '/a+/',
    '-code:',
  ),
  fc.string({ unit: 'grapheme', maxLength: 6 }),
  fc.string({ unit: 'binary', maxLength: 4 }),
);
const query = fc.array(piece, { maxLength: 14 }).map((parts) => parts.join(''));

describe('filter language: any input', () => {
  it('parses or reports errors, never throws; ranges are inside the input and in order', () => {
    fc.assert(
      fc.property(query, (q) => {
        const parsed = parseQuery(q);
        const ranges = [...parsed.terms, ...parsed.errors].sort((a, b) => a.from - b.from);
        let end = 0;
        for (const r of ranges) {
          expect(r.from).toBeGreaterThanOrEqual(end);
          expect(r.to).toBeGreaterThan(r.from);
          expect(r.to).toBeLessThanOrEqual(q.length);
          // A term never starts with whitespace (an unclosed quote may end in it).
          expect(q.slice(r.from, r.to).trimStart()).toBe(q.slice(r.from, r.to));
          end = r.to;
        }
        for (const e of parsed.errors) expect(typeof e.reason.kind).toBe('string');
        filterRows(rows, compileFilter(parsed, { replayed: new Set([1]) }));
      }),
      { numRuns: RUNS },
    );
  }, 120_000);

  it('suggests at any caret and edits terms without throwing; an added term reads back', () => {
    fc.assert(
      fc.property(
        query,
        fc.nat(),
        fc.constantFrom(...FILTER_KEYS),
        fc.string({ maxLength: 8 }),
        (q, at, key, value) => {
          const caret = at % (q.length + 1);
          const s = suggest(q, caret, facets, at % 2 === 0);
          expect(s.from).toBeLessThanOrEqual(s.to);
          expect(s.to).toBeLessThanOrEqual(q.length);
          const edited = withTerm(q, key, value);
          const left = parseQuery(withoutKey(edited, key));
          expect(left.terms.some((t) => 'key' in t && t.key === key)).toBe(false);
          expect(left.errors.some((e) => e.key === key)).toBe(false);
          // A value the key accepts reads back as written (the selects show it).
          const valid = !parseQuery(edited).errors.some((e) => e.key === key);
          if (value !== '' && valid) expect(termValue(edited, key)).toBe(value);
        },
      ),
      { numRuns: RUNS },
    );
  }, 120_000);
});
