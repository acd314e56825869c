/**
 * The error dictionary for the list's message column, loaded after the first paint (it is large, and a
 * row only needs it when the server sent no message): a signal that holds `explainError` once loaded.
 */
import { signal } from '@preact/signals';
import type { explainError } from '../../cme/errors';

/** `explainError` once loaded; null before. Components read it to re-render when it arrives. */
export const explainer = signal<typeof explainError | null>(null);

let loading: Promise<void> | null = null;

/** Starts loading the dictionary (once); resolves when it is available. */
export function loadExplainer(): Promise<void> {
  loading ??= import('../../cme/errors').then((m) => {
    explainer.value = m.explainError;
  });
  return loading;
}
