/** The options page's store, provided once by the root and read by the options views with `useOptions()`. */
import { createContext } from 'preact';
import type { ComponentChildren } from 'preact';
import { useContext } from 'preact/hooks';
import type { OptionsStore } from '../../lib/ui/options/store';

const OptionsContext = createContext<OptionsStore | null>(null);

/** Provide the options store to the views below. */
export function OptionsProvider({ store, children }: { store: OptionsStore; children: ComponentChildren }) {
  return <OptionsContext.Provider value={store}>{children}</OptionsContext.Provider>;
}

/** The options store; throws outside an OptionsProvider (a wiring mistake). */
export function useOptions(): OptionsStore {
  const store = useContext(OptionsContext);
  if (store === null) throw new Error('useOptions() outside <OptionsProvider>');
  return store;
}
