/**
 * The `?` overlay: every keyboard shortcut of the panel (lib/ui/panel/shortcuts.ts), grouped by where it
 * works. A modal dialog: focus moves into it and stays there (Tab cycles), Escape or Close shuts it and
 * focus goes back where it was.
 */
import { useEffect, useRef } from 'preact/hooks';
import {
  comboLabel,
  isMacPlatform,
  SHORTCUTS,
  type Shortcut,
  type ShortcutScope,
} from '../../lib/ui/panel/shortcuts';
import { useT } from '../i18n-context';

/** The shortcuts grouped by scope, in list order. */
function groups(): [ShortcutScope, Shortcut[]][] {
  const out = new Map<ShortcutScope, Shortcut[]>();
  for (const s of SHORTCUTS) {
    const list = out.get(s.scope) ?? [];
    list.push(s);
    out.set(s.scope, list);
  }
  return [...out];
}

/** The overlay; `onClose` is called on Escape or Close (focus is given back here first). */
export function ShortcutsOverlay({ onClose, mac }: { onClose(): void; mac?: boolean }) {
  const t = useT();
  const dialog = useRef<HTMLDivElement>(null);
  const isMac = mac ?? isMacPlatform(globalThis.navigator);

  useEffect(() => {
    const el = dialog.current;
    if (!el) return;
    const before = el.ownerDocument.activeElement as HTMLElement | null;
    el.querySelector<HTMLElement>('[name="close-shortcuts"]')?.focus();
    return () => {
      if (before && before.isConnected && before !== el.ownerDocument.body) before.focus();
    };
  }, []);

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      onClose();
      return;
    }
    if (event.key !== 'Tab') return;
    const el = dialog.current;
    if (!el) return;
    const focusables = [...el.querySelectorAll<HTMLElement>('button, [tabindex="0"]')];
    const first = focusables[0];
    const last = focusables[focusables.length - 1];
    if (!first || !last) return;
    const active = el.ownerDocument.activeElement;
    if (event.shiftKey && (active === first || !el.contains(active))) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && (active === last || !el.contains(active))) {
      event.preventDefault();
      first.focus();
    }
  };

  return (
    <div class="cme-overlay" onPointerDown={(e) => e.target === e.currentTarget && onClose()}>
      <div
        ref={dialog}
        class="cme-keys"
        role="dialog"
        aria-modal="true"
        aria-labelledby="cme-keys-title"
        onKeyDown={onKeyDown}
      >
        <div class="cme-keys-head">
          <h2 id="cme-keys-title">{t('panelKeysTitle')}</h2>
          <button type="button" name="close-shortcuts" onClick={onClose}>
            {t('panelKeysClose')}
          </button>
        </div>
        <div class="cme-keys-body" tabIndex={0}>
          {groups().map(([scope, list]) => (
            <section key={scope} class="cme-keys-group">
              <h3>{t(scope)}</h3>
              <dl>
                {list.map((s) => (
                  <div key={s.id} class="cme-keys-row" data-shortcut={s.id}>
                    <dt>
                      {s.keys.map((k, i) => (
                        <span key={i}>
                          {i > 0 && ' '}
                          <kbd>{comboLabel(k, isMac)}</kbd>
                        </span>
                      ))}
                    </dt>
                    <dd>{t(s.label)}</dd>
                  </div>
                ))}
              </dl>
            </section>
          ))}
        </div>
      </div>
    </div>
  );
}
