/**
 * The options page (opens in a tab): environments with host access, the dev-server signature URL,
 * session-only local-signing keys, masking, capture limits, UI language, and stored data. A stored value
 * that was corrupt is named in a note at the top; the page never goes blank.
 */
import type { Lang } from '../../lib/i18n/i18n';
import type { Settings } from '../../lib/settings/settings';
import { useT } from '../i18n-context';
import '../theme.css';
import './options.css';
import { KeysForm } from '../keys-form';
import { AgentSection } from './agent-section';
import { DataSection } from './data-section';
import { EnvironmentsSection } from './environments-section';
import { useOptions } from './options-context';
import { StorageSection } from './storage-section';
import { FieldStatus, NumberSetting, SETTING_LABEL, TextSetting } from './setting-fields';

const NOTE_FIELD = /^Setting "(\w+)"/;

function SettingsNotes() {
  const store = useOptions();
  const t = useT();
  const notes = store.notes.value;
  if (notes.length === 0) return null;
  return (
    <div class="note note-warn options-notes" role="alert" id="options-notes">
      <p>{t('optionsNotesTitle')}</p>
      <ul>
        {notes.map((note) => {
          const field = NOTE_FIELD.exec(note)?.[1] as keyof Settings | undefined;
          const label = field && field in SETTING_LABEL ? t(SETTING_LABEL[field]) : null;
          return (
            <li key={note} title={note}>
              {label ? t('optionsNoteField', label) : t('optionsReadFailed')}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

function LanguageSection({ browserLang }: { browserLang: Lang }) {
  const store = useOptions();
  const t = useT();
  const current = store.settings.value.language;
  const choices: { value: Settings['language']; label: string }[] = [
    {
      value: 'auto',
      label: t('optionsLangAuto', browserLang === 'zh_CN' ? t('optionsLangZh') : t('optionsLangEn')),
    },
    { value: 'zh_CN', label: t('optionsLangZh') },
    { value: 'en', label: t('optionsLangEn') },
  ];
  return (
    <section class="options-section" aria-labelledby="options-language-title">
      <h2 id="options-language-title">{t('optionsLanguage')}</h2>
      <div role="radiogroup" aria-labelledby="options-language-title" class="options-radios">
        {choices.map((c) => (
          <label key={c.value}>
            <input
              type="radio"
              name="options-language"
              id={`options-language-${c.value}`}
              value={c.value}
              checked={current === c.value}
              onChange={() => void store.set('language', c.value)}
            />
            {c.label}
          </label>
        ))}
      </div>
      <FieldStatus field="language" rule={t('optionsLangRule')} />
    </section>
  );
}

/** The options page's root view; `browserLang` names what "follow the browser" gives. */
export function OptionsApp({ browserLang }: { browserLang: Lang }) {
  const store = useOptions();
  const t = useT();
  return (
    <main class="options-root">
      <header class="options-header">
        <h1>{t('optionsTitle')}</h1>
      </header>
      <SettingsNotes />
      <EnvironmentsSection />
      <section class="options-section" aria-labelledby="options-login-title">
        <h2 id="options-login-title">{t('optionsLogin')}</h2>
        <TextSetting
          field="devServerUrlTemplate"
          id="options-dev-server"
          rule={t('optionsUrlRule')}
          hint={t('optionsDevServerHint')}
        />
      </section>
      <section class="options-section" id="options-keys" aria-labelledby="options-keys-title">
        <h2 id="options-keys-title">{t('optionsKeys')}</h2>
        <KeysForm
          idPrefix="options"
          status={store.keys.value}
          error={store.keysError.value}
          onSet={(id, key) => store.setKeys(id, key)}
          onForget={() => void store.forgetKeys()}
        />
      </section>
      <section class="options-section" aria-labelledby="options-privacy-title">
        <h2 id="options-privacy-title">{t('optionsPrivacy')}</h2>
        <label class="options-check">
          <input
            type="checkbox"
            id="options-reveal"
            checked={store.settings.value.revealSecrets}
            onChange={(e) => void store.set('revealSecrets', e.currentTarget.checked)}
          />
          {t('optionsReveal')}
        </label>
      </section>
      <section class="options-section" aria-labelledby="options-capture-title">
        <h2 id="options-capture-title">{t('optionsCapture')}</h2>
        <NumberSetting field="maxEntriesPerTab" id="options-max-entries" min={100} max={100_000} />
        <NumberSetting field="maxBodyBytes" id="options-max-body" min={1024} max={10 * 1024 * 1024} />
        <NumberSetting field="callTimeoutMs" id="options-timeout" min={1000} max={300_000} />
      </section>
      <AgentSection />
      <LanguageSection browserLang={browserLang} />
      <StorageSection />
      <DataSection />
    </main>
  );
}
