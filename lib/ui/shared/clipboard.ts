/**
 * Copying text: `navigator.clipboard` first, a hidden-textarea `execCommand('copy')` fallback (DevTools
 * panels often lack clipboard permission), focus given back to where it was. Never throws.
 */

/** The globals copying uses (injected in tests). */
export interface ClipboardEnv {
  navigator?: { clipboard?: { writeText?(text: string): Promise<void> } };
  document?: Document;
}

/** Copies `text`; true when the browser accepted it. Never throws. */
export async function copyToClipboard(
  text: string,
  env: ClipboardEnv = globalThis as unknown as ClipboardEnv,
): Promise<boolean> {
  try {
    const clipboard = env.navigator?.clipboard;
    if (clipboard?.writeText) {
      await clipboard.writeText(text);
      return true;
    }
  } catch {
    // Denied (no focus, no permission in a DevTools panel): try the textarea way.
  }
  return copyWithTextarea(text, env.document);
}

function copyWithTextarea(text: string, doc: Document | undefined): boolean {
  if (!doc?.body) return false;
  const active = doc.activeElement as HTMLElement | null;
  const area = doc.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.top = '0';
  area.style.left = '0';
  area.style.opacity = '0';
  doc.body.appendChild(area);
  try {
    area.focus();
    area.select();
    return typeof doc.execCommand === 'function' && doc.execCommand('copy');
  } catch {
    return false;
  } finally {
    area.remove();
    active?.focus?.();
  }
}
