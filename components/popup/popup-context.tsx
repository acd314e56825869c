/** The popup's store, provided once by the root and read by the popup views with `usePopup()`. */
import type { PopupStore } from '../../lib/ui/popup/store';
import { createStoreContext } from '../store-context';

const popup = createStoreContext<PopupStore>('Popup');

/** Provide the popup's store (`value`) to the views below. */
export const PopupProvider = popup.Provider;

/** The popup's store; throws outside a PopupProvider (a wiring mistake). */
export const usePopup = popup.use;
