/**
 * Local-signing keys for a TEST platform, held in this browser session's memory only: the warning, the
 * status (SecretId masked), a form to set them and "forget now". Shared by the popup and the options page.
 */
import { useState } from 'preact/hooks';
import type { KeysStatus } from '../lib/protocol';
import { useT } from './i18n-context';
import './theme.css';
import './keys-form.css';

/** Props of the keys form. */
export interface KeysFormProps {
  status: KeysStatus | null;
  error: string | null;
  /** Resolves true when the keys were taken. */
  onSet: (secretId: string, secretKey: string) => Promise<boolean>;
  onForget?: () => void;
  /** Prefix of the element ids (one form per page). */
  idPrefix: string;
}

/** The keys form. */
export function KeysForm({ status, error, onSet, onForget, idPrefix }: KeysFormProps) {
  const t = useT();
  const [secretId, setSecretId] = useState('');
  const [secretKey, setSecretKey] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event): Promise<void> => {
    e.preventDefault();
    if (busy || !secretId.trim() || !secretKey.trim()) return;
    setBusy(true);
    const ok = await onSet(secretId, secretKey);
    setBusy(false);
    // The SecretKey never stays in the page once the background holds it.
    if (ok) {
      setSecretId('');
      setSecretKey('');
    }
  };
  return (
    <div class="keys-form">
      <p class="keys-warning" role="note">
        {t('popupLocalWarning')}
      </p>
      <p class="keys-status" id={`${idPrefix}-keys-status`}>
        {status?.present ? t('popupKeysPresent', status.secretId ?? '') : t('popupKeysAbsent')}
        {status?.present && onForget ? (
          <button type="button" id={`${idPrefix}-keys-forget`} onClick={onForget}>
            {t('popupKeysForget')}
          </button>
        ) : null}
      </p>
      {status?.present ? null : (
        <form class="keys-fields" onSubmit={(e) => void submit(e)}>
          <label>
            <span>{t('popupKeysSecretId')}</span>
            <input
              id={`${idPrefix}-secret-id`}
              autocomplete="off"
              spellcheck={false}
              value={secretId}
              onInput={(e) => setSecretId(e.currentTarget.value)}
            />
          </label>
          <label>
            <span>{t('popupKeysSecretKey')}</span>
            <input
              id={`${idPrefix}-secret-key`}
              type="password"
              autocomplete="off"
              value={secretKey}
              onInput={(e) => setSecretKey(e.currentTarget.value)}
            />
          </label>
          <button
            type="submit"
            id={`${idPrefix}-keys-save`}
            disabled={busy || !secretId.trim() || !secretKey.trim()}
          >
            {t('popupKeysSave')}
          </button>
        </form>
      )}
      {error ? (
        <p class="keys-error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
