/**
 * The result of the popup's call: the answer (call-answer.tsx, loaded once a call is on its way), a
 * failure, or an RPC error. While a new call is in flight the old answer stays, dimmed: no layout jump.
 */
import { useEffect, useRef } from 'preact/hooks';
import { useT } from '../i18n-context';
import { ErrorBoundary } from '../error-boundary';
import { LazyFailureView } from './lazy-failure';
import { lazyComponent } from './lazy-views';
import { usePopup } from './popup-context';

/** A call's answer: its JSON tree, "copy as" snippets and call decoder load on first use. */
const LazyCallAnswer = lazyComponent(() => import('./call-answer').then((m) => m.CallAnswer));

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
  // The answer's code loads while the call is on its way.
  useEffect(() => {
    if (sending || result) {
      LazyCallAnswer.preload().catch(() => {});
      LazyFailureView.preload().catch(() => {});
    }
  }, [sending, result]);
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
        <ErrorBoundary key={result.sent.startedAt} what={t('popupResult')}>
          <LazyFailureView failure={outcome} scope="api" />
        </ErrorBoundary>
      ) : outcome ? (
        // A render error of the answer (a deep or odd answer) shows what failed, never a blank section.
        <ErrorBoundary key={result.sent.startedAt} what={t('popupResult')}>
          <LazyCallAnswer result={result} outcome={outcome} />
        </ErrorBoundary>
      ) : null}
    </section>
  );
}
