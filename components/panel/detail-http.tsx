/** The Request and Response tabs of a call: URL, headers, body; envelope, Data and raw answer. */
import { maskHeaders, maskUrl } from '../../lib/cme/redact';
import type { DecodedCall, HttpHeader, RawCall } from '../../lib/cme/types';
import { CodeBadge } from '../code-badge';
import { useT } from '../i18n-context';
import { JsonTree } from '../json-tree';
import { BodyView } from './body-view';

function Headers({ headers, reveal, title }: { headers: HttpHeader[]; reveal: boolean; title: string }) {
  if (headers.length === 0) return null;
  return (
    <details class="cme-section">
      <summary>{title}</summary>
      <table class="cme-kv">
        <tbody>
          {maskHeaders(headers, reveal).map((h, i) => (
            <tr key={i}>
              <th>{h.name}</th>
              <td>{reveal ? h.value : maskUrl(h.value)}</td>
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
  secrets: string[];
  reveal: boolean;
}

/** The request as sent. */
export function RequestTab({ raw, secrets, reveal }: HttpProps) {
  const t = useT();
  return (
    <div class="cme-tab-body">
      <p class="cme-url">
        <strong>{raw.request.method}</strong> <code>{maskUrl(raw.request.url, reveal)}</code>
      </p>
      <Headers headers={raw.request.headers} reveal={reveal} title={t('panelHeaders')} />
      <h4>{t('panelBody')}</h4>
      <BodyView name="request" body={raw.request.body} secrets={secrets} reveal={reveal} />
    </div>
  );
}

/** The answer: envelope fields, Data, and the whole body. */
export function ResponseTab({ raw, decoded, secrets, reveal }: HttpProps) {
  const t = useT();
  const res = raw.response;
  if (res === null || res.status === 0) return <p class="muted">{t('panelNetworkFailure')}</p>;
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
                <td>{decoded.message ?? '—'}</td>
              </tr>
              <tr>
                <th>EnglishMessage</th>
                <td>{decoded.englishMessage ?? '—'}</td>
              </tr>
              <tr>
                <th>RequestId</th>
                <td>
                  <code>{decoded.requestId ?? '—'}</code>
                </td>
              </tr>
            </tbody>
          </table>
          {decoded.data !== undefined && decoded.data !== null && (
            <>
              <h4>{t('panelData')}</h4>
              <JsonTree value={decoded.data} expandDepth={2} mask={!reveal} />
            </>
          )}
        </section>
      )}
      <Headers headers={res.headers} reveal={reveal} title={t('panelResponseHeaders')} />
      <h4>
        {t('panelShowRaw')} · HTTP {res.status} {res.statusText ?? ''}
      </h4>
      <BodyView name="response" body={res.body} secrets={secrets} reveal={reveal} />
    </div>
  );
}
