/** "Copy as" cURL / fetch / Web SDK for the popup's last call, masked unless revealed (lib/cme/snippets). */
import { createAttributor } from '../../cme/attribute';
import { decodeCall } from '../../cme/decode-call';
import { toCurl, toFetch, toWebSdk } from '../../cme/snippets';
import { rawCallOf, type CallResult } from './call';

/** The kinds of snippet the popup copies. */
export type SnippetKind = 'curl' | 'fetch' | 'web-sdk';

/** Every snippet kind, in the order the buttons show them. */
export const SNIPPET_KINDS: readonly SnippetKind[] = ['curl', 'fetch', 'web-sdk'];

/** The snippet of a call that got an answer; null when there is nothing to copy (no answer came). */
export function snippetOf(result: CallResult, kind: SnippetKind, reveal: boolean): string | null {
  const raw = rawCallOf(result);
  if (!raw) return null;
  if (kind === 'curl') return toCurl(raw, { reveal });
  if (kind === 'fetch') return toFetch(raw, { reveal });
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
  return decoded ? toWebSdk(decoded, { reveal }) : null;
}
