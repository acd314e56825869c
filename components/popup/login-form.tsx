/**
 * Logging in right in the popup, three ways: a pasted signature (decoded and shown before it is sent),
 * the dev-server URL, or local signing with session-only test keys. The decoded signature's view loads
 * when there is one to show.
 */
import type { MessageKey } from '../../lib/i18n/i18n';
import { LOGIN_METHODS, type LoginMethod } from '../../lib/ui/popup/login';
import { useT } from '../i18n-context';
import { environmentName } from '../environment-name';
import { KeysForm } from '../keys-form';
import { LazyFailureView } from './lazy-failure';
import { LazySignatureView } from './lazy-views';
import { usePopup } from './popup-context';

const METHOD_LABEL: Record<LoginMethod, MessageKey> = {
  signature: 'popupMethodSignature',
  'dev-server': 'popupMethodDevServer',
  local: 'popupMethodLocal',
};

function SignatureFields() {
  const { login } = usePopup();
  const t = useT();
  const decoded = login.decoded.value;
  const text = login.signature.value.trim();
  return (
    <div class="popup-field">
      <label for="popup-login-signature">{t('popupSignature')}</label>
      <textarea
        id="popup-login-signature"
        rows={3}
        spellcheck={false}
        placeholder={t('popupSignaturePlaceholder')}
        value={login.signature.value}
        onInput={(e) => void login.setSignature(e.currentTarget.value)}
      />
      {decoded?.fields ? (
        <LazySignatureView
          signature={decoded}
          atMs={Date.now()}
          onVerify={(key) => import('../../lib/cme/signature').then((m) => m.verifySignature(text, key))}
        />
      ) : decoded ? (
        <div class="popup-error" role="alert">
          {t('popupSignatureNotCme')}
          <ul class="popup-problems">
            {decoded.problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}

function UserFields({ platformRequired }: { platformRequired: boolean }) {
  const { login } = usePopup();
  const t = useT();
  return (
    <div class="popup-pair">
      <label class="popup-field">
        <span>{t('popupUserId')}</span>
        <input
          id="popup-login-user"
          autocomplete="off"
          spellcheck={false}
          value={login.userId.value}
          onInput={(e) => (login.userId.value = e.currentTarget.value)}
        />
      </label>
      <label class="popup-field">
        <span>{platformRequired ? t('popupPlatform') : t('popupPlatformOptional')}</span>
        <input
          id="popup-login-platform"
          autocomplete="off"
          spellcheck={false}
          value={login.platform.value}
          onInput={(e) => (login.platform.value = e.currentTarget.value)}
        />
      </label>
    </div>
  );
}

function DevServerFields() {
  const { login } = usePopup();
  const t = useT();
  return (
    <>
      <label class="popup-field">
        <span>{t('popupDevServerUrl')}</span>
        <input
          id="popup-login-url"
          type="url"
          spellcheck={false}
          value={login.urlTemplate.value}
          onInput={(e) => (login.urlTemplateOverride.value = e.currentTarget.value)}
        />
        <small class="popup-muted">{t('popupDevServerHint')}</small>
      </label>
      <UserFields platformRequired={false} />
    </>
  );
}

/** The login form. */
export function LoginForm() {
  const store = usePopup();
  const { login } = store;
  const t = useT();
  const method = login.method.value;
  return (
    <section class="popup-section popup-login" aria-labelledby="popup-login-title">
      <h2 id="popup-login-title">{t('popupLogin')}</h2>
      <label class="popup-field">
        <span>{t('popupLoginEnvironment')}</span>
        <select
          id="popup-login-env"
          value={login.envId.value}
          onChange={(e) => (login.environmentId.value = e.currentTarget.value)}
        >
          {store.environments.value.map((env) => (
            <option key={env.id} value={env.id}>
              {environmentName(t, env)}
            </option>
          ))}
        </select>
      </label>
      <div class="popup-methods" role="radiogroup" aria-label={t('popupLoginMethod')}>
        {LOGIN_METHODS.map((m) => (
          <label key={m} class={m === method ? 'popup-method popup-method-on' : 'popup-method'}>
            <input
              type="radio"
              name="popup-login-method"
              id={`popup-method-${m}`}
              value={m}
              checked={m === method}
              onChange={() => (login.method.value = m)}
            />
            {t(METHOD_LABEL[m])}
          </label>
        ))}
      </div>
      {method === 'local' ? (
        <KeysForm
          idPrefix="popup"
          status={login.keys.value}
          error={login.error.value}
          onSet={(id, key) => login.setKeys(id, key)}
        />
      ) : null}
      <form
        class="popup-login-form"
        onSubmit={(e) => {
          e.preventDefault();
          void login.submit();
        }}
      >
        {method === 'signature' ? (
          <SignatureFields />
        ) : method === 'dev-server' ? (
          <DevServerFields />
        ) : (
          <UserFields platformRequired />
        )}
        <label class="popup-field">
          <span>{t('popupLabel')}</span>
          <input
            id="popup-login-label"
            autocomplete="off"
            value={login.label.value}
            onInput={(e) => (login.label.value = e.currentTarget.value)}
          />
        </label>
        <button type="submit" id="popup-login-submit" class="popup-primary" disabled={!login.canSubmit.value}>
          {login.busy.value ? t('popupLoginBusy') : t('popupLogin')}
        </button>
      </form>
      {login.failure.value ? <LazyFailureView failure={login.failure.value} scope="login" /> : null}
      {login.error.value && method !== 'local' ? (
        <p class="popup-error" role="alert">
          {login.error.value}
        </p>
      ) : null}
    </section>
  );
}
