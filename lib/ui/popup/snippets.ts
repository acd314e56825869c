/**
 * "Copy as" cURL / fetch / Web SDK for the popup's last call (lib/cme/snippets), always masked: the call's
 * own secrets and the `secrets` known besides (stored tickets), by value, wherever they sit.
 */
import { createAttributor } from '../../cme/attribute';
import { decodeCall } from '../../cme/decode-call';
import type { KnownSecret } from '../../cme/secrets';
import { toCurl, toFetch, toWebSdk } from '../../cme/snippets';
import { rawCallOf, type CallResult } from './call';

/** The kinds of snippet the popup copies. */
export type SnippetKind = 'curl' | 'fetch' | 'web-sdk';

/** Every snippet kind, in the order the buttons show them. */
export const SNIPPET_KINDS: readonly SnippetKind[] = ['curl', 'fetch', 'web-sdk'];

/** The masked snippet of a call that got an answer; null when there is nothing to copy (no answer came). */
export function snippetOf(
  result: CallResult,
  kind: SnippetKind,
  secrets: readonly KnownSecret[] = [],
): string | null {
  const raw = rawCallOf(result);
  if (!raw) return null;
  if (kind === 'curl') return toCurl(raw, { secrets });
  if (kind === 'fetch') return toFetch(raw, { secrets });
  const { ticket, environment } = result.sent;
  const decoded = decodeCall(raw, 0, {
    attributor: createAttributor([
      {
        authorization: ticket.authorization,
        platform: ticket.platform,
        userId: ticket.userId,
        appId: ticket.appId,
      },
    ]),
    classify: environment ? { apiBases: [environment.apiBase], loginEndpoints: [environment.loginUrl] } : {},
  });
  return decoded ? toWebSdk(decoded, { secrets }) : null;
}
