/**
 * The capture rule editor the options page and the panel share: a path pattern with <Class> and <Action>,
 * where the ticket travels (query parameter, header, body field) and its name, checked as typed with the
 * parser's own error in the UI language. The panel passes `preview` to show what a valid rule matches.
 */
import type { ComponentChildren } from 'preact';
import { useMemo, useState } from 'preact/hooks';
import { compileCaptureRule } from '../lib/cme/capture-rules';
import type { CaptureRule, CaptureRuleSpec, TicketLocation } from '../lib/cme/types';
import { captureRuleErrorText } from '../lib/ui/shared/capture-rules';
import { useT } from './i18n-context';
import './theme.css';
import './capture-rule-editor.css';

/** Props of the editor. */
export interface CaptureRuleEditorProps {
  /** Prefix of the fields' ids (several editors may share a page). */
  idPrefix: string;
  initial?: CaptureRuleSpec;
  /** Saves a valid rule; resolves false (or throws) when it was not saved, keeping the form. */
  onSave(spec: CaptureRuleSpec): Promise<boolean> | boolean;
  onCancel?(): void;
  /** What a valid rule matches (the panel: the tab's recent requests). */
  preview?(rule: CaptureRule): ComponentChildren;
  /** Disables saving (nothing to save into). */
  disabled?: boolean;
}

const PLACEHOLDER_NAME: Record<TicketLocation['in'], string> = {
  header: 'X-CME-Auth',
  query: 'auth',
  body: 'Auth',
};

/** The editor of one rule. */
export function CaptureRuleEditor(props: CaptureRuleEditorProps) {
  const t = useT();
  const [pattern, setPattern] = useState(props.initial?.pattern ?? '');
  const [where, setWhere] = useState<TicketLocation['in']>(props.initial?.ticket.in ?? 'header');
  const [name, setName] = useState(props.initial?.ticket.name ?? '');
  const [busy, setBusy] = useState(false);
  const compiled = useMemo(
    () =>
      compileCaptureRule({ pattern, ticket: { in: where, name: name.trim() || PLACEHOLDER_NAME[where] } }),
    [pattern, where, name],
  );
  const id = (part: string) => `${props.idPrefix}-${part}`;
  // An empty pattern is not wrong yet: its message reads as the hint it is.
  const untouched = pattern.trim() === '';
  return (
    <form
      class="capture-rule-editor"
      id={id('form')}
      onSubmit={(e) => {
        e.preventDefault();
        if (!compiled.ok || busy || props.disabled) return;
        setBusy(true);
        void Promise.resolve()
          .then(() => props.onSave(compiled.rule.spec))
          .catch(() => false)
          .finally(() => setBusy(false));
      }}
    >
      <div class="capture-rule-fields">
        <label class="capture-rule-pattern">
          <span>{t('captureRulePattern')}</span>
          <input
            id={id('pattern')}
            spellcheck={false}
            autocomplete="off"
            placeholder="/api/cme/<Class>/<Action>"
            value={pattern}
            onInput={(e) => setPattern(e.currentTarget.value)}
          />
        </label>
        <label>
          <span>{t('captureRuleTicketIn')}</span>
          <select
            id={id('where')}
            value={where}
            onChange={(e) => setWhere(e.currentTarget.value as TicketLocation['in'])}
          >
            <option value="header">{t('captureRuleInHeader')}</option>
            <option value="query">{t('captureRuleInQuery')}</option>
            <option value="body">{t('captureRuleInBody')}</option>
          </select>
        </label>
        <label>
          <span>{t('captureRuleName')}</span>
          <input
            id={id('name')}
            spellcheck={false}
            autocomplete="off"
            placeholder={PLACEHOLDER_NAME[where]}
            value={name}
            onInput={(e) => setName(e.currentTarget.value)}
          />
        </label>
      </div>
      <p
        id={id('status')}
        class={`capture-rule-status ${compiled.ok ? 'capture-rule-ok' : untouched ? 'capture-rule-hint' : 'capture-rule-error'}`}
        role={compiled.ok || untouched ? undefined : 'alert'}
        data-ok={String(compiled.ok)}
      >
        {compiled.ok ? t('captureRuleValid') : captureRuleErrorText(t, compiled.error)}
      </p>
      {compiled.ok && props.preview ? (
        <div class="capture-rule-preview">{props.preview(compiled.rule)}</div>
      ) : null}
      <div class="capture-rule-actions">
        <button
          type="submit"
          id={id('save')}
          class="btn-primary"
          disabled={!compiled.ok || busy || props.disabled === true}
        >
          {t('captureRuleSave')}
        </button>
        {props.onCancel ? (
          <button type="button" id={id('cancel')} onClick={() => props.onCancel?.()}>
            {t('captureRuleCancel')}
          </button>
        ) : null}
      </div>
    </form>
  );
}
