/**
 * The viewer's import note, a line of its own under the toolbar: while a HAR file is read, how far
 * (bytes of the total, %, calls found, rate) with Cancel (also Esc); then how the import ended — done,
 * cancelled (the calls read so far kept), or failed (and whether the list still shows what it did before).
 */
import { useEffect } from 'preact/hooks';
import type { HarImportFront } from '../../lib/ui/panel/har-import-lazy';
import type { HarImportState } from '../../lib/ui/panel/har-import-store';
import { useT } from '../i18n-context';
import './import-progress.css';

/** `12.3 MB`, `640 KB`: sizes with one decimal in MB, whole KB below. */
export function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  return `${Math.ceil(bytes / 1024)} KB`;
}

/** Whole percent read, 100 only at the end. */
function percent(read: number, total: number): number {
  if (total <= 0) return 100;
  return read >= total ? 100 : Math.min(99, Math.floor((read / total) * 100));
}

function Reading({ s, cancel }: { s: Extract<HarImportState, { phase: 'reading' }>; cancel: () => void }) {
  const t = useT();
  const pct = percent(s.bytesRead, s.total);
  return (
    <>
      <progress class="cme-import-bar" max={Math.max(1, s.total)} value={s.bytesRead} aria-label={s.name} />
      <span class="cme-import-text" data-import-reading>
        {t(
          'panelImportReading',
          s.name,
          formatSize(s.bytesRead),
          formatSize(s.total),
          String(pct),
          t.plural('panelImportCalls', s.calls, s.calls.toLocaleString()),
          formatSize(s.bytesPerSecond),
        )}
      </span>
      <button type="button" name="import-cancel" title={t('panelImportCancelTitle')} onClick={cancel}>
        {t('panelImportCancel')}
      </button>
    </>
  );
}

/** What ended the import, in one sentence. */
function endText(
  t: ReturnType<typeof useT>,
  s: Exclude<HarImportState, { phase: 'idle' | 'reading' }>,
): string {
  const calls = t.plural('panelImportCalls', s.calls, s.calls.toLocaleString());
  if (s.phase === 'done') {
    const done = t.plural(
      'panelImportDone',
      s.calls,
      calls,
      s.name,
      formatSize(s.total),
      (s.ms / 1000).toFixed(1),
    );
    return s.capped ? `${done} ${t('panelImportCapped', s.calls.toLocaleString())}` : done;
  }
  if (s.phase === 'cancelled') {
    if (!s.replaced) return t('panelImportCancelledUnchanged', s.name);
    if (s.calls === 0) return t('panelImportCancelledEmpty');
    return t('panelImportCancelledKept', String(percent(s.bytesRead, s.total)), calls);
  }
  return s.replaced
    ? t('panelImportFailedKept', s.name, s.message, calls)
    : t('panelImportFailedUnchanged', s.name, s.message);
}

/** The import note (nothing when no import ran). */
export function ImportProgress({ harImport }: { harImport: HarImportFront }) {
  const t = useT();
  const s = harImport.state.value;
  const reading = s.phase === 'reading';
  // Esc cancels a running import, before any other Esc handler of the panel (listening from the start, so
  // that an Esc pressed as the first progress shows is not missed).
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.key !== 'Escape' || harImport.state.peek().phase !== 'reading') return;
      e.preventDefault();
      e.stopImmediatePropagation();
      void harImport.cancel();
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [harImport]);
  if (s.phase === 'idle') return null;
  const tone = s.phase === 'failed' ? ' note-err' : s.phase === 'cancelled' ? ' note-warn' : '';
  return (
    <div
      class={`cme-import note${reading ? '' : tone}`}
      role={s.phase === 'failed' ? 'alert' : 'status'}
      data-import={s.phase}
    >
      {s.phase === 'reading' ? (
        <Reading s={s} cancel={() => void harImport.cancel()} />
      ) : (
        <>
          <span class="cme-import-text" data-import-end>
            {endText(t, s)}
            {s.phase === 'done' && s.calls > 0 ? ` ${t('panelImportBodies')}` : ''}
          </span>
          <button type="button" name="import-dismiss" onClick={() => harImport.dismiss()}>
            {t('panelImportDismiss')}
          </button>
        </>
      )}
    </div>
  );
}
