/**
 * The latency timeline of captured calls as plain SVG: one dot per call (green ok, red error) over time,
 * with the p50 and p95 lines. Fixed height, stretches to its container's width.
 */
import { useMemo } from 'preact/hooks';
import { percentile, type TimelinePoint } from '../lib/ui/shared/stats';
import { useT } from './i18n-context';
import './theme.css';
import './stats-chart.css';

/** Props of {@link TimelineChart}. */
export interface TimelineChartProps {
  /** One point per call; a duration of 0 or less means unknown (HAR's -1) and is not drawn. */
  points: TimelinePoint[];
  /** Height in CSS pixels (default 120). */
  height?: number;
}

/** The smallest 1/2/5 × 10^k at or above `value` (for a readable axis top). */
export function niceCeil(value: number): number {
  if (!(value > 0)) return 1;
  const exp = Math.pow(10, Math.floor(Math.log10(value)));
  for (const m of [1, 2, 5, 10]) if (m * exp >= value) return m * exp;
  return 10 * exp;
}

/** `340 ms`, `1.25 s`, `2 s`, `12.5 s`. */
export function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  // Number() drops trailing zeros: 2.00 → 2, 1.50 → 1.5.
  return `${Number(s < 10 ? s.toFixed(2) : s.toFixed(1))} s`;
}

const pad = (n: number) => String(n).padStart(2, '0');

function clock(ms: number, withDate: boolean): string {
  const d = new Date(ms);
  const time = `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  return withDate ? `${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${time}` : time;
}

// The SVG is drawn in a 1000 × 100 box stretched to the plot area; strokes do not scale with it.
const W = 1000;
const H = 100;
const INSET = 8;

/** Latency over time, one dot per call. */
export function TimelineChart({ points, height = 120 }: TimelineChartProps) {
  const t = useT();
  const model = useMemo(() => {
    const valid = points.filter((p) => Number.isFinite(p.t) && Number.isFinite(p.ms) && p.ms > 0);
    if (valid.length === 0) return null;
    let t0 = Infinity;
    let t1 = -Infinity;
    let max = 0;
    for (const p of valid) {
      t0 = Math.min(t0, p.t);
      t1 = Math.max(t1, p.t);
      max = Math.max(max, p.ms);
    }
    const span = t1 - t0 || 1;
    const top = niceCeil(max);
    const x = (tt: number) => (t1 === t0 ? W / 2 : INSET + ((tt - t0) / span) * (W - 2 * INSET));
    const y = (ms: number) => H - (ms / top) * H;
    const ms = valid.map((p) => p.ms);
    const p50 = percentile(ms, 50) ?? 0;
    const p95 = percentile(ms, 95) ?? 0;
    const errors = valid.filter((p) => !p.ok).length;
    // Errors drawn last, so they are on top.
    const ordered = [...valid.filter((p) => p.ok), ...valid.filter((p) => !p.ok)];
    const withDate = t1 - t0 > 86_400_000 || new Date(t0).getDate() !== new Date(t1).getDate();
    return { valid, ordered, t0, t1, top, x, y, p50, p95, errors, withDate };
  }, [points]);

  if (!model) {
    return (
      <div class="tl tl-empty" style={{ height: `${height}px` }}>
        <span class="muted">{t('statsTimelineEmpty')}</span>
      </div>
    );
  }
  const { ordered, t0, t1, top, x, y, p50, p95, errors, withDate } = model;
  const label = t(
    'statsTimelineLabel',
    t.plural('statsTimelineCalls', model.valid.length, model.valid.length),
    formatMs(p50),
    formatMs(p95),
    t.plural('statsTimelineErrors', errors, errors),
  );
  return (
    <figure class="tl">
      <figcaption class="tl-legend">
        <span class="tl-key tl-key-ok">{t('statsLegendOk')}</span>
        <span class="tl-key tl-key-err">{t('statsLegendError', errors)}</span>
        <span class="tl-key tl-key-p50">p50 {formatMs(p50)}</span>
        <span class="tl-key tl-key-p95">p95 {formatMs(p95)}</span>
      </figcaption>
      <div class="tl-body" style={{ height: `${height}px` }}>
        <span class="tl-y tl-y-top">{formatMs(top)}</span>
        <span class="tl-y tl-y-mid">{formatMs(top / 2)}</span>
        <span class="tl-y tl-y-bottom">0</span>
        <div class="tl-plot">
          <svg viewBox={`0 0 ${W} ${H}`} preserveAspectRatio="none" role="img" aria-label={label}>
            <line class="tl-grid" x1={0} x2={W} y1={0} y2={0} vector-effect="non-scaling-stroke" />
            <line class="tl-grid" x1={0} x2={W} y1={H / 2} y2={H / 2} vector-effect="non-scaling-stroke" />
            <line class="tl-grid" x1={0} x2={W} y1={H} y2={H} vector-effect="non-scaling-stroke" />
            <line class="tl-p50" x1={0} x2={W} y1={y(p50)} y2={y(p50)} vector-effect="non-scaling-stroke" />
            <line class="tl-p95" x1={0} x2={W} y1={y(p95)} y2={y(p95)} vector-effect="non-scaling-stroke" />
            {ordered.map((p, i) => {
              const px = x(p.t);
              const py = y(p.ms);
              // A zero-length line with round caps is a dot that stays round when the box is stretched.
              return (
                <line
                  key={i}
                  class={p.ok ? 'tl-pt tl-pt-ok' : 'tl-pt tl-pt-err'}
                  x1={px}
                  x2={px}
                  y1={py}
                  y2={py}
                  vector-effect="non-scaling-stroke"
                >
                  <title>
                    {clock(p.t, withDate)} · {formatMs(p.ms)} ·{' '}
                    {p.ok ? t('statsLegendOk') : t('statsPointError')}
                  </title>
                </line>
              );
            })}
          </svg>
        </div>
        <span class="tl-x tl-x-start">{clock(t0, withDate)}</span>
        {t1 !== t0 && <span class="tl-x tl-x-end">{clock(t1, withDate)}</span>}
      </div>
    </figure>
  );
}
