/**
 * Light or dark for the popup and the options page: the browser's colour scheme, followed live, set as
 * `data-theme` on the root element (components/theme.css keys its dark colours on it).
 */

/** The part of a `MediaQueryList` used. */
export interface MediaQueryLike {
  matches: boolean;
  addEventListener(type: 'change', listener: () => void): void;
  removeEventListener(type: 'change', listener: () => void): void;
}

/** Set `data-theme` from `(prefers-color-scheme: dark)` now and on every change; returns the unsubscribe. */
export function followColorScheme(root: { dataset: DOMStringMap }, dark: MediaQueryLike): () => void {
  const apply = (): void => {
    root.dataset.theme = dark.matches ? 'dark' : 'light';
  };
  apply();
  dark.addEventListener('change', apply);
  return () => dark.removeEventListener('change', apply);
}
