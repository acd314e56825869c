/**
 * The panel's capture rules compiled for capture (every environment's rules, each knowing its environment)
 * and the preview of one rule over the recent requests. Loaded with the rules (lib/ui/panel/capture-rules.ts
 * `use`) and by the rules pane, not with the list's first paint.
 */
import type { RecentRequest } from '../../capture/recent-requests';
import { compileCaptureRules, matchCaptureRules } from '../../cme/capture-rules';
import type { CaptureRule } from '../../cme/types';
import type { EnvironmentRecord } from '../../store/schema';
import { rulesOf } from '../shared/capture-rules';

/** What a rule matches among the recent requests. */
export interface RulePreview {
  /** Requests looked at. */
  total: number;
  /** The ones the rule matches (newest first), with what it read. */
  matches: { request: RecentRequest; actionClass: string; action: string; ticket: string }[];
}

/** The compiled rules of every environment, each knowing its environment. */
export function rulesOfEnvironments(envs: readonly EnvironmentRecord[]): CaptureRule[] {
  return compileCaptureRules(envs.flatMap((e) => rulesOf(e).map((r) => ({ ...r, environment: e.id })))).rules;
}

/** The preview of `rule` over `recent` (newest first). */
export function previewRule(rule: CaptureRule, recent: readonly RecentRequest[]): RulePreview {
  const matches: RulePreview['matches'] = [];
  for (let i = recent.length - 1; i >= 0; i--) {
    const request = recent[i];
    if (request === undefined || request.method.toUpperCase() === 'OPTIONS') continue;
    const hit = matchCaptureRules(request, [rule]);
    if (hit !== null)
      matches.push({ request, actionClass: hit.actionClass, action: hit.action, ticket: hit.ticket });
  }
  return { total: recent.length, matches };
}
