/**
 * Environments: the built-in Tencent Cloud one and custom ones, each with its host access shown and asked
 * for from the click itself (a user gesture); a form to add one (the local sandbox one click away); and
 * which one the popup logs in to.
 */
import { useState } from 'preact/hooks';
import type { MessageKey } from '../../lib/i18n/i18n';
import type { AccessState, EnvironmentFormError } from '../../lib/ui/options/environments';
import { useT } from '../i18n-context';
import { environmentName } from '../environment-name';
import { CaptureRulesRow } from './capture-rules-row';
import { useOptions } from './options-context';
import { FieldStatus } from './setting-fields';

const ACCESS: Record<AccessState, { key: MessageKey; badge: string }> = {
  granted: { key: 'optionsAccessGranted', badge: 'badge badge-ok' },
  missing: { key: 'optionsAccessMissing', badge: 'badge badge-muted' },
  asking: { key: 'optionsAccessAsking', badge: 'badge badge-warn' },
  denied: { key: 'optionsAccessDenied', badge: 'badge badge-err' },
  error: { key: 'optionsAccessError', badge: 'badge badge-err' },
  unknown: { key: 'optionsAccessUnknown', badge: 'badge badge-muted' },
};

const FORM_ERROR: Record<EnvironmentFormError, MessageKey> = {
  'name-empty': 'optionsEnvErrorName',
  'login-url': 'optionsEnvErrorLogin',
  'api-base': 'optionsEnvErrorApi',
};

/** The local sandbox's address (`npx cme-devtools sandbox`). */
export const SANDBOX_URL = 'http://127.0.0.1:8787';

function AccessBadge({ state }: { state: AccessState }) {
  const t = useT();
  return (
    <span class={`${ACCESS[state].badge} options-access`} data-access={state}>
      {t(ACCESS[state].key)}
    </span>
  );
}

function AddForm() {
  const store = useOptions();
  const envs = store.environments;
  const t = useT();
  const [name, setName] = useState('');
  const [loginUrl, setLoginUrl] = useState('');
  const [apiBase, setApiBase] = useState('');
  const formError = envs.formError.value;
  return (
    <form
      id="options-env-form"
      class="options-env-form"
      onSubmit={(e) => {
        e.preventDefault();
        // add() asks for the hosts before its first await: still inside this submit's user gesture.
        void envs.add({ name, loginUrl, apiBase }).then((saved) => {
          if (!saved) return;
          setName('');
          setLoginUrl('');
          setApiBase('');
        });
      }}
    >
      <h3>{t('optionsAddEnv')}</h3>
      <div class="options-env-grid">
        <label>
          <span>{t('optionsEnvName')}</span>
          <input id="options-env-name" value={name} onInput={(e) => setName(e.currentTarget.value)} />
        </label>
        <label>
          <span>{t('optionsEnvLoginUrl')}</span>
          <input
            id="options-env-login"
            type="url"
            spellcheck={false}
            placeholder={SANDBOX_URL}
            value={loginUrl}
            onInput={(e) => setLoginUrl(e.currentTarget.value)}
          />
        </label>
        <label>
          <span>{t('optionsEnvApiBase')}</span>
          <input
            id="options-env-api"
            type="url"
            spellcheck={false}
            placeholder={t('optionsEnvApiBasePlaceholder')}
            value={apiBase}
            onInput={(e) => setApiBase(e.currentTarget.value)}
          />
        </label>
      </div>
      <div class="options-actions">
        <button type="submit" id="options-env-add" class="btn-primary" disabled={envs.saving.value}>
          {t('optionsAddEnvButton')}
        </button>
        <button
          type="button"
          id="options-env-sandbox"
          class="btn-link"
          onClick={() => {
            setName('Sandbox');
            setLoginUrl(SANDBOX_URL);
            setApiBase('');
          }}
        >
          {t('optionsSandboxPreset')}
        </button>
      </div>
      {formError ? (
        <p class="options-field-error" role="alert">
          {t(FORM_ERROR[formError])}
        </p>
      ) : null}
    </form>
  );
}

/** The environments section. */
export function EnvironmentsSection() {
  const store = useOptions();
  const envs = store.environments;
  const t = useT();
  const list = envs.environments.value;
  const access = envs.access.value;
  return (
    <section class="options-section" id="options-environments" aria-labelledby="options-environments-title">
      <h2 id="options-environments-title">{t('optionsEnvironments')}</h2>
      <p class="options-hint">{t('optionsEnvironmentsHint')}</p>
      <table class="table options-env-table">
        <thead>
          <tr>
            <th>{t('optionsEnvName')}</th>
            <th>{t('optionsEnvLoginUrl')}</th>
            <th>{t('optionsEnvApiBase')}</th>
            <th>{t('optionsEnvAccess')}</th>
            <th>
              <span class="sr-only">{t('optionsEnvActions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {list.map((env) => {
            const state = access[env.id] ?? 'unknown';
            const row = (
              <tr key={env.id} class="options-env-row" data-env-id={env.id} data-env-name={env.name}>
                <td>
                  {environmentName(t, env)}
                  {env.kind === 'tencent' ? (
                    <span class="badge badge-info options-builtin">{t('optionsEnvBuiltIn')}</span>
                  ) : null}
                </td>
                <td>
                  <code>{env.loginUrl}</code>
                </td>
                <td>
                  <code>{env.apiBase}</code>
                </td>
                <td>
                  <AccessBadge state={state} />
                </td>
                <td class="options-env-buttons">
                  {state !== 'granted' ? (
                    <button type="button" class="options-grant" onClick={() => void envs.requestAccess(env)}>
                      {t('optionsGrant')}
                    </button>
                  ) : null}
                  {env.kind === 'custom' ? (
                    <button type="button" class="options-env-delete" onClick={() => void envs.remove(env.id)}>
                      {t('optionsDelete')}
                    </button>
                  ) : null}
                </td>
              </tr>
            );
            // The built-in environment takes no rules: an app's own backend is an environment of its own.
            if (env.kind !== 'custom') return row;
            return [
              row,
              <tr key={`${env.id}-rules`} class="options-env-rules">
                <td colSpan={5}>
                  <CaptureRulesRow env={env} />
                </td>
              </tr>,
            ];
          })}
        </tbody>
      </table>
      <div class="options-field">
        <label for="options-default-env">{t('optionsEnvDefault')}</label>
        <div class="options-control">
          <select
            id="options-default-env"
            value={store.settings.value.defaultEnvironmentId}
            onChange={(e) => void store.set('defaultEnvironmentId', e.currentTarget.value)}
          >
            {list.map((env) => (
              <option key={env.id} value={env.id}>
                {environmentName(t, env)}
              </option>
            ))}
          </select>
          <FieldStatus field="defaultEnvironmentId" rule={t('optionsDefaultEnvRule')} />
        </div>
      </div>
      <AddForm />
      {envs.error.value ? (
        <p class="options-field-error" role="alert">
          {t('optionsError', envs.error.value)}
        </p>
      ) : null}
    </section>
  );
}
