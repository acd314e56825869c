/**
 * A request or response body: a JSON tree or the raw text, both through the panel's masker (every
 * secret seen in the tab, by value, in any field and any encoding), with the truncation and encoding
 * made visible.
 */
import { useState } from 'preact/hooks';
import { bodyText } from '../../lib/cme/call-secrets';
import type { Masker } from '../../lib/cme/secrets';
import type { RawBody } from '../../lib/cme/types';
import { parseJson } from '../../lib/ui/panel/replay';
import { useT } from '../i18n-context';
import { JsonTree } from '../json-tree';

interface BodyViewProps {
  body: RawBody | null | undefined;
  /** The panel's masker: the tree and the raw text go through it. */
  masker: Masker;
  name: string;
}

/** Shows one body. */
export function BodyView({ body, masker, name }: BodyViewProps) {
  const t = useT();
  const [raw, setRaw] = useState(false);
  const text = body ? bodyText(body) : null;
  if (!body || body.text === null || body.text === '') return <p class="muted">{t('panelNoBody')}</p>;
  const notes = (
    <>
      {body.truncated === true && (
        <p class="note note-warn" data-note="truncated">
          {t('panelBodyTruncated', Math.round(body.text.length / 1024))}
        </p>
      )}
      {text === null && (
        <p class="note">
          {t.plural('panelBase64Body', body.size ?? body.text.length, body.size ?? body.text.length)}
        </p>
      )}
    </>
  );
  if (text === null) return notes;
  const parsed = parseJson(text);
  const showRaw = raw || parsed === undefined;
  return (
    <div class="cme-body" data-body={name}>
      {notes}
      <div class="cme-body-switch">
        {parsed === undefined ? (
          <span class="muted">{t('panelNotJson')}</span>
        ) : (
          <button type="button" class="btn-link" onClick={() => setRaw(!raw)}>
            {showRaw ? t('panelShowTree') : t('panelShowRaw')}
          </button>
        )}
      </div>
      {showRaw ? (
        <pre class="cme-raw">{masker.text(text)}</pre>
      ) : (
        <JsonTree value={parsed} expandDepth={2} masker={masker} />
      )}
    </div>
  );
}
