/**
 * Send and abort. Both buttons are always there and the status line keeps its height, so nothing jumps
 * while a call is in flight; Send is disabled meanwhile, so a second click sends nothing.
 */
import { useEffect, useState } from 'preact/hooks';
import type { MessageKey } from '../../lib/i18n/i18n';
import type { SendBlock } from '../../lib/ui/popup/store';
import { duration } from '../format';
import { useT } from '../i18n-context';
import { usePopup } from './popup-context';

const BLOCK_TEXT: Record<SendBlock, MessageKey> = {
  'no-ticket': 'popupBlockedNoTicket',
  'no-action': 'popupBlockedNoAction',
  'invalid-body': 'popupBlockedBody',
};

/** Milliseconds since `since` (epoch ms), ticking; 0 when null. */
function useElapsed(since: number | null): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (since === null) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 100);
    return () => clearInterval(timer);
  }, [since]);
  return since === null ? 0 : Math.max(0, now - since);
}

/** The send bar. */
export function SendBar() {
  const store = usePopup();
  const t = useT();
  const inFlight = store.call.inFlight.value;
  const sending = inFlight !== null;
  const aborting = store.call.aborting.value;
  const elapsed = useElapsed(inFlight ? inFlight.sent.startedAt : null);
  const blocked = store.blocked.value;
  return (
    <div class="popup-sendbar">
      <button
        type="button"
        id="popup-send"
        class="popup-primary"
        disabled={sending}
        aria-keyshortcuts="Control+Enter"
        onClick={() => void store.send()}
      >
        {t('popupSend')}
        <kbd>{t('popupSendHint')}</kbd>
      </button>
      <button
        type="button"
        id="popup-abort"
        disabled={!sending || aborting}
        onClick={() => void store.abort()}
      >
        {aborting ? t('popupAborting') : t('popupAbort')}
      </button>
      <span class={blocked && !sending ? 'popup-sendstatus popup-error' : 'popup-sendstatus'} role="status">
        {sending ? t('popupSending', duration(elapsed)) : blocked ? t(BLOCK_TEXT[blocked]) : ''}
      </span>
    </div>
  );
}
