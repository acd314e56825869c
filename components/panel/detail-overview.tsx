/** The Overview tab: the call in one glance, its error explained, identity, ticket and catalogue check. */
import { useState } from 'preact/hooks';
import { findAction } from '../../lib/cme/catalogue';
import { initiatorLabel, initiatorLocation } from '../../lib/cme/initiator';
import type { Masker } from '../../lib/cme/secrets';
import type { CallInitiator, DecodedCall } from '../../lib/cme/types';
import type { PanelRow } from '../../lib/ui/panel/rows';
import { CatalogueView } from '../catalogue-view';
import { CodeBadge } from '../code-badge';
import { ErrorExplanationView } from '../error-explanation';
import { useLang, useT } from '../i18n-context';
import { IdentityView } from '../identity-view';
import { TicketView } from '../ticket-view';
import { duration } from '../format';
import { LoginDiagnosisSection } from './login-diagnosis';
import { usePanel } from './panel-context';

/**
 * The call's ticket, masked until its Reveal is pressed: that reveals this ticket, here only (every other
 * view, copy and export stays masked), until the selection changes or the tab closes.
 */
function TicketSection({ call }: { call: DecodedCall }) {
  const t = useT();
  const { panel, tickets } = usePanel();
  const [error, setError] = useState<string | null>(null);
  const [reveal, setReveal] = useState(() => panel.reveal.peek());
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
        reveal={reveal}
        stored={tickets.isStored(call.ticket)}
        onSave={save}
        onReveal={() => setReveal(!reveal)}
      />
      {error && <p class="note note-err">{t('panelError', error)}</p>}
    </section>
  );
}

/** "Called from demo.js:42": a link that opens it in DevTools where the browser allows, else text. */
function InitiatorSection({ initiator, masker }: { initiator: CallInitiator | undefined; masker: Masker }) {
  const t = useT();
  const { detail } = usePanel();
  const location = initiatorLocation(initiator);
  if (location === null) return null;
  const label = masker.url(initiatorLabel(location));
  const where = `${masker.url(location.url)}${location.functionName ? ` (${masker.text(location.functionName)})` : ''}`;
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
  masker,
}: {
  row: PanelRow;
  call: DecodedCall;
  initiator?: CallInitiator;
  /** The panel's masker: the URL, the server's messages and the problems go through it. */
  masker: Masker;
}) {
  const t = useT();
  const lang = useLang();
  const text = (value: string | null | undefined) =>
    value === null || value === undefined ? undefined : masker.text(value);
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
          <strong>{call.method}</strong> <code>{masker.url(call.url)}</code>
        </p>
        {call.rule && (
          <p class="muted" data-capture-rule>
            {t(
              'captureRuleMatched',
              call.rule.pattern,
              t(
                call.rule.ticket.in === 'query'
                  ? 'captureRuleWhereQuery'
                  : call.rule.ticket.in === 'header'
                    ? 'captureRuleWhereHeader'
                    : 'captureRuleWhereBody',
                call.rule.ticket.name,
              ),
            )}
          </p>
        )}
      </section>
      {!row.ok && code !== null && (
        <section class="cme-section" data-section="error">
          <h4>{t('panelSectionError')}</h4>
          <ErrorExplanationView
            code={code}
            scope={call.kind === 'login' ? 'login' : 'api'}
            message={text(call.message ?? row.message)}
            englishMessage={text(call.englishMessage ?? row.englishMessage)}
          />
        </section>
      )}
      <LoginDiagnosisSection call={call} />
      <InitiatorSection initiator={initiator} masker={masker} />
      <section class="cme-section" data-section="identity">
        <h4>{t('panelSectionIdentity')}</h4>
        <IdentityView user={call.user} />
      </section>
      <TicketSection key={row.id} call={call} />
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
              <li key={i}>{masker.text(p)}</li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
