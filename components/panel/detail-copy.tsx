/** The "Copy as" tab: cURL, fetch and Web SDK snippets, masked unless secrets are revealed. */
import { toCurl, toFetch, toWebSdk } from '../../lib/cme/snippets';
import type { DecodedCall, RawCall } from '../../lib/cme/types';
import { CopyButton } from '../copy-button';
import { useT } from '../i18n-context';
import { usePanel } from './panel-context';

/** Snippets of one call, each with a copy button and a preview. */
export function CopyTab({ raw, call }: { raw: RawCall; call: DecodedCall | null }) {
  const t = useT();
  const { panel } = usePanel();
  const reveal = panel.reveal.value;
  const snippets = [
    { key: 'curl', label: t('panelCopyCurl'), text: () => toCurl(raw, { reveal }) },
    { key: 'fetch', label: t('panelCopyFetch'), text: () => toFetch(raw, { reveal }) },
    ...(call ? [{ key: 'sdk', label: t('panelCopyWebSdk'), text: () => toWebSdk(call, { reveal }) }] : []),
  ];
  return (
    <div class="cme-tab-body">
      <p class={`note${reveal ? ' note-warn' : ''}`}>
        {reveal ? t('panelCopyRevealed') : t('panelCopyMasked')}
      </p>
      {snippets.map((s) => (
        <section key={s.key} class="cme-section" data-snippet={s.key}>
          <h4>
            {s.label} <CopyButton text={s.text} label={s.label} />
          </h4>
          <pre class="cme-raw">{s.text()}</pre>
        </section>
      ))}
    </div>
  );
}
