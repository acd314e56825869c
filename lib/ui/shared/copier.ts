/**
 * The panel's copier: copies through an injected writer (default: the clipboard, loaded on first copy) and
 * remembers the last text it was given, which the panel's test hook reads. Only masked texts are given.
 */

/** A copier: copies through `write` and remembers the last text it was given (the panel's test hook). */
export interface Copier {
  copy(text: string): Promise<boolean>;
  /** The last text given to `copy` (only masked texts are ever given), null before any. */
  last(): string | null;
}

/** Creates a copier over `write` (default: the clipboard). */
export function createCopier(
  write: (text: string) => Promise<boolean> = (t) => import('./clipboard').then((m) => m.copyToClipboard(t)),
): Copier {
  let last: string | null = null;
  return {
    async copy(text) {
      last = text;
      return write(text);
    },
    last: () => last,
  };
}
