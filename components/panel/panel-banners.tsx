/**
 * Notices above the list: fault rules on (with a button to turn them all off), calls dropped by the cap,
 * errors, a bad regex, the imported file.
 */
import { useT } from '../i18n-context';
import { ListProgress } from './list-progress';
import { usePanel } from './panel-context';

/** The banners that apply now (none most of the time). */
export function PanelBanners() {
  const t = useT();
  const ui = usePanel();
  const { panel } = ui;
  const dropped = panel.dropped.value;
  const source = panel.source.value;
  const problems = ui.importProblems.value;
  const faultsOn = ui.faults?.active.value ?? 0;
  return (
    <div class="cme-banners" aria-live="polite">
      <ListProgress />
      {faultsOn > 0 && (
        <div class="note note-err cme-banner cme-faults-banner" role="status" data-banner="faults">
          <strong>{t.plural('panelFaultsBanner', faultsOn, faultsOn)}</strong>{' '}
          <button type="button" name="faults-all-off" onClick={() => void ui.faults?.allOff()}>
            {t('panelFaultsAllOff')}
          </button>{' '}
          {panel.view.value !== 'faults' && (
            <button type="button" name="faults-show" onClick={() => (panel.view.value = 'faults')}>
              {t('panelViewFaults')}
            </button>
          )}
        </div>
      )}
      {source.kind === 'file' && <div class="note cme-banner">{t('panelViewingFile', source.name)}</div>}
      {dropped > 0 && (
        <div class="note note-warn cme-banner" data-banner="dropped">
          {t.plural('panelDropped', dropped, dropped.toLocaleString(), ui.maxEntries.toLocaleString())}
        </div>
      )}
      {panel.filterError.value && (
        <div class="note note-err cme-banner">{t('panelFilterBadRegex', panel.filterError.value)}</div>
      )}
      {panel.error.value && <div class="note note-err cme-banner">{t('panelError', panel.error.value)}</div>}
      {problems.length > 0 && (
        <div class="note note-warn cme-banner">
          {t('panelImportProblems', problems.slice(0, 3).join('; '))}
        </div>
      )}
    </div>
  );
}
