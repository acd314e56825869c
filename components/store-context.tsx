/**
 * A page's stores as a Preact context: provided once by the page's root, read by its views with one hook
 * that throws outside the provider (a wiring mistake, said by name rather than as an undefined store).
 */
import { createContext } from 'preact';
import type { ComponentChildren, JSX } from 'preact';
import { useContext } from 'preact/hooks';

/** The provider and hook of a store context. */
export interface StoreContext<T> {
  /** Provides `value` to the views below. */
  Provider: (props: { value: T; children?: ComponentChildren }) => JSX.Element;
  /** The provided value; throws `use<name>() outside <<name>Provider>` when there is none. */
  use: () => T;
}

/** A context for `T` named `name` (e.g. "Popup": `usePopup() outside <PopupProvider>`). */
export function createStoreContext<T>(name: string): StoreContext<T> {
  const Context = createContext<T | null>(null);
  return {
    Provider: ({ value, children }) => <Context.Provider value={value}>{children}</Context.Provider>,
    use: () => {
      const value = useContext(Context);
      if (value === null) throw new Error(`use${name}() outside <${name}Provider>`);
      return value;
    },
  };
}
