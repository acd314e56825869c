/**
 * The panel's one filter box: the query of the filter language (lib/ui/panel/filter-query.ts) with a
 * suggestion list (ARIA combobox: arrows move, Enter or Tab takes, Escape closes), invalid terms
 * underlined in place with their reasons in the title and in a note the input is described by, and the
 * regex worker's note (refused, too slow, failed).
 */
import { useComputed } from '@preact/signals';
import { useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { filterStatusOf, type FilterStatus } from '../../lib/ui/panel/filter-status';
import type { TermError } from '../../lib/ui/panel/filter-query';
import type { Suggestion } from '../../lib/ui/panel/filter-suggest';
import { useT } from '../i18n-context';
import { usePanel } from './panel-context';
import './filter-box.css';

type T = ReturnType<typeof useT>;
const LIST_ID = 'cme-filter-list';
const NOTE_ID = 'cme-filter-note';
// The note and the title name this many invalid terms at most (every one is underlined).
const NOTE_ERRORS = 10;
const optionId = (i: number): string => `cme-filter-option-${i}`;

// The suggestions' code loads when the box is first used, not with the first paint.
type SuggestModule = typeof import('../../lib/ui/panel/filter-suggest');
let suggestModule: SuggestModule | null = null;
const loadSuggest = (): Promise<SuggestModule> =>
  import('../../lib/ui/panel/filter-suggest').then((m) => (suggestModule = m));

/** What the filter box says when its regex was refused, stopped after its budget or failed. */
function statusNote(t: T, status: FilterStatus): string {
  if (status.kind === 'too-slow') return t('panelFilterTooSlow', String(status.budgetMs));
  if (status.kind === 'failed') return t('panelFilterWorkerFailed', status.message);
  return status.reason === 'nested'
    ? t('panelFilterRefusedNested', status.part)
    : t('panelFilterRefusedAlternation', status.part);
}

/** Why a term is invalid, in the UI language. */
export function errorReason(t: T, e: TermError): string {
  const r = e.reason;
  switch (r.kind) {
    case 'unknown-key':
      return r.suggestion ? t('panelFilterErrKeyHint', `${r.suggestion}:`) : t('panelFilterErrKey');
    case 'empty-value':
      return t('panelFilterErrEmpty');
    case 'bad-number':
      return t('panelFilterErrNumber', r.value, r.example);
    case 'unknown-is':
      return r.suggestion ? t('panelFilterErrIsHint', `is:${r.suggestion}`) : t('panelFilterErrIs');
    case 'bad-regex':
      return t('panelFilterBadRegex', r.message);
    case 'unclosed-quote':
      return t('panelFilterErrQuote');
    default:
      return t('panelFilterErrOneRegex');
  }
}

/** The query as transparent text with each invalid term underlined (drawn over the input). */
function Marks({ query, errors, scroll }: { query: string; errors: readonly TermError[]; scroll: number }) {
  const parts = [];
  let at = 0;
  for (const e of errors) {
    if (e.from < at) continue;
    parts.push(query.slice(at, e.from));
    parts.push(
      <span key={e.from} class="cme-filter-bad">
        {query.slice(e.from, e.to)}
      </span>,
    );
    at = e.to;
  }
  parts.push(query.slice(at));
  return (
    <div class="cme-filter-marks" aria-hidden="true">
      <span style={{ transform: `translateX(${-scroll}px)` }}>{parts}</span>
    </div>
  );
}

/** The filter box. */
export function FilterBox() {
  const t = useT();
  const { panel } = usePanel();
  const query = panel.filter.value;
  const parsedErrors = panel.parsedFilter.value.errors;
  const input = useRef<HTMLInputElement>(null);
  const [caret, setCaret] = useState(0);
  const [scroll, setScroll] = useState(0);
  const [open, setOpen] = useState(false);
  const [forced, setForced] = useState(false);
  const [active, setActive] = useState(0);
  const placeCaret = useRef<number | null>(null);
  const statusSignal = useComputed(() => filterStatusOf(panel.visible.value));
  const [suggester, setSuggester] = useState(suggestModule);
  const wantSuggest = (): void => {
    if (!suggester) void loadSuggest().then(setSuggester);
  };
  // Read only while suggestions are open: the facets grow with captured calls, and a box subscribed to them
  // re-rendered on every captured batch (issue #20).
  const facets = open ? panel.facets.value : null;
  const found = useMemo(
    () => (facets && suggester ? suggester.suggest(query, caret, facets, forced) : null),
    [open, suggester, query, caret, facets, forced],
  );
  const items = found?.items ?? [];
  const expanded = items.length > 0;
  // `action:` with the caret after it while the values are offered is being typed, not wrong yet.
  const errors = parsedErrors.filter((e) => !(expanded && e.reason.kind === 'empty-value' && e.to === caret));

  // After the query changed: reading the input's scroll lays the page out, which once per render (a
  // status note, a suggestion) costs the inspected page too; typing and scrolling the box call `sync`.
  useLayoutEffect(() => {
    const el = input.current;
    if (el && placeCaret.current !== null) {
      el.setSelectionRange(placeCaret.current, placeCaret.current);
      placeCaret.current = null;
    }
    if (el && el.scrollLeft !== scroll) setScroll(el.scrollLeft);
  }, [query]);

  const sync = (): void => {
    const el = input.current;
    if (!el) return;
    setCaret(el.selectionStart ?? el.value.length);
    setScroll(el.scrollLeft);
  };
  const take = (item: Suggestion): void => {
    if (!found || !suggester) return;
    const next = suggester.accept(query, found, item);
    placeCaret.current = next.caret;
    panel.setQuery(next.query);
    setCaret(next.caret);
    setActive(0);
    setForced(false);
  };
  const onKeyDown = (e: KeyboardEvent): void => {
    const n = items.length;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (!expanded) {
        wantSuggest();
        sync();
        setOpen(true);
        setForced(true);
        setActive(0);
      } else setActive((active + (e.key === 'ArrowDown' ? 1 : n - 1)) % n);
    } else if ((e.key === 'Enter' || e.key === 'Tab') && expanded && !e.shiftKey) {
      e.preventDefault();
      take(items[Math.min(active, n - 1)]!);
    } else if (e.key === 'Escape' && expanded) {
      e.preventDefault();
      e.stopPropagation();
      setOpen(false);
    }
  };

  // Through a computed: the box re-renders when the status changes, not on every list update (its layout
  // effect reads the input's scroll, which would lay the page out once per captured batch).
  const status = statusSignal.value;
  const note = status && statusNote(t, status);
  const reasons = errors
    .slice(0, NOTE_ERRORS)
    .map((e) => `${query.slice(e.from, e.to)}: ${errorReason(t, e)}`);
  const described = reasons.length > 0 || note;
  return (
    <>
      <span class="cme-filter-box">
        <input
          ref={input}
          type="text"
          class={`cme-filter${reasons.length > 0 || note ? ' is-invalid' : ''}`}
          name="filter"
          role="combobox"
          aria-expanded={expanded}
          aria-controls={LIST_ID}
          aria-autocomplete="list"
          aria-activedescendant={expanded ? optionId(Math.min(active, items.length - 1)) : undefined}
          aria-describedby={described ? NOTE_ID : undefined}
          aria-invalid={reasons.length > 0 || undefined}
          autocomplete="off"
          spellcheck={false}
          placeholder={t('panelFilterPlaceholder')}
          aria-label={t('panelFilterLabel')}
          title={[...reasons, note ?? ''].filter(Boolean).join('\n') || t('panelFilterHelp')}
          value={query}
          onFocus={wantSuggest}
          onInput={(e) => {
            wantSuggest();
            panel.setQuery(e.currentTarget.value);
            setOpen(true);
            setForced(false);
            setActive(0);
            sync();
          }}
          onKeyDown={onKeyDown}
          onKeyUp={(e) =>
            (e.key === 'ArrowLeft' || e.key === 'ArrowRight' || e.key === 'Home' || e.key === 'End') && sync()
          }
          onClick={sync}
          onScroll={sync}
          onBlur={() => setOpen(false)}
        />
        {errors.length > 0 && <Marks query={query} errors={errors} scroll={scroll} />}
        {expanded && (
          <div id={LIST_ID} role="listbox" class="cme-filter-list" aria-label={t('panelFilterSuggestions')}>
            {items.map((item, i) => (
              <div
                key={`${item.kind}:${item.label}`}
                id={optionId(i)}
                role="option"
                aria-selected={i === active}
                class={i === active ? 'cme-filter-option is-active' : 'cme-filter-option'}
                data-insert={item.insert}
                onMouseDown={(e) => e.preventDefault()}
                onMouseMove={() => setActive(i)}
                onClick={() => take(item)}
              >
                {item.label}
              </div>
            ))}
          </div>
        )}
      </span>
      {described && (
        <span id={NOTE_ID} class="cme-filter-note" role="status" title={reasons.join('\n') || undefined}>
          {errors.slice(0, NOTE_ERRORS).map((e, i) => (
            <span key={e.from} data-filter-error={e.reason.kind}>
              <code>{query.slice(e.from, e.to)}</code> {errorReason(t, e)}
              {i < errors.length - 1 ? '; ' : ''}
            </span>
          ))}
          {errors.length > NOTE_ERRORS ? '…' : ''}
          {note && <span data-filter-status={status.kind}>{note}</span>}
        </span>
      )}
    </>
  );
}
