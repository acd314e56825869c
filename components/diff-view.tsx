/**
 * The differences between two JSON values (a captured answer and its replay) as a dense table: path,
 * kind, before, after; type changes called out; secret fields masked by default.
 */
import { useMemo, useState } from 'preact/hooks';
import { maskJsonSecrets } from '../lib/cme/redact';
import type { Masker } from '../lib/cme/secrets';
import { countDiff, diffJson, jsonType, type DiffEntry } from '../lib/ui/shared/json-diff';
import { useT } from './i18n-context';
import './theme.css';
import './diff-view.css';

/** Props of {@link DiffView}. */
export interface DiffViewProps {
  before: unknown;
  after: unknown;
  /** Mask secret fields in the values shown (default true). The diff itself runs on the real values. */
  mask?: boolean;
  /** The page's masker (every secret it has seen, by value): used instead of masking by field name alone. */
  masker?: Pick<Masker, 'json' | 'text'>;
  /** Rows shown before "show more" (default 200). */
  pageSize?: number;
}

const VALUE_LIMIT = 160;

/** Compact one-line JSON of a value, cut at `VALUE_LIMIT` characters. */
function short(value: unknown): string {
  let text: string;
  try {
    text = value === undefined ? 'undefined' : (JSON.stringify(value) ?? String(value));
  } catch {
    text = String(value);
  }
  return text.length > VALUE_LIMIT ? `${text.slice(0, VALUE_LIMIT)}…` : text;
}

/** Masks a value as maskJsonSecrets would where it sits: under its own key name when it has one. */
function maskAt(entry: DiffEntry, value: unknown, masker?: Pick<Masker, 'json' | 'text'>): unknown {
  const last = entry.segments[entry.segments.length - 1];
  const json = <T,>(v: T): T => (masker === undefined ? maskJsonSecrets(v) : masker.json(v));
  try {
    if (typeof last === 'string') return json({ [last]: value })[last];
    return json(value);
  } catch {
    return '[unreadable]';
  }
}

/** The diff table of `before` → `after`. */
export function DiffView({ before, after, mask = true, masker, pageSize = 200 }: DiffViewProps) {
  const t = useT();
  const entries = useMemo(() => diffJson(before, after), [before, after]);
  const [limit, setLimit] = useState(pageSize);
  const counts = countDiff(entries);
  if (entries.length === 0) return <p class="note note-ok diff-none">{t('diffNone')}</p>;
  const shown = entries.slice(0, limit);
  const kindLabel = { added: t('diffAdded'), removed: t('diffRemoved'), changed: t('diffChanged') };
  const show = (e: DiffEntry, v: unknown) => short(mask || masker !== undefined ? maskAt(e, v, masker) : v);
  return (
    <div class="diff-view">
      <p class="diff-summary">
        {t.plural(
          'diffSummary',
          entries.length,
          entries.length,
          counts.added,
          counts.removed,
          counts.changed,
        )}
      </p>
      <table class="table diff-table">
        <thead>
          <tr>
            <th class="diff-col-path">{t('diffPath')}</th>
            <th class="diff-col-kind">{t('diffKind')}</th>
            <th>{t('diffBefore')}</th>
            <th>{t('diffAfter')}</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((e) => {
            const typeChange = e.kind === 'changed' && jsonType(e.before) !== jsonType(e.after);
            return (
              <tr key={e.path} class={`diff-row diff-${e.kind}`} data-kind={e.kind}>
                <td class="mono diff-path">
                  {(masker === undefined ? e.path : masker.text(e.path)) || t('diffRoot')}
                </td>
                <td class="diff-kind">
                  <span class={`badge diff-badge-${e.kind}`}>{kindLabel[e.kind]}</span>
                  {typeChange && (
                    <span class="diff-type">
                      {t('diffTypeChange', jsonType(e.before), jsonType(e.after))}
                    </span>
                  )}
                </td>
                <td class="mono diff-before">{e.kind === 'added' ? '' : show(e, e.before)}</td>
                <td class="mono diff-after">{e.kind === 'removed' ? '' : show(e, e.after)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {entries.length > limit && (
        <button type="button" class="btn-link diff-more" onClick={() => setLimit(limit + pageSize)}>
          {t('diffShowMore', Math.min(pageSize, entries.length - limit), entries.length)}
        </button>
      )}
    </div>
  );
}
