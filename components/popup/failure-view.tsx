/**
 * Why a login or call gave no usable answer: the stage in the UI language, the Code explained (the error
 * dictionary loads when a Code is to be explained), the details.
 */
import type { ActionFailure } from '../../lib/protocol';
import type { MessageKey } from '../../lib/i18n/i18n';
import { CodeBadge } from '../code-badge';
import { useT } from '../i18n-context';
import { LazyErrorExplanation } from './lazy-views';

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
          message={failure.serverMessage ?? undefined}
          englishMessage={failure.serverEnglishMessage ?? undefined}
        />
      ) : null}
      <p class="popup-detail">{failure.message}</p>
      {failure.problems.length > 0 ? (
        <ul class="popup-problems">
          {failure.problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
