/** The options page's store, provided once by the root and read by the options views with `useOptions()`. */
import type { OptionsStore } from '../../lib/ui/options/store';
import { createStoreContext } from '../store-context';

const options = createStoreContext<OptionsStore>('Options');

/** Provide the options store (`value`) to the views below. */
export const OptionsProvider = options.Provider;

/** The options store; throws outside an OptionsProvider (a wiring mistake). */
export const useOptions = options.use;
