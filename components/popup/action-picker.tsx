/**
 * The action picker: a combobox over the catalogued client APIs, searched by name and zh/en title, grouped
 * by class; `Class/Action` typed by hand is offered too. Arrows move, Enter picks (or sends when the list
 * is closed), Esc closes the list.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { CatalogueEntry } from '../../lib/cme/types';
import { choicePath, type ActionChoice } from '../../lib/ui/popup/action-path';
import type { PickerOptions } from '../../lib/ui/popup/actions';
import { useLang, useT } from '../i18n-context';
import { usePopup } from './popup-context';

const LIST_ID = 'popup-action-list';
// Until the catalogue is loaded (the popup shows the picker only after it is).
const NO_OPTIONS: PickerOptions = { groups: [], custom: null, flat: [] };
const optionId = (i: number): string => `popup-action-option-${i}`;

function EntryOption({ entry }: { entry: CatalogueEntry }) {
  const lang = useLang();
  const t = useT();
  return (
    <>
      <span class="popup-menu-name">{entry.action}</span>
      <span class="popup-menu-title">{lang === 'zh_CN' ? entry.titleZh : entry.titleEn}</span>
      {entry.documented ? null : <span class="popup-tag">{t('popupActionUndocumented')}</span>}
    </>
  );
}

/** The action combobox; `onEnter` runs on Enter while the list is closed (send). */
export function ActionPicker({ onEnter }: { onEnter: () => void }) {
  const store = usePopup();
  const t = useT();
  const input = useRef<HTMLInputElement>(null);
  const [query, setQuery] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const current =
    store.actionClass.value || store.action.value ? `${store.actionClass.value}/${store.action.value}` : '';
  const catalogue = store.catalogue.value;
  const options = useMemo(() => catalogue?.pickerOptions(query ?? '') ?? NO_OPTIONS, [catalogue, query]);

  useEffect(() => {
    if (open) document.getElementById(optionId(active))?.scrollIntoView?.({ block: 'nearest' });
  }, [open, active]);

  const close = (): void => {
    setOpen(false);
    setQuery(null);
  };
  const pick = (choice: ActionChoice): void => {
    if (choice.kind === 'catalogued') store.selectAction(choice.entry.actionClass, choice.entry.action);
    else store.selectAction(choice.actionClass, choice.action);
    close();
  };
  const openAt = (i: number): void => {
    setOpen(true);
    setActive(Math.max(0, Math.min(i, options.flat.length - 1)));
  };

  const onKeyDown = (e: KeyboardEvent): void => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      openAt(open ? active + 1 : 0);
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      openAt(open ? active - 1 : options.flat.length - 1);
    } else if (e.key === 'Enter' && !e.ctrlKey && !e.metaKey) {
      e.preventDefault();
      const choice = options.flat[active];
      if (open && choice) pick(choice);
      else {
        close();
        onEnter();
      }
    } else if (e.key === 'Escape' && open) {
      // Close the list only: the popup itself stays.
      e.preventDefault();
      e.stopPropagation();
      close();
    }
  };

  let index = 0;
  return (
    <div class="popup-field">
      <label for="popup-action">{t('popupAction')}</label>
      <div class="popup-combo">
        <input
          ref={input}
          id="popup-action"
          role="combobox"
          aria-expanded={open}
          aria-controls={LIST_ID}
          aria-autocomplete="list"
          aria-activedescendant={open && options.flat[active] ? optionId(active) : undefined}
          autocomplete="off"
          spellcheck={false}
          placeholder={t('popupActionPlaceholder')}
          value={query ?? current}
          onInput={(e) => {
            setQuery(e.currentTarget.value);
            setOpen(true);
            setActive(0);
          }}
          onKeyDown={onKeyDown}
          onBlur={close}
        />
        <button
          type="button"
          class="popup-combo-toggle"
          tabIndex={-1}
          aria-label={t('popupAction')}
          onMouseDown={(e) => e.preventDefault()}
          onClick={() => {
            input.current?.focus();
            if (open) close();
            else openAt(0);
          }}
        >
          ▾
        </button>
        {open ? (
          <div id={LIST_ID} role="listbox" class="popup-menu" aria-label={t('popupAction')}>
            {options.groups.map((g) => (
              <div key={g.actionClass} role="group" aria-label={g.actionClass}>
                <div class="popup-menu-group" aria-hidden="true">
                  {g.actionClass}
                </div>
                {g.entries.map((entry) => {
                  const i = index++;
                  return (
                    <div
                      key={entry.path}
                      id={optionId(i)}
                      role="option"
                      aria-selected={i === active}
                      class={i === active ? 'popup-menu-item popup-menu-active' : 'popup-menu-item'}
                      data-path={choicePath({ kind: 'catalogued', entry })}
                      onMouseDown={(e) => e.preventDefault()}
                      onMouseMove={() => setActive(i)}
                      onClick={() => pick({ kind: 'catalogued', entry })}
                    >
                      <EntryOption entry={entry} />
                    </div>
                  );
                })}
              </div>
            ))}
            {options.custom ? (
              <div
                id={optionId(index)}
                role="option"
                aria-selected={index === active}
                class={index === active ? 'popup-menu-item popup-menu-active' : 'popup-menu-item'}
                data-path={`${options.custom.actionClass}/${options.custom.action}`}
                onMouseDown={(e) => e.preventDefault()}
                onClick={() => options.custom && pick({ kind: 'custom', ...options.custom })}
              >
                {t('popupActionCustom', `${options.custom.actionClass}/${options.custom.action}`)}
              </div>
            ) : null}
            {options.flat.length === 0 ? <div class="popup-menu-empty">{t('popupActionNone')}</div> : null}
          </div>
        ) : null}
      </div>
    </div>
  );
}

/** The picked action's title, doc link and parameters (required ones marked, missing ones flagged). */
export function ActionInfo() {
  const store = usePopup();
  const t = useT();
  const lang = useLang();
  const entry = store.entry.value;
  if (!entry) {
    return store.actionValid.value ? (
      <p class="popup-muted popup-note">{t('popupActionNotCatalogued')}</p>
    ) : null;
  }
  const missing = new Set(
    store.check.value.issues.filter((i) => i.kind === 'missing').map((i) => i.param ?? ''),
  );
  return (
    <div class="popup-action-info">
      <p class="popup-note">
        <strong>{lang === 'zh_CN' ? entry.titleZh : entry.titleEn}</strong>
        {entry.docUrl ? (
          <>
            {' · '}
            <a href={entry.docUrl} target="_blank" rel="noreferrer">
              {t('popupDocs')}
            </a>
          </>
        ) : (
          <span class="popup-tag">{t('popupActionUndocumented')}</span>
        )}
      </p>
      <p class="popup-params-title popup-muted">
        {entry.params.length > 0 ? t('popupParams') : t('popupNoParams')}
      </p>
      {entry.params.length > 0 ? (
        <ul class="popup-params" aria-label={t('popupParams')}>
          {entry.params.map((p) => (
            <li
              key={p.name}
              class={[
                'popup-param',
                p.required ? 'popup-param-required' : '',
                missing.has(p.name) ? 'popup-param-missing' : '',
              ]
                .filter(Boolean)
                .join(' ')}
              title={lang === 'zh_CN' ? p.noteZh : p.note}
            >
              <code>
                {p.name}
                {p.required ? '*' : ''}
              </code>
              <span class="popup-param-type">{p.type}</span>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
