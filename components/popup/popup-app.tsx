/**
 * The toolbar popup: identity, login, action, body, send, result and recent calls, in one column that
 * fits the popup (460 px wide, at most 600 px tall, scrolling inside). Ctrl+Enter sends from anywhere.
 */
import { useT } from '../i18n-context';
import '../theme.css';
import './popup.css';
import './popup-editor.css';
import { ActionInfo, ActionPicker } from './action-picker';
import { BodyEditor } from './body-editor';
import { CallResultView } from './call-result';
import { IdentityPicker } from './identity-picker';
import { LoginForm } from './login-form';
import { usePopup } from './popup-context';
import { RecentList } from './recent-list';
import { SendBar } from './send-bar';

/** The popup's root view; `openOptions` opens the options page. */
export function PopupApp({ openOptions }: { openOptions?: () => void }) {
  const store = usePopup();
  const t = useT();
  const status = store.status.value;
  const send = (): void => void store.send();
  const onKeyDown = (e: KeyboardEvent): void => {
    const inForm = e.target instanceof Element && e.target.closest('form') !== null;
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && !inForm) {
      e.preventDefault();
      send();
    }
  };
  return (
    <div class="popup-root" onKeyDown={onKeyDown}>
      <header class="popup-header">
        <h1>{t('popupTitle')}</h1>
        <label class="popup-reveal" title={t('popupRevealHint')}>
          <input
            type="checkbox"
            id="popup-reveal"
            checked={store.reveal.value}
            onChange={(e) => (store.revealOverride.value = e.currentTarget.checked)}
          />
          {t('popupReveal')}
        </label>
        {openOptions ? (
          <button type="button" id="popup-options" onClick={openOptions}>
            {t('popupOpenOptions')}
          </button>
        ) : null}
      </header>
      <main class="popup-main">
        {status === 'loading' ? (
          <p class="popup-muted popup-section">{t('popupLoading')}</p>
        ) : status === 'error' ? (
          <div class="popup-section popup-error" role="alert">
            <p>{t('popupLoadFailed', store.loadError.value ?? '')}</p>
            <button type="button" onClick={() => void store.init()}>
              {t('popupRetry')}
            </button>
          </div>
        ) : (
          <>
            <IdentityPicker />
            {store.showLogin.value ? <LoginForm /> : null}
            <section class="popup-section popup-call">
              <ActionPicker onEnter={send} />
              <ActionInfo />
              <BodyEditor onSend={send} />
              <SendBar />
            </section>
            <CallResultView />
            <RecentList />
          </>
        )}
      </main>
    </div>
  );
}
