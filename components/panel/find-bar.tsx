/**
 * The detail's find bar (components/panel/use-detail-find.tsx runs it): the text, "3 / 17" and the body
 * of the current match, previous/next (Shift+Enter/Enter, Shift+F3/F3), a case toggle and close (Esc).
 */
import { useEffect, useRef } from 'preact/hooks';
import type { FindSession } from '../../lib/ui/panel/find-session';
import { useT } from '../i18n-context';
import './find-bar.css';

interface FindBarProps {
  session: FindSession;
  /** Bumped to focus the input (and select its text) again. */
  focusTick: number;
  tooDeep: boolean;
  onClose: () => void;
}

/** The bar itself. */
export function FindBar({ session, focusTick, tooDeep, onClose }: FindBarProps) {
  const t = useT();
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    input.current?.focus();
    input.current?.select();
  }, [focusTick]);
  const r = session.result.value;
  const needle = session.needle.value;
  const total = r.matches.length;
  const count =
    needle === ''
      ? ''
      : total === 0
        ? t('panelFindNoMatch')
        : t(
            'panelFindCount',
            (r.current + 1).toLocaleString('en-US'),
            `${total.toLocaleString('en-US')}${r.capped ? '+' : ''}`,
          );
  const at = r.matches[r.current];
  const onKey = (e: KeyboardEvent) => {
    // Enter that ends an IME composition (Chinese input) is not a move.
    if (e.key !== 'Enter' || e.isComposing) return;
    e.preventDefault();
    if (e.shiftKey) session.previous();
    else session.next();
  };
  return (
    <div class="cme-find" role="search" aria-label={t('panelFindLabel')}>
      <input
        ref={input}
        type="text"
        name="find"
        class="cme-find-input"
        placeholder={t('panelFindPlaceholder')}
        aria-label={t('panelFindLabel')}
        value={needle}
        onInput={(e) => session.setNeedle(e.currentTarget.value)}
        onKeyDown={onKey}
      />
      <span
        class={`cme-find-count${needle !== '' && total === 0 ? ' is-none' : ''}`}
        aria-live="polite"
        data-find-count
      >
        {count}
        {at && (
          <span class="muted"> · {t(at.body === 'request' ? 'panelTabRequest' : 'panelTabResponse')}</span>
        )}
      </span>
      <button
        type="button"
        name="find-previous"
        class="cme-find-btn"
        title={t('panelFindPrevious')}
        aria-label={t('panelFindPrevious')}
        disabled={total === 0}
        onClick={() => session.previous()}
      >
        ↑
      </button>
      <button
        type="button"
        name="find-next"
        class="cme-find-btn"
        title={t('panelFindNext')}
        aria-label={t('panelFindNext')}
        disabled={total === 0}
        onClick={() => session.next()}
      >
        ↓
      </button>
      <button
        type="button"
        name="find-case"
        class={`cme-find-btn${session.caseSensitive.value ? ' is-on' : ''}`}
        title={t('panelFindCase')}
        aria-label={t('panelFindCase')}
        aria-pressed={session.caseSensitive.value}
        onClick={() => session.setCaseSensitive(!session.caseSensitive.peek())}
      >
        Aa
      </button>
      <button
        type="button"
        name="find-close"
        class="cme-find-btn"
        title={t('panelFindClose')}
        aria-label={t('panelFindClose')}
        onClick={onClose}
      >
        ×
      </button>
      {tooDeep && <p class="note cme-find-note">{t('panelFindTooDeep')}</p>}
    </div>
  );
}
