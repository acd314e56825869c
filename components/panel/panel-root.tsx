/** The panel page's root: language, theme, the stores, and the layout (toolbar, banners, list | detail or stats). */
import { useEffect } from 'preact/hooks';
import type { PanelApp } from '../../lib/ui/panel-boot';
import { I18nProvider } from '../i18n-context';
import { CallDetail } from './call-detail';
import { CallList } from './call-list';
import { PanelBanners } from './panel-banners';
import { PanelProvider, usePanel, type PanelUi } from './panel-context';
import { PanelToolbar } from './panel-toolbar';
import { StatsView } from './stats-view';
import '../theme.css';
import './panel.css';

/** The layout inside the providers. */
export function PanelLayout() {
  const { panel } = usePanel();
  const view = panel.view.value;
  const hasDetail = panel.selectedId.value !== null;
  return (
    <div class="cme-panel">
      <PanelToolbar />
      <PanelBanners />
      {view === 'stats' ? (
        <StatsView />
      ) : (
        <div class={`cme-split${hasDetail ? ' has-detail' : ''}`}>
          <CallList />
          {hasDetail && <CallDetail />}
        </div>
      )}
    </div>
  );
}

/** The whole panel for a booted app; applies its theme to the document. */
export function PanelRoot({ app, root = document.documentElement }: { app: PanelApp; root?: HTMLElement }) {
  const theme = app.theme.value;
  useEffect(() => {
    root.dataset.theme = theme;
  }, [root, theme]);
  const ui: PanelUi = { ...app, maxEntries: app.settings.maxEntriesPerTab };
  return (
    <I18nProvider lang={app.lang.value}>
      <PanelProvider ui={ui}>
        <PanelLayout />
      </PanelProvider>
    </I18nProvider>
  );
}
