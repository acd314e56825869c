/**
 * What the detail says of a call the page agent reported: recorded while DevTools was closed, or answered
 * by a fault rule (the rule, its effect, and what really happened: nothing sent, or the real call held back).
 * Always that the page reported it and can forge it.
 */
import { REPORTED_BY_PAGE } from '../../lib/agent/record';
import type { RawCall } from '../../lib/cme/types';
import type { Translate } from '../../lib/i18n/i18n';
import type { FaultRule } from '../../lib/agent/wire';
import type { PanelRow } from '../../lib/ui/panel/rows';
import { isInjected } from '../../lib/ui/panel/rows';
import { useT } from '../i18n-context';
import { usePanel } from './panel-context';

type Effect = NonNullable<PanelRow['fault']>['effect'];

/** A fault effect in words ("answers AuthFailure.SessionInvalid at HTTP 200"). */
export function effectText(effect: Effect, t: Translate): string {
  switch (effect.kind) {
    case 'code':
      return t('panelFaultsDescCode', effect.code);
    case 'http':
      return t('panelFaultsDescHttp', effect.status);
    case 'delay':
      return t('panelFaultsDescDelay', effect.ms);
    case 'network':
      return t('panelFaultsDescNetwork');
  }
}

/** A rule in words: its target, effect and how often ("Material/DescribeClass answers … — every 2th call"). */
export function ruleText(
  rule: Pick<FaultRule, 'match' | 'effect' | 'everyNth' | 'percent'>,
  t: Translate,
): string {
  const only = [
    rule.everyNth && rule.everyNth > 1 ? t('panelFaultsOnlyEveryNth', rule.everyNth) : null,
    rule.percent !== undefined && rule.percent < 100 ? t('panelFaultsOnlyPercent', rule.percent) : null,
  ].filter((x) => x !== null);
  const head = `${rule.match.target} ${effectText(rule.effect as Effect, t)}`;
  return only.length ? `${head} (${only.join(', ')})` : head;
}

/** The note at the top of a reported call's detail; nothing for DevTools' own capture. */
export function AgentNote({ row, raw }: { row: PanelRow; raw: Pick<RawCall, 'comment'> }) {
  const t = useT();
  const { faults } = usePanel();
  if (row.source === undefined && row.fault === undefined) return null;
  const fault = row.fault;
  const rule = fault ? faults?.rules.value.find((r) => r.id === fault.ruleId) : undefined;
  return (
    <div
      class={`note${isInjected(row) ? ' note-err' : ''} cme-agent-note`}
      data-agent-note={row.source ?? ''}
    >
      {row.source === 'recorded' && <p>{t('panelAgentRecorded')}</p>}
      {fault && (
        <>
          <p data-injected-rule={fault.ruleId}>
            {t(
              'panelAgentInjected',
              rule ? rule.match.target : `${fault.ruleId} ${t('panelAgentRuleGone')}`,
              effectText(fault.effect, t),
            )}
          </p>
          <p>
            {fault.effect.kind === 'delay'
              ? t('panelAgentRealDelay', fault.effect.ms)
              : t('panelAgentRealNone')}
          </p>
        </>
      )}
      {/* A delayed call DevTools captured itself is not only the page's word (its report only marked it). */}
      {raw.comment?.startsWith(REPORTED_BY_PAGE) && <p class="muted">{t('panelAgentForgeable')}</p>}
    </div>
  );
}
