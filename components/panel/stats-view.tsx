/** The Stats view: per action count, p50/p95 latency and error rate, and a latency timeline (SVG). */
import { useMemo } from 'preact/hooks';
import { statsByAction } from '../../lib/ui/shared/stats';
import { useT } from '../i18n-context';
import { TimelineChart } from '../stats-chart';
import { duration } from '../format';
import { usePanel } from './panel-context';

/** Stats over the listed (filtered) calls. */
export function StatsView() {
  const t = useT();
  const { panel } = usePanel();
  const rows = panel.visible.value;
  const stats = useMemo(
    () =>
      statsByAction(
        rows.map((r) => ({
          actionClass: r.actionClass,
          action: r.action ?? '',
          durationMs: r.durationMs,
          ok: r.ok,
          startedAt: r.startedAt,
        })),
      ),
    [rows],
  );
  const points = useMemo(() => rows.map((r) => ({ t: r.startedAt, ms: r.durationMs, ok: r.ok })), [rows]);
  if (rows.length === 0) return <div class="cme-stats cme-empty">{t('panelStatsEmpty')}</div>;
  return (
    <div class="cme-stats">
      <p class="muted">{t.plural('panelStatsScope', rows.length, rows.length)}</p>
      <table class="table" data-table="stats">
        <thead>
          <tr>
            <th>{t('panelStatsAction')}</th>
            <th class="num">{t('panelStatsCount')}</th>
            <th class="num">{t('panelStatsP50')}</th>
            <th class="num">{t('panelStatsP95')}</th>
            <th class="num">{t('panelStatsErrorRate')}</th>
          </tr>
        </thead>
        <tbody>
          {stats.map((s) => (
            <tr key={s.action}>
              <td>{s.action}</td>
              <td class="num">{s.count}</td>
              <td class="num">{duration(s.p50)}</td>
              <td class="num">{duration(s.p95)}</td>
              <td class={`num${s.errorRate > 0 ? ' is-bad' : ''}`}>{(s.errorRate * 100).toFixed(1)}%</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{t('panelStatsTimeline')}</h2>
      <TimelineChart points={points} />
    </div>
  );
}
