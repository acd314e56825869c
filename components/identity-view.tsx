/** Who a call ran as: platform, user and app behind its ticket, with the ticket masked unless revealed. */
import { maskTicket } from '../lib/cme/mask';
import type { Identity } from '../lib/cme/types';
import { useT } from './i18n-context';
import './theme.css';

/** Props of {@link IdentityView}. */
export interface IdentityViewProps {
  user: Identity | null;
  ticket?: string | null;
  reveal?: boolean;
}

function Value({ value }: { value: string | number | null | undefined }) {
  return value === null || value === undefined || value === '' ? (
    <span class="faint">—</span>
  ) : (
    <>{String(value)}</>
  );
}

/** A compact key/value view of an identity (and its ticket, masked by default). */
export function IdentityView({ user, ticket, reveal = false }: IdentityViewProps) {
  const t = useT();
  return (
    <div class="identity-view">
      {!user && <p class="muted identity-unknown">{t('identityUnknown')}</p>}
      <dl class="kv">
        {user && (
          <>
            <dt>{t('identityPlatform')}</dt>
            <dd>
              <Value value={user.platform} />
            </dd>
            <dt>{t('identityUserId')}</dt>
            <dd>
              <Value value={user.userId} />
            </dd>
            <dt>{t('identityAppId')}</dt>
            <dd>
              <Value value={user.appId} />
            </dd>
          </>
        )}
        {ticket !== undefined && (
          <>
            <dt>{t('ticketLabel')}</dt>
            <dd class="identity-ticket">
              <Value value={ticket === null ? null : maskTicket(ticket, reveal)} />
            </dd>
          </>
        )}
      </dl>
    </div>
  );
}
