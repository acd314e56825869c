/**
 * A request or response body: a JSON tree or the raw text, both through the panel's masker (every
 * secret seen in the tab, by value, in any field and any encoding), with the truncation and encoding
 * made visible, and the detail's find highlighted in whichever is shown.
 */
import { useContext, useState } from 'preact/hooks';
import type { Masker } from '../../lib/cme/secrets';
import type { RawBody } from '../../lib/cme/types';
import { findDocOf, type BodyName } from '../../lib/ui/panel/find';
import { useT } from '../i18n-context';
import { JsonTree } from '../json-tree';
import { MarkedText } from '../marked-text';
import { BodyFindContext } from './find-context';

interface BodyViewProps {
  body: RawBody | null | undefined;
  /** The panel's masker: the tree and the raw text go through it. */
  masker: Masker;
  name: BodyName;
}

/** Shows one body. */
export function BodyView({ body, masker, name }: BodyViewProps) {
  const t = useT();
  const find = useContext(BodyFindContext);
  const [ownRaw, setOwnRaw] = useState(false);
  if (!body || body.text === null || body.text === '') return <p class="muted">{t('panelNoBody')}</p>;
  // Masked (and parsed) once per body and masker: the find searches this very text and tree.
  const doc = findDocOf(body, masker);
  const notes = (
    <>
      {body.truncated === true && (
        <p class="note note-warn" data-note="truncated">
          {t('panelBodyTruncated', Math.round(body.text.length / 1024))}
        </p>
      )}
      {doc === null && (
        <p class="note">
          {t.plural('panelBase64Body', body.size ?? body.text.length, body.size ?? body.text.length)}
        </p>
      )}
    </>
  );
  if (doc === null) return notes;
  const raw = find ? find.mode(name) === 'raw' : ownRaw;
  const setRaw = (on: boolean) => (find ? find.setMode(name, on ? 'raw' : 'tree') : setOwnRaw(on));
  const isJson = doc.isJson;
  const showRaw = raw || !isJson;
  return (
    <div class="cme-body" data-body={name} data-view={showRaw ? 'raw' : 'tree'}>
      {notes}
      <div class="cme-body-switch">
        {!isJson ? (
          <span class="muted">{t('panelNotJson')}</span>
        ) : (
          <button type="button" class="btn-link" onClick={() => setRaw(!raw)}>
            {showRaw ? t('panelShowTree') : t('panelShowRaw')}
          </button>
        )}
      </div>
      {showRaw ? (
        <pre class="cme-raw">
          <MarkedText text={doc.raw} marks={find?.rawMarks(name) ?? undefined} />
        </pre>
      ) : (
        <JsonTree value={doc.value} expandDepth={2} mask={false} find={find?.treeMarks(name, doc) ?? null} />
      )}
    </div>
  );
}
