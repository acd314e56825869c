// @vitest-environment happy-dom
import { cleanup, render } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { I18nProvider } from '../../components/i18n-context';
import { formatMs, niceCeil, TimelineChart, type TimelineChartProps } from '../../components/stats-chart';
import type { Lang } from '../../lib/i18n/i18n';

function view(props: TimelineChartProps, lang: Lang = 'en') {
  return render(
    <I18nProvider lang={lang}>
      <TimelineChart {...props} />
    </I18nProvider>,
  ).container;
}

const T0 = new Date(2024, 0, 2, 10, 0, 0).getTime();

afterEach(cleanup);

describe('TimelineChart', () => {
  it('draws one dot per call, coloured by outcome, errors on top', () => {
    const points = [
      { t: T0, ms: 100, ok: true },
      { t: T0 + 1000, ms: 400, ok: false },
      { t: T0 + 2000, ms: 200, ok: true },
      { t: T0 + 3000, ms: 300, ok: true },
      { t: T0 + 4000, ms: -1, ok: true },
      { t: T0 + 4000, ms: 0, ok: false },
    ];
    const c = view({ points });
    const dots = Array.from(c.querySelectorAll('.tl-pt'));
    expect(dots.length).toBe(4);
    expect(c.querySelectorAll('.tl-pt-err').length).toBe(1);
    expect(dots[dots.length - 1]!.getAttribute('class')).toContain('tl-pt-err');
    // 400 ms is the axis top (niceCeil(400) = 500 → y = 100 - 400/500*100 = 20).
    expect(Number(c.querySelector('.tl-pt-err')!.getAttribute('y1'))).toBeCloseTo(20);
    expect(c.querySelector('.tl-y-top')?.textContent).toBe('500 ms');
    expect(c.querySelector('.tl-x-start')?.textContent).toBe('10:00:00');
    expect(c.querySelector('.tl-x-end')?.textContent).toBe('10:00:03');
    expect(c.querySelector('.tl-key-p50')?.textContent).toBe('p50 250 ms');
    expect(c.querySelector('.tl-key-p95')?.textContent).toBe('p95 385 ms');
    expect(c.querySelector('svg')?.getAttribute('aria-label')).toBe(
      'Latency of 4 calls over time: p50 250 ms, p95 385 ms, 1 error',
    );
    expect(c.querySelector('.tl-pt-err title')?.textContent).toBe('10:00:01 · 400 ms · error');
  });

  it('places points by time across the width', () => {
    const c = view({
      points: [
        { t: T0, ms: 10, ok: true },
        { t: T0 + 10_000, ms: 10, ok: true },
      ],
    });
    const xs = Array.from(c.querySelectorAll('.tl-pt')).map((e) => Number(e.getAttribute('x1')));
    expect(xs[0]).toBeLessThan(20);
    expect(xs[1]).toBeGreaterThan(980);
  });

  it('keeps its height and says so when there is nothing to draw', () => {
    const c = view({ points: [], height: 90 }, 'zh_CN');
    const box = c.querySelector<HTMLElement>('.tl-empty')!;
    expect(box.textContent).toBe('暂无带耗时的调用');
    expect(box.style.height).toBe('90px');
  });
});

describe('niceCeil and formatMs', () => {
  it.each([
    [0, 1],
    [1, 1],
    [3, 5],
    [120, 200],
    [400, 500],
    [501, 1000],
    [1999, 2000],
  ])('niceCeil(%d) = %d', (v, want) => {
    expect(niceCeil(v)).toBe(want);
  });

  it.each([
    [12.4, '12 ms'],
    [999, '999 ms'],
    [1250, '1.25 s'],
    [12500, '12.5 s'],
    [2000, '2 s'],
    [1500, '1.5 s'],
  ])('formatMs(%d) = %s', (ms, want) => {
    expect(formatMs(ms)).toBe(want);
  });
});
