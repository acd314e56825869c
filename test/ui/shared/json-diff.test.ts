import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countDiff, diffJson, formatPath, jsonType, type DiffEntry } from '../../../lib/ui/shared/json-diff';

/** JSON text with object keys sorted, so key order does not count as a difference. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/** Applies a diff to a copy of `before`: the result must equal `after`. */
function applyDiff(before: unknown, entries: DiffEntry[]): unknown {
  const root = { v: before === undefined ? undefined : (JSON.parse(JSON.stringify(before)) as unknown) };
  const parentOf = (segs: (string | number)[]) => {
    let node: unknown = root;
    for (const s of ['v', ...segs].slice(0, -1)) node = (node as Record<string | number, unknown>)[s];
    return node as Record<string | number, unknown> | unknown[];
  };
  const truncations: [unknown[], number][] = [];
  for (const e of entries) {
    const segs = e.segments;
    const parent = parentOf(segs);
    const last = segs.length === 0 ? 'v' : segs[segs.length - 1]!;
    if (e.kind === 'removed') {
      if (Array.isArray(parent)) truncations.push([parent, last as number]);
      else delete (parent as Record<string | number, unknown>)[last];
    } else {
      Object.defineProperty(parent, last, {
        value: e.after,
        writable: true,
        enumerable: true,
        configurable: true,
      });
    }
  }
  for (const [arr, at] of truncations) arr.length = Math.min(arr.length, at);
  return root.v;
}

describe('diffJson', () => {
  it('finds nothing between equal values, including NaN and shared references', () => {
    const shared = { a: [1, { b: 2 }] };
    expect(diffJson({ x: 1, y: [1, 2], z: { n: null } }, { z: { n: null }, y: [1, 2], x: 1 })).toEqual([]);
    expect(diffJson(shared, shared)).toEqual([]);
    expect(diffJson(NaN, NaN)).toEqual([]);
  });

  it('reports nested changes with their full path', () => {
    const before = { Code: 'Success', Data: { Project: { Name: 'a', Owner: { Type: 'PERSON', Id: 'u1' } } } };
    const after = { Code: 'Success', Data: { Project: { Name: 'b', Owner: { Type: 'TEAM', Id: 'u1' } } } };
    expect(diffJson(before, after)).toEqual([
      {
        path: 'Data.Project.Name',
        segments: ['Data', 'Project', 'Name'],
        kind: 'changed',
        before: 'a',
        after: 'b',
      },
      {
        path: 'Data.Project.Owner.Type',
        segments: ['Data', 'Project', 'Owner', 'Type'],
        kind: 'changed',
        before: 'PERSON',
        after: 'TEAM',
      },
    ]);
  });

  it('reports added and removed keys', () => {
    const entries = diffJson({ a: 1, gone: true }, { a: 1, fresh: 'x' });
    expect(entries).toEqual([
      { path: 'gone', segments: ['gone'], kind: 'removed', before: true },
      { path: 'fresh', segments: ['fresh'], kind: 'added', after: 'x' },
    ]);
  });

  it('compares arrays index by index: changed elements, then extra elements added or removed', () => {
    expect(diffJson({ Items: [1, 2, 3] }, { Items: [1, 9] })).toEqual([
      { path: 'Items[1]', segments: ['Items', 1], kind: 'changed', before: 2, after: 9 },
      { path: 'Items[2]', segments: ['Items', 2], kind: 'removed', before: 3 },
    ]);
    expect(diffJson([{ id: 'a' }], [{ id: 'a' }, { id: 'b' }])).toEqual([
      { path: '[1]', segments: [1], kind: 'added', after: { id: 'b' } },
    ]);
    expect(diffJson([{ id: 'a', n: 1 }], [{ id: 'a', n: 2 }]).map((e) => e.path)).toEqual(['[0].n']);
  });

  it.each([
    ['object → array', { v: { a: 1 } }, { v: [1] }],
    ['number → string', { v: 1 }, { v: '1' }],
    ['object → null', { v: { a: 1 } }, { v: null }],
    ['array → object', { v: [] }, { v: {} }],
    ['boolean → number', { v: false }, { v: 0 }],
  ])('reports a type change (%s) as one changed entry for the whole value', (_name, before, after) => {
    expect(diffJson(before, after)).toEqual([
      { path: 'v', segments: ['v'], kind: 'changed', before: before.v, after: after.v },
    ]);
  });

  it('diffs root values and treats undefined object values as absent', () => {
    expect(diffJson(1, 2)).toEqual([{ path: '', segments: [], kind: 'changed', before: 1, after: 2 }]);
    expect(diffJson(undefined, { a: 1 })).toEqual([
      { path: '', segments: [], kind: 'added', after: { a: 1 } },
    ]);
    expect(diffJson({ a: 1 }, undefined)).toEqual([
      { path: '', segments: [], kind: 'removed', before: { a: 1 } },
    ]);
    expect(diffJson({ a: 1, b: undefined }, { a: 1 })).toEqual([]);
  });

  it('applying the diff to before gives after (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), fc.jsonValue({ maxDepth: 4 }), (a, b) => {
        const entries = diffJson(a, b);
        expect(canonical(applyDiff(a, entries))).toBe(canonical(b));
        expect(entries.length === 0).toBe(canonical(a) === canonical(b));
      }),
      { numRuns: 300 },
    );
  });

  it('finds nothing between a value and its copy (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 5 }), (a) => {
        expect(diffJson(a, JSON.parse(JSON.stringify(a)) as unknown)).toEqual([]);
      }),
    );
  });
});

describe('formatPath', () => {
  it.each([
    [[], ''],
    [['Data', 'Items', 0, 'Name'], 'Data.Items[0].Name'],
    [[0, 'a'], '[0].a'],
    [['Data', 'odd key'], 'Data["odd key"]'],
    [['1st'], '["1st"]'],
  ] as [(string | number)[], string][])('%j → %s', (segs, want) => {
    expect(formatPath(segs)).toBe(want);
  });
});

describe('jsonType and countDiff', () => {
  it.each([
    [null, 'null'],
    [[], 'array'],
    [{}, 'object'],
    ['s', 'string'],
    [1, 'number'],
    [true, 'boolean'],
    [undefined, 'undefined'],
  ])('jsonType(%j) = %s', (v, want) => {
    expect(jsonType(v)).toBe(want);
  });

  it('counts entries by kind', () => {
    expect(countDiff(diffJson({ a: 1, b: 2, c: [1] }, { a: 2, c: [1, 2, 3], d: 0 }))).toEqual({
      added: 3,
      removed: 1,
      changed: 1,
    });
  });
});
