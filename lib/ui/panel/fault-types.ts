/** The Faults form's draft: what the user types, its starting values, and why it is not a rule yet. */
import type { FaultEffect } from '../../agent/wire';

/** The effect kinds the form offers. */
export type EffectKind = FaultEffect['kind'];

/** The add-a-rule form, as typed (strings where the user types numbers). */
export interface FaultDraft {
  /** `Class/Action`, `Class/*`, `*` or `Login`. */
  target: string;
  kind: EffectKind;
  code: string;
  status: string;
  ms: string;
  /** Every Nth matching call ('' = each). */
  everyNth: string;
  /** Percentage of matching calls ('' = all). */
  percent: string;
}

/** The form's starting values. */
export const EMPTY_DRAFT: FaultDraft = {
  target: '',
  kind: 'code',
  code: 'AuthFailure.SessionInvalid',
  status: '502',
  ms: '2000',
  everyNth: '',
  percent: '',
};

/** Why a draft is not a rule yet (a message key of the panel's strings). */
export type DraftProblem =
  | 'faultsNeedTarget'
  | 'faultsBadTarget'
  | 'faultsNeedCode'
  | 'faultsBadStatus'
  | 'faultsBadDelay'
  | 'faultsBadNth'
  | 'faultsBadPercent'
  | 'faultsTooMany';
