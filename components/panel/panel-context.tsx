/** The panel's stores, provided once by the root and read by every panel view with `usePanel()`. */
import { createContext } from 'preact';
import type { ComponentChildren } from 'preact';
import { useContext } from 'preact/hooks';
import type { PanelApp } from '../../lib/ui/panel/boot';

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
> & { maxEntries: number };

const PanelContext = createContext<PanelUi | null>(null);

/** Provides the panel's stores to the views below. */
export function PanelProvider({ ui, children }: { ui: PanelUi; children: ComponentChildren }) {
  return <PanelContext.Provider value={ui}>{children}</PanelContext.Provider>;
}

/** The panel's stores; throws outside a PanelProvider (a wiring mistake). */
export function usePanel(): PanelUi {
  const ui = useContext(PanelContext);
  if (ui === null) throw new Error('usePanel() outside <PanelProvider>');
  return ui;
}
