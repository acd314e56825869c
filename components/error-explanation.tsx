/**
 * What a CME error code means, in the UI language: the message, what the server itself said when that
 * differs, a hint on what to do, and a call to log in again when the ticket was not accepted.
 */
import { explainError } from '../lib/cme/errors';
import { useLang, useT } from './i18n-context';
import './theme.css';
import './error-explanation.css';

/** Props of {@link ErrorExplanationView}. */
export interface ErrorExplanationProps {
  code: string | null;
  scope?: 'login' | 'api';
  /** The answer's `Message` (usually Chinese). */
  message?: string | null;
  /** The answer's `EnglishMessage`. */
  englishMessage?: string | null;
}

function same(a: string | null | undefined, b: string): boolean {
  return !!a && a.trim().toLowerCase() === b.trim().toLowerCase();
}

/** The explanation of an error code; renders nothing for no code or `Success`. */
export function ErrorExplanationView({ code, scope, message, englishMessage }: ErrorExplanationProps) {
  const t = useT();
  const zh = useLang() === 'zh_CN';
  const ex = explainError(code, scope);
  if (!ex) return null;
  const explained = zh ? ex.messageZh : ex.messageEn;
  // The AuthFailure family's generic hint says what the renew callout says: show it once.
  const generic = ex.authFailure ? explainError('AuthFailure') : null;
  const rawHint = zh ? ex.hintZh : ex.hintEn;
  const hint = generic && rawHint === (zh ? generic.hintZh : generic.hintEn) ? null : rawHint;
  // The server's own words, in the UI language when it sent both; shown only when they add something.
  const said = (zh ? (message ?? englishMessage) : (englishMessage ?? message)) ?? null;
  const showSaid =
    said !== null &&
    said.trim() !== '' &&
    !same(said, explained) &&
    !same(said, ex.messageZh) &&
    !same(said, ex.messageEn);
  return (
    <div class="errx" role="group" aria-label={t('codeExplanation')}>
      <div class="errx-head">
        <code class="errx-code">{ex.code}</code>
        <span class="errx-message">{explained}</span>
        {!ex.known && (
          <span class="badge badge-muted" title={t('codeFamilyGuessTitle')}>
            {t('codeFamilyGuess')}
          </span>
        )}
      </div>
      {showSaid && (
        <div class="errx-said">
          <span class="muted">{t('codeServerSaid')}</span>
          <span class="errx-said-text">{said}</span>
        </div>
      )}
      {hint && <p class="errx-hint">{hint}</p>}
      {ex.authFailure && <p class="note note-err errx-renew">{t('codeRenewTicket')}</p>}
    </div>
  );
}
