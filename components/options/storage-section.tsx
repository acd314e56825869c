/**
 * Storage: rows per store against their caps, the browser's estimate of the bytes the extension uses, the
 * caps themselves, and what pruning removed ("Removed 1,204 oldest history rows").
 */
import type { Pruned } from '../../lib/store';
import { STORE_CAPS } from '../../lib/settings/settings-core';
import { useT } from '../i18n-context';
import { useOptions } from './options-context';
import { NumberSetting } from './setting-fields';

function megabytes(bytes: number): string {
  return (bytes / 1e6).toLocaleString(undefined, { maximumFractionDigits: 1, minimumFractionDigits: 1 });
}

function Removed({ removed, id }: { removed: Pruned; id: string }) {
  const t = useT();
  const parts: string[] = [];
  if (removed.history > 0)
    parts.push(t.plural('optionsPrunedHistory', removed.history, removed.history.toLocaleString()));
  if (removed.captures > 0)
    parts.push(t.plural('optionsPrunedCaptures', removed.captures, removed.captures.toLocaleString()));
  return (
    <p class="options-hint" role="status" id={id}>
      {parts.length === 0 ? t('optionsPrunedNothing') : parts.join(' ')}
    </p>
  );
}

/** The storage section of the options page. */
export function StorageSection() {
  const { storage, settings } = useOptions();
  const t = useT();
  const counts = storage.counts.value;
  const usage = storage.usage.value;
  const report = storage.report.value;
  const removed = storage.removed.value;
  const { maxHistoryRows, maxStoredCaptures } = settings.value;
  const rows = (n: number | undefined) => (n === undefined ? '…' : n.toLocaleString());
  return (
    <section class="options-section" aria-labelledby="options-storage-title" id="options-storage">
      <h2 id="options-storage-title">{t('optionsStorage')}</h2>
      <table class="options-storage-table">
        <tbody>
          <tr id="options-storage-history">
            <th scope="row">{t('optionsStorageHistory')}</th>
            <td>{t('optionsStorageOfCap', rows(counts?.history), maxHistoryRows.toLocaleString())}</td>
          </tr>
          <tr id="options-storage-captures">
            <th scope="row">{t('optionsStorageCaptures')}</th>
            <td>{t('optionsStorageOfCap', rows(counts?.captures), maxStoredCaptures.toLocaleString())}</td>
          </tr>
          <tr id="options-storage-tickets">
            <th scope="row">{t('optionsStorageTickets')}</th>
            <td>{rows(counts?.tickets)}</td>
          </tr>
          <tr id="options-storage-bytes">
            <th scope="row">{t('optionsStorageBytes')}</th>
            <td>
              {usage === null ? t('optionsStorageBytesUnknown') : t('optionsStorageMb', megabytes(usage))}
            </td>
          </tr>
        </tbody>
      </table>
      <NumberSetting
        field="maxHistoryRows"
        id="options-max-history"
        min={STORE_CAPS.maxHistoryRows.min}
        max={STORE_CAPS.maxHistoryRows.max}
      />
      <NumberSetting
        field="maxStoredCaptures"
        id="options-max-captures"
        min={STORE_CAPS.maxStoredCaptures.min}
        max={STORE_CAPS.maxStoredCaptures.max}
      />
      <p class="options-hint">{t('optionsStorageHint')}</p>
      {removed !== null ? <Removed removed={removed} id="options-pruned" /> : null}
      {/* What the worker removed on its own (this page's own prune is said just above). */}
      {report !== null && removed === null ? (
        <p class="options-hint" id="options-prune-report">
          {t('optionsPruneLast', new Date(report.at).toLocaleString())}{' '}
          {[
            report.history > 0
              ? t.plural('optionsPrunedHistory', report.history, report.history.toLocaleString())
              : '',
            report.captures > 0
              ? t.plural('optionsPrunedCaptures', report.captures, report.captures.toLocaleString())
              : '',
          ]
            .filter(Boolean)
            .join(' ')}
        </p>
      ) : null}
      {storage.error.value !== null ? (
        <p class="options-field-error" role="alert">
          {storage.error.value}
        </p>
      ) : null}
    </section>
  );
}
