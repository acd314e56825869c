/** The Overview tab: the call in one glance, its error explained, identity, ticket and catalogue check. */
import { useState } from 'preact/hooks';
import { findAction } from '../../lib/cme/catalogue';
import { initiatorLabel, initiatorLocation } from '../../lib/cme/initiator';
import { maskUrl } from '../../lib/cme/redact';
import type { CallInitiator, DecodedCall } from '../../lib/cme/types';
import type { PanelRow } from '../../lib/ui/panel/rows';
import { CatalogueView } from '../catalogue-view';
import { CodeBadge } from '../code-badge';
import { ErrorExplanationView } from '../error-explanation';
import { useLang, useT } from '../i18n-context';
import { IdentityView } from '../identity-view';
import { TicketView } from '../ticket-view';
import { duration } from '../format';
import { usePanel } from './panel-context';

function TicketSection({ call }: { call: DecodedCall }) {
  const t = useT();
  const { panel, tickets } = usePanel();
  const [error, setError] = useState<string | null>(null);
  if (call.ticket === null) return null;
  const save = () => {
    setError(null);
    tickets.save(call).catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  };
  return (
    <section class="cme-section" data-section="ticket">
      <h4>{t('panelSectionTicket')}</h4>
      <TicketView
        ticket={call.ticket}
        reveal={panel.reveal.value}
        stored={tickets.isStored(call.ticket)}
        onSave={save}
        onReveal={() => (panel.reveal.value = !panel.reveal.peek())}
      />
      {error && <p class="note note-err">{t('panelError', error)}</p>}
    </section>
  );
}

/** "Called from demo.js:42": a link that opens it in DevTools where the browser allows, else text. */
function InitiatorSection({ initiator }: { initiator: CallInitiator | undefined }) {
  const t = useT();
  const { panel, detail } = usePanel();
  const location = initiatorLocation(initiator);
  if (location === null) return null;
  const label = initiatorLabel(location);
  const where = `${maskUrl(location.url, panel.reveal.value)}${location.functionName ? ` (${location.functionName})` : ''}`;
  const open = detail.openResource;
  return (
    <section class="cme-section" data-section="initiator">
      <h4>{t('panelSectionInitiator')}</h4>
      <p class="cme-initiator" title={where}>
        {open === undefined ? (
          t('panelCalledFrom', label)
        ) : (
          <button
            type="button"
            class="btn-link"
            name="open-initiator"
            title={`${t('panelOpenSource')}: ${where}`}
            onClick={() =>
              void open(location.url, location.lineNumber ?? 0, location.columnNumber ?? undefined)
            }
          >
            {t('panelCalledFrom', label)}
          </button>
        )}
      </p>
    </section>
  );
}

/** The overview of a decoded call (the row fills in what a truncated stored body lost). */
export function OverviewTab({
  row,
  call,
  initiator,
}: {
  row: PanelRow;
  call: DecodedCall;
  initiator?: CallInitiator;
}) {
  const t = useT();
  const lang = useLang();
  const { panel } = usePanel();
  const reveal = panel.reveal.value;
  const code = call.code ?? row.code;
  const entry = call.actionClass === null ? undefined : findAction(call.actionClass, call.action);
  return (
    <div class="cme-tab-body">
      <section class="cme-section" data-section="call">
        <h4>{t('panelSectionCall')}</h4>
        <p class="cme-summary">
          <CodeBadge code={code} ok={row.ok} httpStatus={row.httpStatus} />
          <strong>{call.actionClass === null ? call.action : `${call.actionClass}/${call.action}`}</strong>
          <span class="muted">
            HTTP {row.httpStatus || '—'} · {duration(row.durationMs)} · {t('panelStarted')}{' '}
            {new Date(row.startedAt).toLocaleString(lang === 'zh_CN' ? 'zh-CN' : 'en')}
          </span>
          {call.proxied && <span class="cme-tag">{t('panelProxied')}</span>}
        </p>
        <p class="cme-url">
          <strong>{call.method}</strong> <code>{maskUrl(call.url, reveal)}</code>
        </p>
      </section>
      {!row.ok && code !== null && (
        <section class="cme-section" data-section="error">
          <h4>{t('panelSectionError')}</h4>
          <ErrorExplanationView
            code={code}
            scope={call.kind === 'login' ? 'login' : 'api'}
            message={call.message ?? row.message ?? undefined}
            englishMessage={call.englishMessage ?? row.englishMessage ?? undefined}
          />
        </section>
      )}
      <InitiatorSection initiator={initiator} />
      <section class="cme-section" data-section="identity">
        <h4>{t('panelSectionIdentity')}</h4>
        <IdentityView user={call.user} />
      </section>
      <TicketSection call={call} />
      {call.kind === 'api' && call.actionClass !== null && (
        <section class="cme-section" data-section="catalogue">
          <h4>{t('panelSectionCatalogue')}</h4>
          <CatalogueView
            entry={entry}
            check={call.catalogue}
            actionClass={call.actionClass}
            action={call.action}
          />
        </section>
      )}
      {call.problems.length > 0 && (
        <section class="cme-section" data-section="problems">
          <h4>{t('panelSectionProblems')}</h4>
          <ul class="cme-problems">
            {call.problems.map((p, i) => (
              <li key={i}>{p}</li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
