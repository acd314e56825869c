/**
 * What a CME error code means, in the UI language: the message, where the entry comes from (CME's client
 * API docs, its server API docs, third-party code or our sandbox) and whether the message shown is CME's
 * own text, what the server itself said when that differs, a hint on what to do, and a call to log in again
 * when the ticket was not accepted.
 */
import { explainError, type ErrorExplanation, type ErrorSource } from '../lib/cme/errors';
import type { MessageKey } from '../lib/i18n/i18n';
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

/** The provenance line of each source. */
const SOURCE_LINE: Record<ErrorSource, MessageKey> = {
  'client-docs': 'codeSourceClientDocs',
  'server-docs': 'codeSourceServerDocs',
  'third-party': 'codeSourceThirdParty',
  sandbox: 'codeSourceSandbox',
};

/**
 * How the message shown in `lang` is not CME's own text: a translation of CME's text in the other
 * language, or our own wording where CME gives none; null when it is CME's text or a family guess
 * (which has its own badge).
 */
function messageMark(ex: ErrorExplanation, zh: boolean): 'translation' | 'wording' | null {
  if (ex.source === null || (zh ? ex.official.zh : ex.official.en)) return null;
  return (zh ? ex.official.en : ex.official.zh) ? 'translation' : 'wording';
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
  const mark = messageMark(ex, zh);
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
        {mark && (
          <span
            class="badge badge-muted errx-mark"
            data-mark={mark}
            title={t(mark === 'translation' ? 'codeOurTranslationTitle' : 'codeOurWordingTitle')}
          >
            {t(mark === 'translation' ? 'codeOurTranslation' : 'codeOurWording')}
          </span>
        )}
      </div>
      {ex.source && (
        <p class={`errx-source errx-source-${ex.source}`} data-source={ex.source}>
          {t(SOURCE_LINE[ex.source])}
        </p>
      )}
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
