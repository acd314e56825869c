/** The popup's store, provided once by the root and read by the popup views with `usePopup()`. */
import { createContext } from 'preact';
import type { ComponentChildren } from 'preact';
import { useContext } from 'preact/hooks';
import type { PopupStore } from '../../lib/ui/popup/store';

const PopupContext = createContext<PopupStore | null>(null);

/** Provide the popup's store to the views below. */
export function PopupProvider({ store, children }: { store: PopupStore; children: ComponentChildren }) {
  return <PopupContext.Provider value={store}>{children}</PopupContext.Provider>;
}

/** The popup's store; throws outside a PopupProvider (a wiring mistake). */
export function usePopup(): PopupStore {
  const store = useContext(PopupContext);
  if (store === null) throw new Error('usePopup() outside <PopupProvider>');
  return store;
}
