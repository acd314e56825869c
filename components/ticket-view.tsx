/**
 * A ticket (auth) with its reveal toggle, copy (what is shown: masked unless revealed) and whether it is
 * saved in an environment, with a save action when it is not.
 */
import { maskTicket } from '../lib/cme/mask';
import { CopyButton } from './copy-button';
import { useT } from './i18n-context';
import './theme.css';
import './ticket-view.css';

/** Props of {@link TicketView}. */
export interface TicketViewProps {
  ticket: string;
  reveal: boolean;
  /** true saved in an environment, false not saved, null unknown (nothing shown). */
  stored: boolean | null;
  onSave?: () => void;
  onReveal?: () => void;
}

/** One ticket, masked unless `reveal`. */
export function TicketView({ ticket, reveal, stored, onSave, onReveal }: TicketViewProps) {
  const t = useT();
  const shown = maskTicket(ticket, reveal);
  return (
    <div class="ticket-view">
      <code class="ticket-value" data-revealed={reveal}>
        {shown}
      </code>
      <span class="ticket-actions">
        {onReveal && (
          <button type="button" class="ticket-reveal" aria-pressed={reveal} onClick={onReveal}>
            {/* Both labels stacked so the button does not change width. */}
            <span class="ticket-stack">
              <span class={reveal ? 'is-hidden' : ''} aria-hidden={reveal}>
                {t('ticketReveal')}
              </span>
              <span class={reveal ? '' : 'is-hidden'} aria-hidden={!reveal}>
                {t('ticketHide')}
              </span>
            </span>
          </button>
        )}
        <CopyButton
          text={() => maskTicket(ticket, reveal)}
          title={reveal ? undefined : t('ticketCopyMaskedTitle')}
        />
        {stored === true && <span class="badge badge-ok ticket-stored">{t('ticketStored')}</span>}
        {stored === false && (
          <>
            <span class="badge badge-muted ticket-stored">{t('ticketNotStored')}</span>
            {onSave && (
              <button type="button" class="ticket-save" onClick={onSave}>
                {t('ticketSave')}
              </button>
            )}
          </>
        )}
      </span>
    </div>
  );
}
