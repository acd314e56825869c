/**
 * The panel's toolbar: view switch, the filter box and its shortcut selects, Preserve log, Clear, Export/Import HAR
 * (an import's progress on a line of its own). An export is masked;
 * "Export with secrets…" asks first, with a warning, and only the export it confirms is unmasked.
 */
import { useEffect, useState } from 'preact/hooks';
import { useT } from '../i18n-context';
import { saveTextFile } from '../../lib/ui/shared/download';
import { boundedOptions } from '../../lib/ui/panel/facets';
import { FilterBox } from './filter-box';
import { LazyImportProgress } from './import-progress-lazy';
import { usePanel } from './panel-context';

interface FacetSelectProps {
  label: string;
  anyLabel: string;
  value: string;
  options: readonly (string | [value: string, label: string])[];
  onChange: (value: string) => void;
  name: string;
}

/** A shortcut select: shows the value of its key's term in the query, writes the term when changed. */
function FacetSelect({ label, anyLabel, value, options, onChange, name }: FacetSelectProps) {
  const pairs = options.map((o) => (typeof o === 'string' ? ([o, o] as const) : o));
  // The query's value in the options' case; a value no row has any more stays, so the user sees why nothing shows.
  const shown = pairs.find(([v]) => v.toLowerCase() === value.toLowerCase())?.[0] ?? value;
  const all = shown && !pairs.some(([v]) => v === shown) ? [[shown, shown] as const, ...pairs] : pairs;
  return (
    <select
      class="cme-select"
      name={name}
      aria-label={label}
      value={shown}
      onChange={(e) => onChange((e.currentTarget as HTMLSelectElement).value)}
    >
      <option value="">{anyLabel}</option>
      {all.map(([v, l]) => (
        <option key={v} value={v}>
          {l}
        </option>
      ))}
    </select>
  );
}

const STATUS_VALUES = ['ok', 'failed', 'injected', 'recorded'] as const;

function FilterControls() {
  const t = useT();
  const { panel } = usePanel();
  const facets = panel.facets.value;
  const select = (
    name: string,
    key: string,
    label: string,
    anyLabel: string,
    options: FacetSelectProps['options'],
    among?: readonly string[],
  ) => (
    <FacetSelect
      name={name}
      label={label}
      anyLabel={anyLabel}
      value={panel.termValue(key, among)}
      options={options}
      onChange={(v) => panel.applyTerm(key, v, false, among)}
    />
  );
  return (
    <>
      <FilterBox />
      {select('class', 'class', t('panelColAction'), t('panelFilterAnyClass'), facets.actionClasses)}
      {select('action', 'action', t('panelColAction'), t('panelFilterAnyAction'), facets.actions)}
      {select(
        'status',
        'is',
        t('panelFilterAnyStatus'),
        t('panelFilterAnyStatus'),
        [
          ['ok', t('panelFilterOk')],
          ['failed', t('panelFilterFailed')],
          ['injected', t('panelFilterInjected')],
          ['recorded', t('panelFilterRecorded')],
        ],
        // The select owns these `is:` values only: a typed `is:replayed` or `is:login` stays.
        STATUS_VALUES,
      )}
      {select('code', 'code', t('panelColCode'), t('panelFilterAnyCode'), facets.codes)}
      {select(
        'identity',
        'user',
        t('panelColIdentity'),
        t('panelFilterAnyIdentity'),
        boundedOptions(facets.identities),
      )}
    </>
  );
}

function LogActions() {
  const t = useT();
  const ui = usePanel();
  const { panel } = ui;
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState<{ url: string; name: string; count: number } | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  // "Export with secrets…" pressed: the warning shows until the user confirms or cancels.
  const [asking, setAsking] = useState(false);
  // The link to the last export stays until the next one (or until the panel closes).
  useEffect(
    () => () => {
      if (saved) URL.revokeObjectURL(saved.url);
    },
    [saved],
  );

  const exportHar = async (reveal: boolean) => {
    setBusy(true);
    setAsking(false);
    setFailed(null);
    try {
      const file = await ui.exportHar(undefined, { reveal });
      setSaved({ url: saveTextFile(file.name, file.text), name: file.name, count: file.count });
    } catch (e) {
      setSaved(null);
      setFailed(e instanceof Error ? `${e.name}: ${e.message}` : String(e));
    } finally {
      setBusy(false);
    }
  };
  // Streamed from the file (never read whole); progress, Cancel and how it ended: import-progress.tsx.
  const importHar = (input: HTMLInputElement) => {
    const file = input.files?.[0];
    if (!file) return;
    // Cleared at once, so that picking the same file again starts a new import.
    input.value = '';
    void ui.importHar(file);
  };

  return (
    <>
      {ui.mode === 'devtools' && (
        <label class="cme-check">
          <input
            type="checkbox"
            name="preserve"
            checked={panel.preserveLog.value}
            onChange={(e) => (panel.preserveLog.value = (e.currentTarget as HTMLInputElement).checked)}
          />
          {t('panelPreserveLog')}
        </label>
      )}
      {ui.mode === 'devtools' && ui.rules ? (
        <button
          type="button"
          name="rules"
          aria-expanded={ui.rules.open.value}
          onClick={() => ui.rules?.show(!ui.rules.open.value)}
        >
          {t('captureRulePanelButton')}
        </button>
      ) : null}
      <button type="button" name="clear" onClick={() => void panel.clear()}>
        {t('panelClear')}
      </button>
      <button type="button" name="export" disabled={busy} onClick={() => void exportHar(false)}>
        {t('panelExportHar')}
      </button>
      <button
        type="button"
        name="export-secrets"
        disabled={busy}
        aria-expanded={asking}
        onClick={() => setAsking(!asking)}
      >
        {t('panelExportHarSecrets')}
      </button>
      {ui.mode === 'viewer' ? (
        <label>
          {t('panelImportHar')}
          <input
            type="file"
            name="import"
            accept=".har,.json,application/json"
            class="cme-hidden-input"
            onChange={(e) => importHar(e.currentTarget as HTMLInputElement)}
          />
        </label>
      ) : (
        <button type="button" name="viewer" onClick={() => ui.openViewer()}>
          {t('panelOpenViewer')}
        </button>
      )}
      {saved && (
        <a class="cme-saved" role="status" data-export href={saved.url} download={saved.name}>
          {t.plural('panelExported', saved.count, saved.count)}
        </a>
      )}
      {failed !== null && (
        <span class="cme-saved text-err" role="alert" data-export-failed>
          {t('panelExportFailed', failed)}
        </span>
      )}
      {asking && (
        <div class="cme-export-ask note note-warn" role="alertdialog" data-export-ask>
          <p>{t('panelExportSecretsWarning')}</p>
          <p>
            <button
              type="button"
              name="export-secrets-confirm"
              disabled={busy}
              onClick={() => void exportHar(true)}
            >
              {t('panelExportSecretsConfirm')}
            </button>{' '}
            <button
              type="button"
              class="btn-primary"
              name="export-secrets-cancel"
              onClick={() => setAsking(false)}
            >
              {t('panelExportCancel')}
            </button>
          </p>
        </div>
      )}
    </>
  );
}

/**
 * The page agent's switch for the inspected page's origin. The host permission is asked in the click
 * handler itself (a user gesture); its title says what it records and what it cannot.
 */
function RecordingSwitch() {
  const t = useT();
  const { recording } = usePanel();
  if (!recording) return null;
  const origin = recording.origin.value;
  const problem = recording.problem.value;
  return (
    <>
      <label
        class="cme-check cme-recording"
        title={origin ? t('panelRecordingTitle', origin) : t('panelRecordingNoOrigin')}
      >
        <input
          type="checkbox"
          name="recording"
          checked={recording.on.value}
          disabled={origin === null || recording.busy.value}
          onClick={(e) => {
            e.preventDefault();
            void recording.toggle();
          }}
        />
        {t('panelRecording')}
      </label>
      {problem && (
        <span class="cme-saved text-err" role="alert" data-recording-problem>
          {problem.kind === 'denied'
            ? t('panelRecordingDenied', origin ?? '')
            : t('panelRecordingError', problem.text)}
        </span>
      )}
    </>
  );
}

/**
 * How many calls are listed and shown: a component of its own, so that a capture's row updates re-render
 * this text alone, not the toolbar and its filter box (whose layout effect reads the input's scroll).
 */
function CallCount() {
  const t = useT();
  const { panel } = usePanel();
  const total = panel.rows.value.length;
  return <span class="cme-count">{t.plural('panelCount', total, panel.visible.value.length, total)}</span>;
}

/** The toolbar above the list. */
export function PanelToolbar() {
  const t = useT();
  const ui = usePanel();
  const { panel } = ui;
  const view = panel.view.value;
  return (
    <div class="cme-toolbar" role="toolbar">
      <div class="cme-segmented" role="tablist">
        <button
          type="button"
          role="tab"
          name="view-calls"
          aria-selected={view === 'calls'}
          class={view === 'calls' ? 'is-active' : ''}
          onClick={() => (panel.view.value = 'calls')}
        >
          {t('panelViewCalls')}
        </button>
        <button
          type="button"
          role="tab"
          name="view-stats"
          aria-selected={view === 'stats'}
          class={view === 'stats' ? 'is-active' : ''}
          onClick={() => (panel.view.value = 'stats')}
        >
          {t('panelViewStats')}
        </button>
        {ui.faults && ui.mode === 'devtools' && (
          <button
            type="button"
            role="tab"
            name="view-faults"
            aria-selected={view === 'faults'}
            class={view === 'faults' ? 'is-active' : ''}
            onClick={() => (panel.view.value = 'faults')}
          >
            {t('panelViewFaults')}
            {ui.faults.active.value > 0 && (
              <span class="badge badge-err cme-tab-count">{ui.faults.active.value}</span>
            )}
          </button>
        )}
      </div>
      <FilterControls />
      <CallCount />
      <span class="cme-spacer" />
      {ui.mode === 'devtools' && <RecordingSwitch />}
      <LogActions />
      {ui.mode === 'viewer' && ui.harImport && <LazyImportProgress harImport={ui.harImport} />}
    </div>
  );
}
