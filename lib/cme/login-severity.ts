/** A login's findings reduced to one mark (a list row's badge): small, apart from the diagnosis itself. */
import type { LoginFinding, LoginFindingSeverity } from './types';

/** The most serious severity among findings; null when there are none. */
export function worstSeverity(findings: readonly LoginFinding[]): LoginFindingSeverity | null {
  if (findings.some((x) => x.severity === 'error')) return 'error';
  if (findings.some((x) => x.severity === 'warning')) return 'warning';
  return findings.length > 0 ? 'info' : null;
}
