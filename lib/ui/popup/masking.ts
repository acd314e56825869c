/**
 * The popup's masker: every secret of its own call (sent ticket, answer) and every stored ticket, by value,
 * in any field and any encoding (lib/cme/secrets). The answer, its failures and its copies go through it.
 * Loaded with the answer and failure views, never with the popup's first screen.
 */
import { createMasker, secretsOf, type KnownSecret, type Masker } from '../../cme/secrets';
import { rawCallOf, type CallResult } from './call';

/** The masker of the popup's call `result` (null: none) and the stored tickets. */
export function popupMasker(result: CallResult | null, stored: readonly { authorization: string }[]): Masker {
  const extra: KnownSecret[] = stored.map((t) => ({ value: t.authorization, kind: 'ticket' }));
  if (result !== null) extra.push({ value: result.sent.ticket.authorization, kind: 'ticket' });
  const raw = result === null ? null : rawCallOf(result);
  return createMasker(secretsOf(raw === null ? [] : [raw], extra));
}
