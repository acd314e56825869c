/**
 * The answer of the popup's call: Code badge, the message in the UI language with its explanation and
 * hint, Data as a collapsible tree, the raw answer, duration and RequestId, and "copy as" snippets
 * (masked unless revealed). While a new call is in flight the old answer stays, dimmed: no layout jump.
 */
import { useEffect, useRef } from 'preact/hooks';
import type { MessageKey } from '../../lib/i18n/i18n';
import { maskSecretsInText } from '../../lib/cme/redact';
import type { CallAnswer } from '../../lib/protocol';
import type { CallResult } from '../../lib/ui/popup-call';
import { snippetOf, SNIPPET_KINDS, type SnippetKind } from '../../lib/ui/popup-snippets';
import { CodeBadge } from '../code-badge';
import { CopyButton } from '../copy-button';
import { ErrorExplanationView } from '../error-explanation';
import { useT } from '../i18n-context';
import { JsonTree } from '../json-tree';
import { duration } from '../panel/format';
import { FailureView } from './failure-view';
import { usePopup } from './popup-context';

const SNIPPET_LABEL: Record<SnippetKind, MessageKey> = {
  curl: 'popupCopyCurl',
  fetch: 'popupCopyFetch',
  'web-sdk': 'popupCopyWebSdk',
};

function Answer({ result, outcome }: { result: CallResult; outcome: CallAnswer }) {
  const store = usePopup();
  const t = useT();
  const reveal = store.reveal.value;
  const env = outcome.envelope;
  const secrets = [result.sent.ticket.authorization];
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
        <code id="popup-request-id">{outcome.requestId ?? '—'}</code>
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
        <ErrorExplanationView
          code={env.code}
          scope="api"
          message={env.message ?? undefined}
          englishMessage={env.englishMessage ?? undefined}
        />
      ) : null}
      {env.problems.length > 0 ? (
        <ul class="popup-problems">
          {env.problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      ) : null}
      <h3 class="popup-subtitle">{t('popupData')}</h3>
      {env.data === undefined || env.data === null ? (
        <p class="popup-muted">{t('popupNoData')}</p>
      ) : (
        <div class="popup-tree">
          <JsonTree value={env.data} expandDepth={1} mask={!reveal} />
        </div>
      )}
      <details class="popup-raw">
        <summary>{t('popupRaw')}</summary>
        <pre>{maskSecretsInText(outcome.responseText ?? '', secrets, reveal)}</pre>
      </details>
      <div class="popup-copy">
        <span class="popup-muted">{t('popupCopyAs')}</span>
        {SNIPPET_KINDS.map((kind) => (
          <CopyButton
            key={kind}
            text={() => snippetOf(result, kind, reveal) ?? ''}
            label={t(SNIPPET_LABEL[kind])}
          />
        ))}
        <span class="popup-muted">({reveal ? t('popupCopyRevealed') : t('popupCopyMasked')})</span>
      </div>
    </>
  );
}

/** The result section. */
export function CallResultView() {
  const store = usePopup();
  const t = useT();
  const result = store.call.result.value;
  const sending = store.call.sending.value;
  const outcome = result?.outcome ?? null;
  const title = useRef<HTMLHeadingElement>(null);
  // A new answer is brought into view (the popup is short; the editor sits above it).
  useEffect(() => {
    if (result) title.current?.scrollIntoView?.({ block: 'start', behavior: 'smooth' });
  }, [result]);
  return (
    <section
      class={sending ? 'popup-section popup-result popup-result-stale' : 'popup-section popup-result'}
      aria-busy={sending}
      aria-labelledby="popup-result-title"
      id="popup-result"
    >
      <h2 id="popup-result-title" ref={title}>
        {t('popupResult')}
      </h2>
      {!result ? (
        <p class="popup-muted">{t('popupResultNone')}</p>
      ) : result.rpcError !== null ? (
        <p class="popup-error" role="alert">
          {t('popupRpcError', result.rpcError)}
        </p>
      ) : outcome && !outcome.ok ? (
        <FailureView failure={outcome} scope="api" />
      ) : outcome ? (
        <Answer result={result} outcome={outcome} />
      ) : null}
    </section>
  );
}
