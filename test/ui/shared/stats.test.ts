import { describe, expect, it } from 'vitest';
import {
  actionLabel,
  percentile,
  statsByAction,
  timelinePoints,
  type StatsCall,
} from '../../../lib/ui/shared/stats';

function call(overrides: Partial<StatsCall> = {}): StatsCall {
  return {
    actionClass: 'Material',
    action: 'ListMedia',
    durationMs: 100,
    ok: true,
    startedAt: 1_000,
    ...overrides,
  };
}

describe('percentile', () => {
  const oneToTen = [10, 1, 9, 2, 8, 3, 7, 4, 6, 5];
  it.each([
    [[1, 2, 3, 4], 50, 2.5],
    [oneToTen, 50, 5.5],
    [oneToTen, 95, 9.55],
    [oneToTen, 90, 9.1],
    [oneToTen, 0, 1],
    [oneToTen, 100, 10],
    [oneToTen, 150, 10],
    [oneToTen, -5, 1],
    [[42], 95, 42],
    [[100, 200], 25, 125],
    [[5, NaN, Infinity, 1], 50, 3],
  ])('percentile(%j, %d) = %d', (values, p, want) => {
    expect(percentile(values, p)).toBeCloseTo(want, 10);
  });

  it('is null for no (finite) values', () => {
    expect(percentile([], 50)).toBeNull();
    expect(percentile([NaN], 50)).toBeNull();
  });

  it('does not reorder its input', () => {
    const values = [3, 1, 2];
    percentile(values, 50);
    expect(values).toEqual([3, 1, 2]);
  });
});

describe('statsByAction', () => {
  it('groups by action with count, p50, p95 and error rate, most frequent first', () => {
    const calls = [
      ...[100, 200, 300, 400].map((ms, i) => call({ durationMs: ms, ok: i !== 0 })),
      call({ actionClass: null, action: 'Login', durationMs: 50 }),
      call({ actionClass: 'Project', action: 'CreateProject', durationMs: 80, ok: false }),
      call({ actionClass: 'Project', action: 'CreateProject', durationMs: -1, ok: false }),
    ];
    expect(statsByAction(calls)).toEqual([
      {
        action: '/Material/ListMedia',
        actionClass: 'Material',
        count: 4,
        p50: 250,
        p95: 385,
        errorRate: 0.25,
      },
      { action: '/Project/CreateProject', actionClass: 'Project', count: 2, p50: 80, p95: 80, errorRate: 1 },
      { action: 'Login', actionClass: null, count: 1, p50: 50, p95: 50, errorRate: 0 },
    ]);
  });

  it('gives null percentiles when no duration is known', () => {
    expect(statsByAction([call({ durationMs: 0 }), call({ durationMs: -1 })])[0]).toMatchObject({
      count: 2,
      p50: null,
      p95: null,
    });
  });

  it('is empty for no calls', () => {
    expect(statsByAction([])).toEqual([]);
  });

  it('labels api calls by path and logins by action', () => {
    expect(actionLabel({ actionClass: 'Material', action: 'ListMedia' })).toBe('/Material/ListMedia');
    expect(actionLabel({ actionClass: null, action: 'Login' })).toBe('Login');
  });
});

describe('timelinePoints', () => {
  it('keeps timed calls, in time order', () => {
    const points = timelinePoints([
      call({ startedAt: 30, durationMs: 5, ok: false }),
      call({ startedAt: 10, durationMs: 7 }),
      call({ startedAt: 20, durationMs: -1 }),
    ]);
    expect(points).toEqual([
      { t: 10, ms: 7, ok: true },
      { t: 30, ms: 5, ok: false },
    ]);
  });
});
