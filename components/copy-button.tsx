/**
 * A copy-to-clipboard button: navigator.clipboard first, a hidden-textarea `execCommand('copy')` fallback
 * (DevTools panels often lack clipboard permission), and a brief "copied" state that does not move the layout.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { useT } from './i18n-context';
import './theme.css';
import './copy-button.css';

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

/** Copies `text`; true when the browser accepted it. Never throws. */
export async function copyToClipboard(text: string): Promise<boolean> {
  try {
    const clipboard = globalThis.navigator?.clipboard;
    if (clipboard?.writeText) {
      await clipboard.writeText(text);
      return true;
    }
  } catch {
    // Denied (no focus, no permission in a DevTools panel): try the textarea way.
  }
  return copyWithTextarea(text);
}

function copyWithTextarea(text: string): boolean {
  if (typeof document === 'undefined' || !document.body) return false;
  const active = document.activeElement as HTMLElement | null;
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.top = '0';
  area.style.left = '0';
  area.style.opacity = '0';
  document.body.appendChild(area);
  try {
    area.focus();
    area.select();
    return typeof document.execCommand === 'function' && document.execCommand('copy');
  } catch {
    return false;
  } finally {
    area.remove();
    active?.focus?.();
  }
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
