/**
 * Why a login or call gave no usable answer: the stage in the UI language, the Code explained (the error
 * dictionary loads when a Code is to be explained), the details; every text from the server or the
 * background through the popup's masker (stored tickets by value, and any secret a text names itself).
 * Loaded on first use (lazy-failure.tsx), with the masker.
 */
import { useMemo } from 'preact/hooks';
import type { ActionFailure } from '../../lib/protocol';
import { popupMasker } from '../../lib/ui/popup/masking';
import type { MessageKey } from '../../lib/i18n/i18n';
import { CodeBadge } from '../code-badge';
import { useT } from '../i18n-context';
import { LazyErrorExplanation } from './lazy-views';
import { usePopup } from './popup-context';

const STAGE: Record<ActionFailure['stage'], MessageKey> = {
  input: 'popupStageInput',
  signature: 'popupStageSignature',
  keys: 'popupStageKeys',
  'dev-server': 'popupStageDevServer',
  network: 'popupStageNetwork',
  answer: 'popupStageAnswer',
};

/** A failed login or call. */
export function FailureView({ failure, scope }: { failure: ActionFailure; scope: 'login' | 'api' }) {
  const t = useT();
  const stored = usePopup().tickets.value;
  const masker = useMemo(() => popupMasker(null, stored), [stored]);
  const text = (value: string | null) => (value ? masker.text(value) : undefined);
  return (
    <div class="popup-failure" role="alert">
      <div class="popup-result-head">
        <CodeBadge code={failure.code} ok={false} httpStatus={failure.httpStatus} />
        <strong>{t(STAGE[failure.stage])}</strong>
      </div>
      {failure.code ? (
        <LazyErrorExplanation
          code={failure.code}
          scope={scope}
          message={text(failure.serverMessage)}
          englishMessage={text(failure.serverEnglishMessage)}
        />
      ) : null}
      <p class="popup-detail">{masker.text(failure.message)}</p>
      {failure.problems.length > 0 ? (
        <ul class="popup-problems">
          {failure.problems.map((p) => (
            <li key={p}>{masker.text(p)}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
