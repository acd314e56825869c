import { describe, expect, it } from 'vitest';
import {
  compileFilter,
  createIncrementalFacets,
  createIncrementalFilter,
  facetsOf,
  filterRows,
} from '../../../lib/ui/panel/filter';
import { makeRow } from './fixtures';

const rows = [
  makeRow({ id: 1, text: 'material/listmedia\nsuccess\n{"classid":0}' }),
  makeRow({
    id: 2,
    actionClass: 'Project',
    action: 'DescribeProjects',
    code: 'InvalidParameter',
    ok: false,
    userId: 'user_002',
    text: 'project/describeprojects\ninvalidparameter\n参数错误',
  }),
  makeRow({ id: 3, kind: 'login', actionClass: null, action: 'Login', text: 'login\nsuccess' }),
];

const f = (query: string) => compileFilter(query);
const ids = (list: readonly { id: number }[]) => list.map((r) => r.id);

describe('panel filter', () => {
  it.each<[string, number[]]>([
    ['', [1, 2, 3]],
    ['CLASSID', [1]],
    ['参数', [2]],
    ['/^login/', [3]],
    ['/list.*success/', [1]],
    ['-/list.*success/', [2, 3]],
    ['class:Project', [2]],
    ['action:Login', [3]],
    ['is:failed', [2]],
    ['is:ok', [1, 3]],
    ['code:Success', [1, 3]],
    ['user:my_platform/user_002', [2]],
    ['success is:ok action:ListMedia', [1]],
  ])('filter %j keeps %j', (query, expected) => {
    expect(ids(filterRows(rows, f(query)))).toEqual(expected);
  });

  it('reports a bad regex, which filters nothing while the other terms apply', () => {
    const c = f('/(/ is:failed');
    expect(c.error).toBeTruthy();
    expect(ids(filterRows(rows, c))).toEqual([2]);
  });

  it('incrementally filters appended rows only, and recomputes on a new filter', () => {
    const run = createIncrementalFilter();
    const filter = 'is:failed';
    const first = run(rows, filter);
    expect(ids(first)).toEqual([2]);
    const more = rows.concat([makeRow({ id: 9, ok: false }), makeRow({ id: 10 })]);
    expect(ids(run(more, filter))).toEqual([2, 9]);
    // Nothing new passes: the same array comes back (no re-render).
    const evenMore = more.concat([makeRow({ id: 11 })]);
    const same = run(evenMore, filter);
    expect(same).toBe(run(evenMore, filter));
    expect(ids(run(evenMore, 'is:ok'))).toEqual([1, 3, 10, 11]);
    // A list that is not an append (trimmed front) is filtered from scratch.
    expect(ids(run(evenMore.slice(2), 'is:ok'))).toEqual([3, 10, 11]);
  });

  it('returns the rows themselves when nothing is filtered', () => {
    expect(createIncrementalFilter()(rows, '')).toBe(rows);
    // Invalid terms filter nothing either.
    expect(createIncrementalFilter()(rows, 'nokey:x status:abc')).toBe(rows);
  });

  // How fast is the benchmark's figure (BENCHMARKS.md, "filter: typing over 10,000 calls"); here, what
  // it finds at that size, and that an append tests only the new rows.
  it('finds exactly the matching rows among 10,000 with 2 KB texts, the match at the end of the text', () => {
    const body = '{"code":"success","data":{"items":[{"materialid":"m_1","name":"假期"}]}} ';
    const many = Array.from({ length: 10_000 }, (_, i) =>
      makeRow({ id: 100 + i, text: `material/listmedia\n${body.repeat(28)}\n#${i}#` }),
    );
    expect(many[0]!.text!.length).toBeGreaterThan(2000);
    expect(filterRows(many, f('needle-not-there'))).toEqual([]);
    expect(ids(filterRows(many, f('#0#')))).toEqual([100]);
    expect(ids(filterRows(many, f('#9999#')))).toEqual([10_099]);
    expect(ids(filterRows(many, f('/#99\\d\\d#/')))).toEqual(
      Array.from({ length: 100 }, (_, i) => 10_000 + i),
    );
    expect(filterRows(many, f('假期'))).toHaveLength(10_000);
  });

  it('tests only the appended rows when 10,000 are already filtered', () => {
    let reads = 0;
    const counted = (id: number, text: string) => {
      const row = makeRow({ id });
      Object.defineProperty(row, 'text', {
        get: () => {
          reads++;
          return text;
        },
      });
      return row;
    };
    const many = Array.from({ length: 10_000 }, (_, i) => counted(100 + i, `material/listmedia\n#${i}#`));
    const run = createIncrementalFilter();
    const filter = '#42#';
    expect(ids(run(many, filter))).toEqual([142]);
    expect(reads).toBeGreaterThanOrEqual(10_000);
    reads = 0;
    const more = many.concat([counted(50_000, 'x\n#42#'), counted(50_001, 'x\n#43#')]);
    expect(ids(run(more, filter))).toEqual([142, 50_000]);
    expect(reads).toBe(2);
  });

  it('lists the distinct facets, sorted, and grows them incrementally', () => {
    expect(facetsOf(rows)).toEqual({
      actionClasses: ['Material', 'Project'],
      actions: ['DescribeProjects', 'ListMedia', 'Login'],
      codes: ['InvalidParameter', 'Success'],
      identities: ['my_platform/user_001', 'my_platform/user_002'],
      users: ['user_001', 'user_002'],
      platforms: ['my_platform'],
      methods: ['POST'],
      statuses: ['200'],
    });
    const run = createIncrementalFacets();
    const a = run(rows);
    expect(run(rows.concat([makeRow({ id: 50 })]))).toBe(a);
    expect(run(rows.concat([makeRow({ id: 50 }), makeRow({ id: 51, code: 'X' })])).codes).toContain('X');
  });
});
