/**
 * The answer of the popup's call: Code badge, the message in the UI language with its explanation and
 * hint, Data as a collapsible tree, the raw answer, duration and RequestId, and "copy as" snippets. All of
 * it through the popup's masker (the call's secrets and every stored ticket, by value, in any field): the
 * header's reveal switch shows the chosen ticket only, never the answer or a copy. Loaded on first use (call-result.tsx): the tree and the snippets' call
 * decoder are not needed for the popup's first screen.
 */
import { useMemo } from 'preact/hooks';
import { decodeEnvelope } from '../../lib/cme/envelope';
import type { MessageKey } from '../../lib/i18n/i18n';
import type { CallAnswer as CallAnswerData } from '../../lib/protocol';
import type { CallResult } from '../../lib/ui/popup/call';
import { popupMasker } from '../../lib/ui/popup/masking';
import { snippetOf, SNIPPET_KINDS, type SnippetKind } from '../../lib/ui/popup/snippets';
import { CodeBadge } from '../code-badge';
import { CopyButton } from '../copy-button';
import { useT } from '../i18n-context';
import { JsonTree } from '../json-tree';
import { duration } from '../format';
import { LazyErrorExplanation } from './lazy-views';
import { usePopup } from './popup-context';

const SNIPPET_LABEL: Record<SnippetKind, MessageKey> = {
  curl: 'popupCopyCurl',
  fetch: 'popupCopyFetch',
  'web-sdk': 'popupCopyWebSdk',
};

/** A call that got an answer: Code, explanation, Data, raw text, timing and snippets. */
export function CallAnswer({ result, outcome }: { result: CallResult; outcome: CallAnswerData }) {
  const store = usePopup();
  const t = useT();
  const stored = store.tickets.value;
  const masker = useMemo(() => popupMasker(result, stored), [result, stored]);
  const env = outcome.envelope;
  // Data travels inside the answer's text only (once), and what is wrong with the answer is read from it.
  const { data, problems } = useMemo(
    () => decodeEnvelope(outcome.responseText, outcome.httpStatus),
    [outcome.responseText, outcome.httpStatus],
  );
  const text = (value: string | null | undefined) => (value ? masker.text(value) : undefined);
  return (
    <>
      <div class="popup-result-head">
        <CodeBadge code={env.code} ok={env.ok} httpStatus={outcome.httpStatus} />
        <span class="popup-result-action">
          {result.sent.actionClass}/{result.sent.action}
        </span>
      </div>
      <div class="popup-reqid">
        <span class="popup-muted">
          {t('popupHttp', outcome.httpStatus)} ·{' '}
          <span id="popup-duration">{duration(outcome.durationMs)}</span> · {t('popupRequestId')}
        </span>
        <code id="popup-request-id">{text(outcome.requestId) ?? '—'}</code>
        {outcome.requestId ? (
          <CopyButton text={() => outcome.requestId ?? ''} label={t('commonCopy')} />
        ) : null}
      </div>
      {outcome.ticketRejected ? (
        <div class="popup-warning" role="status">
          <span>{t('popupTicketNowRejected')}</span>
          <button type="button" onClick={() => store.relogin(result.sent.ticket)}>
            {t('popupRelogin')}
          </button>
        </div>
      ) : null}
      {!env.ok && env.code ? (
        <LazyErrorExplanation
          code={env.code}
          scope="api"
          message={text(env.message)}
          englishMessage={text(env.englishMessage)}
        />
      ) : null}
      {problems.length > 0 ? (
        <ul class="popup-problems">
          {problems.map((p) => (
            <li key={p}>{masker.text(p)}</li>
          ))}
        </ul>
      ) : null}
      <h3 class="popup-subtitle">{t('popupData')}</h3>
      {data === undefined || data === null ? (
        <p class="popup-muted">{t('popupNoData')}</p>
      ) : (
        <div class="popup-tree">
          <JsonTree value={data} expandDepth={1} masker={masker} />
        </div>
      )}
      <details class="popup-raw">
        <summary>{t('popupRaw')}</summary>
        <pre>{masker.text(outcome.responseText ?? '')}</pre>
      </details>
      <div class="popup-copy">
        <span class="popup-muted">{t('popupCopyAs')}</span>
        {SNIPPET_KINDS.map((kind) => (
          <CopyButton
            key={kind}
            text={() => snippetOf(result, kind, masker.secrets) ?? ''}
            label={t(SNIPPET_LABEL[kind])}
          />
        ))}
        <span class="popup-muted">({t('popupCopyMasked')})</span>
      </div>
    </>
  );
}
