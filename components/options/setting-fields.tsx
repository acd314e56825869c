/**
 * Setting inputs saved on commit (change/Enter) through the options store: a refused value stays in the
 * field with the rule beside it; a value changed elsewhere (another page) replaces the field's text.
 */
import type { ComponentChildren } from 'preact';
import type { MessageKey } from '../../lib/i18n/i18n';
import type { Settings } from '../../lib/settings/settings';
import { useT } from '../i18n-context';
import { useOptions } from './options-context';

/** The label of each setting (also used to name a setting that fell back to its default). */
export const SETTING_LABEL: Record<keyof Settings, MessageKey> = {
  devServerUrlTemplate: 'optionsDevServer',
  revealSecrets: 'optionsPrivacy',
  maxEntriesPerTab: 'optionsMaxEntries',
  maxBodyBytes: 'optionsMaxBody',
  language: 'optionsLanguage',
  defaultEnvironmentId: 'optionsEnvDefault',
  callTimeoutMs: 'optionsTimeout',
  maxHistoryRows: 'optionsMaxHistoryRows',
  maxStoredCaptures: 'optionsMaxStoredCaptures',
};

/** "Saved" or the rule of a refused value, beside a field. */
export function FieldStatus({ field, rule }: { field: keyof Settings; rule: string }) {
  const store = useOptions();
  const t = useT();
  const error = store.fieldErrors.value[field];
  if (error !== undefined) {
    return (
      <span class="options-field-error" role="alert" title={error} id={`options-error-${field}`}>
        {t('optionsInvalid', rule)}
      </span>
    );
  }
  return store.savedField.value === field ? (
    <span class="options-saved" role="status">
      {t('optionsSaved')}
    </span>
  ) : null;
}

function Field({ id, label, children }: { id: string; label: string; children: ComponentChildren }) {
  return (
    <div class="options-field">
      <label for={id}>{label}</label>
      <div class="options-control">{children}</div>
    </div>
  );
}

/** A text setting (the dev-server URL template). */
export function TextSetting({
  field,
  id,
  rule,
  hint,
}: {
  field: 'devServerUrlTemplate';
  id: string;
  rule: string;
  hint?: string;
}) {
  const store = useOptions();
  const t = useT();
  const stored = store.settings.value[field];
  return (
    <Field id={id} label={t(SETTING_LABEL[field])}>
      <input
        id={id}
        key={stored}
        class="options-wide"
        spellcheck={false}
        defaultValue={stored}
        onChange={(e) => void store.set(field, e.currentTarget.value.trim())}
      />
      <FieldStatus field={field} rule={rule} />
      {hint ? <small class="options-hint">{hint}</small> : null}
    </Field>
  );
}

/** A whole-number setting within a range. */
export function NumberSetting({
  field,
  id,
  min,
  max,
}: {
  field: 'maxEntriesPerTab' | 'maxBodyBytes' | 'callTimeoutMs' | 'maxHistoryRows' | 'maxStoredCaptures';
  id: string;
  min: number;
  max: number;
}) {
  const store = useOptions();
  const t = useT();
  const stored = store.settings.value[field];
  const rule = t('optionsRange', min, max);
  return (
    <Field id={id} label={t(SETTING_LABEL[field])}>
      <input
        id={id}
        key={stored}
        type="number"
        inputMode="numeric"
        min={min}
        max={max}
        step={1}
        defaultValue={String(stored)}
        onChange={(e) => {
          const text = e.currentTarget.value.trim();
          const value = Number(text);
          if (text === '' || !Number.isInteger(value)) store.reject(field, t('optionsNotInteger'));
          else void store.set(field, value);
        }}
      />
      <span class="options-range">{rule}</span>
      <FieldStatus field={field} rule={rule} />
    </Field>
  );
}
