/** The panel's stores, provided once by the root and read by every panel view with `usePanel()`. */
import type { PanelApp } from '../../lib/ui/panel/boot';
import { createStoreContext } from '../store-context';

/** What the panel views use of the booted panel (tests build it from stores directly). */
export type PanelUi = Pick<
  PanelApp,
  | 'mode'
  | 'panel'
  | 'detail'
  | 'replay'
  | 'tickets'
  | 'importProblems'
  | 'exportHar'
  | 'importHar'
  | 'openViewer'
> &
  Partial<Pick<PanelApp, 'rules' | 'faults' | 'recording' | 'listView' | 'copier' | 'harImport'>> & {
    maxEntries: number;
  };

const panel = createStoreContext<PanelUi>('Panel');

/** Provides the panel's stores (`value`) to the views below. */
export const PanelProvider = panel.Provider;

/** The panel's stores; throws outside a PanelProvider (a wiring mistake). */
export const usePanel = panel.use;
