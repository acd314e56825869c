/** The popup's identity: a picker over the stored tickets, the chosen identity, and "log in again" when rejected. */
import type { Translate } from '../../lib/i18n/i18n';
import type { EnvironmentRecord, TicketRecord } from '../../lib/store/schema';
import { useT } from '../i18n-context';
import { IdentityView } from '../identity-view';
import { environmentName } from '../environment-name';
import { usePopup } from './popup-context';

/** A ticket as one line: platform / user · environment · label · status. */
export function ticketLabel(t: Translate, ticket: TicketRecord, environments: EnvironmentRecord[]): string {
  const found = environments.find((e) => e.id === ticket.environment);
  const env = found ? environmentName(t, found) : ticket.environment;
  const who = `${ticket.platform ?? '?'} / ${ticket.userId ?? '?'}`;
  const status =
    ticket.status === 'rejected'
      ? t('popupTicketRejected', ticket.rejectedCode ?? 'AuthFailure')
      : t('popupTicketActive');
  return [who, env, ticket.label, status].filter((s) => s !== '').join(' · ');
}

/** The identity section. */
export function IdentityPicker() {
  const store = usePopup();
  const t = useT();
  const tickets = store.tickets.value;
  const ticket = store.ticket.value;
  const showLogin = store.showLogin.value;
  return (
    <section class="popup-section popup-identity">
      <div class="popup-row">
        <label class="popup-label" for="popup-ticket">
          {t('popupIdentity')}
        </label>
        {tickets.length > 0 ? (
          <select
            id="popup-ticket"
            class="popup-grow"
            value={store.ticketId.value ?? ''}
            onChange={(e) => store.selectTicket(e.currentTarget.value || null)}
          >
            {tickets.map((tk) => (
              <option key={tk.id} value={tk.id}>
                {ticketLabel(t, tk, store.environments.value)}
              </option>
            ))}
          </select>
        ) : (
          <span class="popup-muted popup-grow">{t('popupNoTickets')}</span>
        )}
        {tickets.length > 0 ? (
          <button
            type="button"
            id="popup-login-toggle"
            aria-expanded={showLogin}
            onClick={() => (store.loginOpen.value = !store.loginOpen.value)}
          >
            {showLogin ? t('popupLoginClose') : t('popupLoginToggle')}
          </button>
        ) : null}
      </div>
      {ticket ? (
        <div class="popup-identity-detail">
          <IdentityView
            user={{ platform: ticket.platform, userId: ticket.userId, appId: ticket.appId }}
            ticket={ticket.authorization}
            reveal={store.reveal.value}
          />
        </div>
      ) : null}
      {ticket?.status === 'rejected' ? (
        <div class="popup-warning" role="status">
          <span>{t('popupTicketRejectedNote', ticket.rejectedCode ?? 'AuthFailure')}</span>
          <button type="button" id="popup-relogin" onClick={() => store.relogin(ticket)}>
            {t('popupRelogin')}
          </button>
        </div>
      ) : null}
    </section>
  );
}
