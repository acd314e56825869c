/**
 * The "Copy as" tab: cURL, fetch and Web SDK snippets, always masked: every secret seen in the tab (the
 * panel's masker), by value, wherever the call carries it. A ticket revealed in another view stays masked
 * here.
 */
import { useMemo } from 'preact/hooks';
import { toCurl, toFetch, toWebSdk } from '../../lib/cme/snippets';
import type { DecodedCall, RawCall } from '../../lib/cme/types';
import { CopyButton } from '../copy-button';
import { useT } from '../i18n-context';
import { useTabMasker } from './use-masker';

/** Snippets of one call, each with a copy button and a preview. */
export function CopyTab({ raw, call }: { raw: RawCall; call: DecodedCall | null }) {
  const t = useT();
  const { secrets } = useTabMasker();
  const snippets = useMemo(
    () => [
      { key: 'curl', label: t('panelCopyCurl'), text: toCurl(raw, { secrets }) },
      { key: 'fetch', label: t('panelCopyFetch'), text: toFetch(raw, { secrets }) },
      ...(call ? [{ key: 'sdk', label: t('panelCopyWebSdk'), text: toWebSdk(call, { secrets }) }] : []),
    ],
    [raw, call, secrets, t],
  );
  return (
    <div class="cme-tab-body">
      <p class="note">{t('panelCopyMasked')}</p>
      {snippets.map((s) => (
        <section key={s.key} class="cme-section" data-snippet={s.key}>
          <h4>
            {s.label} <CopyButton text={() => s.text} label={s.label} />
          </h4>
          <pre class="cme-raw">{s.text}</pre>
        </section>
      ))}
    </div>
  );
}
