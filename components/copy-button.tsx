/**
 * A copy-to-clipboard button: navigator.clipboard first, a hidden-textarea `execCommand('copy')` fallback
 * (DevTools panels often lack clipboard permission), and a brief "copied" state that does not move the layout.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { copyToClipboard } from '../lib/ui/shared/clipboard';
import { useT } from './i18n-context';
import './theme.css';
import './copy-button.css';

/** Copies `text`; true when the browser accepted it. Never throws. */
export { copyToClipboard };

/** Props of {@link CopyButton}. */
export interface CopyButtonProps {
  /** Produces the text at click time (so a masked/revealed choice is read when copying). */
  text: () => string;
  /** Button label; default "Copy". */
  label?: string;
  title?: string;
  class?: string;
  disabled?: boolean;
}

type State = 'idle' | 'copied' | 'failed';

const FEEDBACK_MS = 1500;

/** A button copying `text()`; shows "Copied" (or "Copy failed") for a moment in the same space. */
export function CopyButton({ text, label, title, class: cls, disabled }: CopyButtonProps) {
  const t = useT();
  const [state, setState] = useState<State>('idle');
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );
  const idle = label ?? t('commonCopy');
  const onClick = async () => {
    const ok = await copyToClipboard(text());
    setState(ok ? 'copied' : 'failed');
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => setState('idle'), FEEDBACK_MS);
  };
  const labels: [State, string][] = [
    ['idle', idle],
    ['copied', t('commonCopied')],
    ['failed', t('commonCopyFailed')],
  ];
  return (
    <button
      type="button"
      class={`copy-btn${cls ? ` ${cls}` : ''}`}
      data-state={state}
      title={title}
      disabled={disabled}
      onClick={() => void onClick()}
    >
      {/* Every label sits in the same grid cell, so the button keeps the width of the widest. */}
      <span class="copy-btn-stack">
        {labels.map(([s, text]) => (
          <span
            key={s}
            class={s === state ? 'copy-btn-label' : 'copy-btn-label is-hidden'}
            aria-hidden={s !== state}
          >
            {text}
          </span>
        ))}
      </span>
      <span class="sr-only" role="status" aria-live="polite">
        {state === 'idle' ? '' : state === 'copied' ? t('commonCopied') : t('commonCopyFailed')}
      </span>
    </button>
  );
}
