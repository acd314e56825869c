/**
 * The Faults view: the inspected tab's fault rules — add one (a target from the action catalogue, a class,
 * every call or the login; an effect: a Code from the error dictionary at HTTP 200, an HTTP status with an
 * HTML page, a delay, a network failure; optionally every Nth call or a percentage), turn rules on and off,
 * remove them. Saved at once for the tab (the background pushes them to the page agent). Loaded on first use.
 */
import { useMemo } from 'preact/hooks';
import { listActions } from '../../lib/cme/catalogue';
import { pickerCodes } from '../../lib/cme/errors';
import type { ErrorRow } from '../../lib/cme/error-data';
import type { MessageKey } from '../../lib/i18n/i18n';
import type { EffectKind } from '../../lib/ui/panel/faults';
import { useLang, useT } from '../i18n-context';
import { ruleText } from './agent-note';
import { usePanel } from './panel-context';
import './faults-view.css';

const SOURCE_LABEL: Record<ErrorRow['source'], MessageKey> = {
  'client-docs': 'panelFaultsSourceClientDocs',
  'server-docs': 'panelFaultsSourceServerDocs',
  'third-party': 'panelFaultsSourceThirdParty',
  sandbox: 'panelFaultsSourceSandbox',
};

const KINDS: { kind: EffectKind; key: MessageKey }[] = [
  { kind: 'code', key: 'panelFaultsKindCode' },
  { kind: 'http', key: 'panelFaultsKindHttp' },
  { kind: 'delay', key: 'panelFaultsKindDelay' },
  { kind: 'network', key: 'panelFaultsKindNetwork' },
];

/** The catalogue's actions grouped by class, classes sorted. */
function actionsByClass(): [string, string[]][] {
  const by = new Map<string, Set<string>>();
  for (const a of listActions()) {
    const set = by.get(a.actionClass) ?? new Set<string>();
    by.set(a.actionClass, set.add(a.action));
  }
  return [...by.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([c, set]) => [c, [...set].sort((a, b) => a.localeCompare(b))]);
}

/** The picker's codes grouped by where they come from, documented first (pickerCodes' order). */
function codesBySource(): [ErrorRow['source'], ErrorRow[]][] {
  const groups = new Map<ErrorRow['source'], ErrorRow[]>();
  for (const row of pickerCodes()) groups.set(row.source, [...(groups.get(row.source) ?? []), row]);
  return [...groups.entries()];
}

function RuleForm() {
  const t = useT();
  const lang = useLang();
  const { faults } = usePanel();
  const classes = useMemo(actionsByClass, []);
  const codes = useMemo(codesBySource, []);
  if (!faults) return null;
  const d = faults.draft.value;
  const problem = faults.problem.value;
  const picked =
    d.kind === 'code' ? codes.flatMap(([, rows]) => rows).find((r) => r.code === d.code) : undefined;
  const text = (e: Event) => (e.currentTarget as HTMLInputElement | HTMLSelectElement).value;
  // A target typed elsewhere (a rule's target) stays selectable.
  return (
    <div class="cme-faults-form" role="group">
      <label>
        <span>{t('panelFaultsTarget')}</span>
        <select
          class="cme-select"
          name="fault-target"
          value={d.target}
          onChange={(e) => faults.edit({ target: text(e) })}
        >
          <option value="">{t('panelFaultsTargetPick')}</option>
          <option value="*">{t('panelFaultsTargetAll')}</option>
          <option value="Login">{t('panelFaultsTargetLogin')}</option>
          {classes.map(([c, actions]) => (
            <optgroup key={c} label={c}>
              <option value={`${c}/*`}>{t('panelFaultsTargetClass', c)}</option>
              {actions.map((a) => (
                <option key={a} value={`${c}/${a}`}>
                  {`${c}/${a}`}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </label>
      <label>
        <span>{t('panelFaultsEffect')}</span>
        <select
          class="cme-select"
          name="fault-kind"
          value={d.kind}
          onChange={(e) => faults.edit({ kind: text(e) as EffectKind })}
        >
          {KINDS.map((k) => (
            <option key={k.kind} value={k.kind}>
              {t(k.key)}
            </option>
          ))}
        </select>
      </label>
      {d.kind === 'code' && (
        <label>
          <span>{t('panelFaultsCode')}</span>
          <select
            class="cme-select"
            name="fault-code"
            value={d.code}
            onChange={(e) => faults.edit({ code: text(e) })}
          >
            {codes.map(([source, rows]) => (
              <optgroup key={source} label={t(SOURCE_LABEL[source])}>
                {rows.map((r) => (
                  <option key={r.code} value={r.code}>
                    {`${r.code} — ${lang === 'zh_CN' ? r.messageZh : r.messageEn}`}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </label>
      )}
      {d.kind === 'http' && (
        <label>
          <span>{t('panelFaultsStatus')}</span>
          <input
            class="cme-input cme-num"
            name="fault-status"
            inputMode="numeric"
            value={d.status}
            onInput={(e) => faults.edit({ status: text(e) })}
          />
        </label>
      )}
      {d.kind === 'delay' && (
        <label>
          <span>{t('panelFaultsMs')}</span>
          <input
            class="cme-input cme-num"
            name="fault-ms"
            inputMode="numeric"
            value={d.ms}
            onInput={(e) => faults.edit({ ms: text(e) })}
          />
        </label>
      )}
      <label>
        <span>{t('panelFaultsEveryNth')}</span>
        <input
          class="cme-input cme-num"
          name="fault-nth"
          inputMode="numeric"
          placeholder="1"
          value={d.everyNth}
          onInput={(e) => faults.edit({ everyNth: text(e) })}
        />
      </label>
      <label>
        <span>{t('panelFaultsPercent')}</span>
        <input
          class="cme-input cme-num"
          name="fault-percent"
          inputMode="decimal"
          placeholder="100"
          value={d.percent}
          onInput={(e) => faults.edit({ percent: text(e) })}
        />
      </label>
      <button
        type="button"
        class="btn-primary"
        name="fault-add"
        disabled={faults.saving.value}
        onClick={() => void faults.add()}
      >
        {t('panelFaultsAdd')}
      </button>
      {problem && (
        <p class="text-err cme-faults-problem" role="alert">
          {t(problem)}
        </p>
      )}
      {picked && (
        <p class="muted cme-faults-code" data-fault-code={picked.code}>
          <span lang="zh-CN">{picked.messageZh}</span> · <span lang="en">{picked.messageEn}</span> ·{' '}
          {t(SOURCE_LABEL[picked.source])}
        </p>
      )}
    </div>
  );
}

/** The Faults view of the inspected tab. */
export function FaultsView() {
  const t = useT();
  const { faults, recording } = usePanel();
  if (!faults) return null;
  const rules = faults.rules.value;
  const origin = recording?.origin.value ?? null;
  const active = faults.active.value;
  return (
    <section class="cme-faults" aria-label={t('panelFaultsTitle')}>
      <h2>{t('panelFaultsTitle')}</h2>
      <p class="muted">{t('panelFaultsIntro')}</p>
      {recording && !recording.on.value && (
        <p class="note note-warn" data-faults-need-agent>
          {origin ? t('panelFaultsNeedAgent', origin) : t('panelRecordingNoOrigin')}
        </p>
      )}
      {active > 0 && faults.agents.value === 0 && recording?.on.value && (
        <p class="note note-warn" data-faults-no-agent>
          {t('panelFaultsNoAgent')}
        </p>
      )}
      {faults.error.value && (
        <p class="note note-err" role="alert">
          {t('panelFaultsError', faults.error.value)}
        </p>
      )}
      <RuleForm />
      {rules.length === 0 ? (
        <p class="muted">{t('panelFaultsNone')}</p>
      ) : (
        <ul class="cme-faults-rules">
          {rules.map((r) => (
            <li key={r.id} data-rule-id={r.id} class={r.enabled ? 'is-on' : ''}>
              <label class="cme-check">
                <input
                  type="checkbox"
                  name="fault-toggle"
                  checked={r.enabled}
                  onChange={(e) => void faults.toggle(r.id, (e.currentTarget as HTMLInputElement).checked)}
                />
                {t('panelFaultsOn')}
              </label>
              <span class="cme-faults-rule">{ruleText(r, t)}</span>
              <button type="button" name="fault-remove" onClick={() => void faults.remove(r.id)}>
                {t('panelFaultsRemove')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <p class="note cme-faults-limits">{t('panelFaultsLimits')}</p>
    </section>
  );
}
