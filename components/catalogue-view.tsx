/**
 * What the catalogue says of an action: title, doc link, documented or not, the body check's findings
 * (in the UI language), the parameter and Data tables with offending parameters marked, and its error codes.
 */
import { explainError } from '../lib/cme/errors';
import type { CatalogueCheck, CatalogueEntry, ParamFinding } from '../lib/cme/types';
import type { Translate } from '../lib/i18n/i18n';
import { useLang, useT } from './i18n-context';
import './theme.css';
import './catalogue-view.css';

/** Props of {@link CatalogueView}. */
export interface CatalogueViewProps {
  /** The catalogue entry (possibly found case-insensitively), undefined when the action is not catalogued. */
  entry: CatalogueEntry | undefined;
  /** The body check of the call; null when there is no call to check (browsing the catalogue). */
  check: CatalogueCheck | null;
  /** The names as the call spelled them. */
  actionClass: string;
  action: string;
}

/** The part of a bilingual label `中文 (English)` in the UI language; the whole label otherwise. */
function pickLang(label: string, zh: boolean): string {
  const m = /^(.*?)\s*\((.*)\)\s*$/.exec(label);
  if (!m) return label;
  return (zh ? m[1] : m[2]) || label;
}

/** A finding in the UI language (the check's own message is English-only). */
export function findingText(f: ParamFinding, t: Translate): string {
  switch (f.problem) {
    case 'missing':
      return t('catalogueMissing', f.param, f.expected ?? '?');
    case 'type':
      return t('catalogueWrongType', f.param, f.expected ?? '?', f.got ?? '?');
    case 'unknown':
      // CME answers such a call as if the parameter were absent: say so, with the likely spelling.
      return f.suggestion === undefined
        ? t('catalogueUnknown', f.param)
        : t('catalogueUnknownNear', f.param, f.suggestion);
    case 'not-object':
      return f.got === undefined || f.got === 'undefined'
        ? t('catalogueNoBody')
        : t('catalogueNotObject', f.got);
    default:
      return f.message;
  }
}

const PROBLEM_CLASS: Record<ParamFinding['problem'], string> = {
  missing: 'badge badge-err',
  type: 'badge badge-err',
  unknown: 'badge badge-warn',
  'not-object': 'badge badge-err',
};

/** How many findings the list shows (a body may have 10,000 unknown keys); a line says how many more. */
export const FINDINGS_SHOWN = 50;
/** How many findings a parameter row's title names. */
const TITLE_FINDINGS = 5;

/** Findings touching a parameter: on it, or on a field inside it (`Owner.Type`, `Tags[0]`). */
function findingsFor(name: string, findings: ParamFinding[]): ParamFinding[] {
  return findings.filter(
    (f) => f.param === name || f.param.startsWith(`${name}.`) || f.param.startsWith(`${name}[`),
  );
}

/** The catalogue entry of an action and the check of a call against it. */
export function CatalogueView({ entry, check, actionClass, action }: CatalogueViewProps) {
  const t = useT();
  const zh = useLang() === 'zh_CN';
  const called = `/${actionClass}/${action}`;
  const findings = check?.findings ?? [];
  const problemLabel: Record<ParamFinding['problem'], string> = {
    missing: t('catalogueProblemMissing'),
    type: t('catalogueProblemType'),
    unknown: t('catalogueProblemUnknown'),
    'not-object': t('catalogueProblemNotObject'),
  };
  const miscased = entry && entry.path !== called;
  return (
    <div class="cat-view">
      <div class="cat-head">
        <code class="cat-path">{entry?.path ?? called}</code>
        {entry && <span class="cat-title">{zh ? entry.titleZh : entry.titleEn}</span>}
        {entry && <span class="faint cat-group">{pickLang(entry.group, zh)}</span>}
        {entry && !entry.documented && (
          <span class="badge badge-warn" title={t('catalogueUndocumentedTitle')}>
            {t('catalogueUndocumented')}
          </span>
        )}
        {entry?.docUrl && (
          <a class="cat-doc" href={entry.docUrl} target="_blank" rel="noopener noreferrer">
            {t('catalogueDocs')} ↗
          </a>
        )}
      </div>
      {!entry && <p class="note note-warn cat-missing">{t('catalogueNotFound', called)}</p>}
      {miscased && <p class="note note-warn cat-case">{t('catalogueCaseMismatch', called, entry.path)}</p>}
      {check && entry && (
        <section class="cat-check" aria-label={t('catalogueBodyCheck')}>
          {findings.length === 0 ? (
            <p class="note note-ok">{t('catalogueBodyOk')}</p>
          ) : (
            <ul class="cat-findings">
              {findings.slice(0, FINDINGS_SHOWN).map((f, i) => (
                <li key={i} data-problem={f.problem}>
                  <span class={PROBLEM_CLASS[f.problem]}>{problemLabel[f.problem]}</span>
                  <span>{findingText(f, t)}</span>
                </li>
              ))}
              {findings.length > FINDINGS_SHOWN && (
                <li class="muted cat-more">
                  {t.plural(
                    'catalogueMoreFindings',
                    findings.length - FINDINGS_SHOWN,
                    findings.length - FINDINGS_SHOWN,
                  )}
                </li>
              )}
            </ul>
          )}
        </section>
      )}
      {entry && entry.params.length > 0 && (
        <table class="table cat-params">
          <caption>{t('catalogueParams')}</caption>
          <thead>
            <tr>
              <th>{t('catalogueColName')}</th>
              <th>{t('catalogueColType')}</th>
              <th>{t('catalogueColRequired')}</th>
              <th>{t('catalogueColNote')}</th>
            </tr>
          </thead>
          <tbody>
            {entry.params.map((p) => {
              const own = findingsFor(p.name, findings);
              return (
                <tr
                  key={p.name}
                  class={own.length > 0 ? 'cat-bad' : undefined}
                  title={
                    own
                      .slice(0, TITLE_FINDINGS)
                      .map((f) => findingText(f, t))
                      .join('\n') || undefined
                  }
                >
                  <td class="mono">{p.name}</td>
                  <td class="mono muted">{p.type}</td>
                  <td>
                    {p.required ? (
                      <span class="cat-required">{t('catalogueRequired')}</span>
                    ) : (
                      <span class="faint">{t('catalogueOptional')}</span>
                    )}
                  </td>
                  <td>{zh ? p.noteZh : p.note}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {entry && entry.params.length === 0 && <p class="muted">{t('catalogueNoParams')}</p>}
      {entry && entry.data.length > 0 && (
        <table class="table cat-data">
          <caption>{t('catalogueData')}</caption>
          <thead>
            <tr>
              <th>{t('catalogueColName')}</th>
              <th>{t('catalogueColType')}</th>
              <th>{t('catalogueColNote')}</th>
            </tr>
          </thead>
          <tbody>
            {entry.data.map((d) => (
              <tr key={d.name}>
                <td class="mono">{d.name}</td>
                <td class="mono muted">{d.type}</td>
                <td>{zh ? d.noteZh : d.note}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {entry && entry.errorCodes.length > 0 && (
        <div class="cat-codes">
          <span class="muted">{t('catalogueErrorCodes')}</span>
          {entry.errorCodes.map((c) => {
            const ex = explainError(c, 'api');
            return (
              <code key={c} class="cat-code" title={ex ? (zh ? ex.messageZh : ex.messageEn) : undefined}>
                {c}
              </code>
            );
          })}
        </div>
      )}
    </div>
  );
}
