/** The Request and Response tabs of a call: URL, headers, body; envelope, Data and raw answer. */
import type { Masker } from '../../lib/cme/secrets';
import type { DecodedCall, HttpHeader, RawCall } from '../../lib/cme/types';
import { CodeBadge } from '../code-badge';
import { useT } from '../i18n-context';
import { JsonTree } from '../json-tree';
import { BodyView } from './body-view';

function Headers({ headers, masker, title }: { headers: HttpHeader[]; masker: Masker; title: string }) {
  if (headers.length === 0) return null;
  return (
    <details class="cme-section">
      <summary>{title}</summary>
      <table class="cme-kv">
        <tbody>
          {masker.headers(headers).map((h, i) => (
            <tr key={i}>
              <th>{h.name}</th>
              <td>{masker.url(h.value)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

interface HttpProps {
  raw: RawCall;
  decoded: DecodedCall | null;
  /** The panel's masker: every URL, header, message, tree and body goes through it. */
  masker: Masker;
}

/** The request as sent. */
export function RequestTab({ raw, masker }: HttpProps) {
  const t = useT();
  return (
    <div class="cme-tab-body">
      <p class="cme-url">
        <strong>{raw.request.method}</strong> <code>{masker.url(raw.request.url)}</code>
      </p>
      <Headers headers={raw.request.headers} masker={masker} title={t('panelHeaders')} />
      <h4>{t('panelBody')}</h4>
      <BodyView name="request" body={raw.request.body} masker={masker} />
    </div>
  );
}

/** The answer: envelope fields, Data, and the whole body. */
export function ResponseTab({ raw, decoded, masker }: HttpProps) {
  const t = useT();
  const res = raw.response;
  if (res === null || res.status === 0) return <p class="muted">{t('panelNetworkFailure')}</p>;
  const text = (value: string | null | undefined) => (value ? masker.text(value) : '—');
  return (
    <div class="cme-tab-body">
      {decoded && (
        <section class="cme-section">
          <h4>{t('panelEnvelope')}</h4>
          <table class="cme-kv">
            <tbody>
              <tr>
                <th>Code</th>
                <td>
                  <CodeBadge code={decoded.code} ok={decoded.ok} httpStatus={decoded.httpStatus} />
                </td>
              </tr>
              <tr>
                <th>Message</th>
                <td>{text(decoded.message)}</td>
              </tr>
              <tr>
                <th>EnglishMessage</th>
                <td>{text(decoded.englishMessage)}</td>
              </tr>
              <tr>
                <th>RequestId</th>
                <td>
                  <code>{text(decoded.requestId)}</code>
                </td>
              </tr>
            </tbody>
          </table>
          {decoded.data !== undefined && decoded.data !== null && (
            <>
              <h4>{t('panelData')}</h4>
              <JsonTree value={decoded.data} expandDepth={2} masker={masker} />
            </>
          )}
        </section>
      )}
      <Headers headers={res.headers} masker={masker} title={t('panelResponseHeaders')} />
      <h4>
        {t('panelShowRaw')} · HTTP {res.status} {res.statusText ? masker.text(res.statusText) : ''}
      </h4>
      <BodyView name="response" body={res.body} masker={masker} />
    </div>
  );
}
