/**
 * Stored data: counts, an export (settings, environments, history, tickets — masked unless chosen
 * otherwise) and a clear that first shows how much of each kind will go.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { MessageKey } from '../../lib/i18n/i18n';
import type { ClearableData } from '../../lib/store/schema';
import { CLEARABLE } from '../../lib/ui/options/data';
import { useT } from '../i18n-context';
import { useOptions } from './options-context';

const CLEAR_LABEL: Record<ClearableData, MessageKey> = {
  tickets: 'optionsClearTickets',
  history: 'optionsClearHistory',
  captures: 'optionsClearCaptures',
};

function Confirmation() {
  const { data } = useOptions();
  const t = useT();
  const counts = data.confirming.value;
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);
  if (!counts) return null;
  const selection = data.selection.value;
  return (
    <div
      class="options-confirm"
      role="alertdialog"
      aria-labelledby="options-confirm-title"
      id="options-confirm"
      onKeyDown={(e) => {
        if (e.key === 'Escape') data.cancelClear();
      }}
    >
      <p id="options-confirm-title">{t('optionsClearConfirm')}</p>
      <ul class="options-confirm-list">
        {CLEARABLE.map((group, i) => (
          <li key={group}>
            <label>
              <input
                ref={i === 0 ? first : undefined}
                type="checkbox"
                id={`options-clear-${group}`}
                checked={selection.includes(group)}
                onChange={(e) => data.toggle(group, e.currentTarget.checked)}
              />
              {t(CLEAR_LABEL[group], counts[group])}
            </label>
          </li>
        ))}
      </ul>
      <p class="options-hint">{t('optionsClearKeep')}</p>
      <div class="options-actions">
        <button
          type="button"
          id="options-clear-confirm"
          class="btn-primary options-danger"
          disabled={data.busy.value || selection.length === 0}
          onClick={() => void data.confirmClear()}
        >
          {t('optionsClearNow')}
        </button>
        <button type="button" id="options-clear-cancel" onClick={data.cancelClear}>
          {t('optionsCancel')}
        </button>
      </div>
    </div>
  );
}

/** The stored-data section. */
export function DataSection() {
  const store = useOptions();
  const { data } = store;
  const t = useT();
  // Never from the settings (views only): an export with secrets is chosen for that one export.
  const [reveal, setReveal] = useState(false);
  const [exported, setExported] = useState(false);
  const counts = data.counts.value;
  return (
    <section class="options-section" id="options-data" aria-labelledby="options-data-title">
      <h2 id="options-data-title">{t('optionsData')}</h2>
      <p id="options-counts">
        {counts
          ? [
              t.plural('optionsCountTickets', counts.tickets, counts.tickets),
              t.plural('optionsCountHistory', counts.history, counts.history),
              t.plural('optionsCountCaptures', counts.captures, counts.captures),
              t.plural('optionsCountEnvironments', counts.environments, counts.environments),
            ].join(' · ')
          : '…'}
      </p>
      <div class="options-actions">
        <button
          type="button"
          id="options-export"
          onClick={() => void data.exportData(reveal).then((ok) => setExported(ok))}
        >
          {t('optionsExport')}
        </button>
        <label>
          <input
            type="checkbox"
            id="options-export-reveal"
            checked={reveal}
            onChange={(e) => setReveal(e.currentTarget.checked)}
          />
          {t('optionsExportReveal')}
        </label>
        {exported ? (
          <span class="options-saved" role="status">
            {t('optionsExportDone')}
          </span>
        ) : null}
      </div>
      <p class="options-hint">{t('optionsExportHint')}</p>
      <div class="options-actions">
        <button
          type="button"
          id="options-clear"
          onClick={() => void data.askClear()}
          disabled={data.confirming.value !== null}
        >
          {t('optionsClear')}
        </button>
        {data.cleared.value && !data.confirming.value ? (
          <span class="options-saved" role="status" id="options-cleared">
            {t('optionsCleared')}
          </span>
        ) : null}
      </div>
      {data.confirming.value ? <Confirmation /> : null}
      {data.error.value ? (
        <p class="options-field-error" role="alert">
          {t('optionsError', data.error.value)}
        </p>
      ) : null}
    </section>
  );
}
