/**
 * The panel-wide keys (lib/ui/panel/shortcuts.ts): `?` opens the shortcuts overlay, `/` goes to the filter
 * box, `r` replays the selected call and `e` opens it in the replay editor. None fires while typing in a
 * field or with a modifier held. The overlay loads on first use.
 */
import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { listViewOf } from '../../lib/ui/panel/list-view';
import { isMacPlatform, isTypingTarget, panelShortcutOf } from '../../lib/ui/panel/shortcut-keys';
import { useT } from '../i18n-context';
import { usePanel } from './panel-context';

type Overlay = ComponentType<{ onClose(): void }>;
let overlay: Promise<Overlay> | null = null;
const loadOverlay = () =>
  (overlay ??= import('./shortcuts-overlay').then((m) => m.ShortcutsOverlay as Overlay));

/** Listens for the panel-wide keys on the panel's document; renders the overlay while it is open. */
export function PanelKeys() {
  const ui = usePanel();
  const t = useT();
  const [View, setView] = useState<Overlay | null>(null);
  const [open, setOpen] = useState(false);

  useEffect(() => {
    const mac = isMacPlatform(globalThis.navigator);
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || open || isTypingTarget(event.target)) return;
      const id = panelShortcutOf(event, mac);
      if (id === null) return;
      const doc = (event.target as Node | null)?.ownerDocument ?? document;
      if (id === 'help') {
        event.preventDefault();
        void loadOverlay().then((c) => {
          setView(() => c);
          setOpen(true);
        });
      } else if (id === 'focusFilter') {
        const box = doc.querySelector<HTMLInputElement>('input[name="filter"]');
        if (!box) return;
        event.preventDefault();
        box.focus();
        box.select();
      } else {
        const row = ui.panel.selected.peek();
        if (row === null || row.kind !== 'api' || !ui.replay.available) return;
        event.preventDefault();
        const action = id === 'replay' ? 'replay' : 'replayEdited';
        void Promise.all([
          import('../../lib/ui/panel/row-actions'),
          import('../../lib/ui/panel/masking'),
        ]).then(([actions, masking]) =>
          actions.runRowAction(action, row, {
            panel: ui.panel,
            detail: ui.detail,
            replay: ui.replay,
            listView: listViewOf(ui),
            masker: () => masking.tabMasker(ui).value,
            copier: { copy: async () => false },
            t,
          }),
        );
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [ui, t, open]);

  return open && View ? <View onClose={() => setOpen(false)} /> : null;
}
