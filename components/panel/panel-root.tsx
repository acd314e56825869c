/** The panel page's root: language, theme, the stores, and the layout (toolbar, banners, list | detail or stats). */
import type { ComponentType, JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { PanelApp } from '../../lib/ui/panel/boot';
import { I18nProvider, useT } from '../i18n-context';
import { usePageTitle } from '../page-title';
import { CallList } from './call-list';
import { listViewOf } from '../../lib/ui/panel/list-view';
import { PanelBanners } from './panel-banners';
import { PanelKeys } from './panel-keys';
import { PanelProvider, usePanel, type PanelUi } from './panel-context';
import { PanelToolbar } from './panel-toolbar';
import '../theme.css';
import './panel.css';

/** A component loaded on first use; `fallback` until then. */
function lazyView(load: () => Promise<ComponentType>, fallback: () => JSX.Element) {
  let loaded: ComponentType | null = null;
  let loading: Promise<ComponentType> | null = null;
  return function LazyView() {
    const [view, setView] = useState<ComponentType | null>(() => loaded);
    useEffect(() => {
      if (view) return;
      let alive = true;
      loading ??= load().then((c) => (loaded = c));
      void loading.then((c) => alive && setView(() => c));
      return () => {
        alive = false;
      };
    }, [view]);
    const View = view;
    return View ? <View /> : fallback();
  };
}

// The detail pane and the stats view (JSON tree, diff, catalogue, charts) load when first shown.
const CallDetail = lazyView(
  () => import('./call-detail').then((m) => m.CallDetail),
  () => <aside class="cme-detail" />,
);
// The capture rules pane (editor, parser, preview) loads when first opened.
const CaptureRulesPane = lazyView(
  () => import('./capture-rules-pane').then((m) => m.CaptureRulesPane),
  () => <section class="cme-rules" />,
);
// The Faults view (action catalogue, error dictionary) loads when first shown.
const FaultsView = lazyView(
  () => import('./faults-view').then((m) => m.FaultsView),
  () => <section class="cme-faults" />,
);
// The splitter comes with the detail pane it resizes.
const Splitter = lazyView(
  () => import('./splitter').then((m) => m.Splitter),
  () => <div class="cme-splitter" />,
);
const StatsView = lazyView(
  () => import('./stats-view').then((m) => m.StatsView),
  () => <div class="cme-stats" />,
);

/** The layout inside the providers. */
export function PanelLayout() {
  const ui = usePanel();
  const { panel, rules } = ui;
  const t = useT();
  const listView = listViewOf(ui);
  const detailWidth = listView.detailWidth.value;
  const view = panel.view.value;
  const hasDetail = panel.selectedId.value !== null;
  // One main landmark and a level-one heading (for screen readers) hold the whole panel.
  return (
    <main class="cme-panel">
      <h1 class="sr-only">{t('extName')}</h1>
      <PanelToolbar />
      {rules?.open.value ? <CaptureRulesPane /> : null}
      <PanelBanners />
      {view === 'stats' ? (
        <StatsView />
      ) : view === 'faults' ? (
        <FaultsView />
      ) : (
        <div
          class={`cme-split${hasDetail ? ' has-detail has-splitter' : ''}`}
          style={detailWidth === null ? undefined : { '--detail-width': `${detailWidth}px` }}
        >
          <CallList />
          {hasDetail && <Splitter />}
          {hasDetail && <CallDetail />}
        </div>
      )}
      <PanelKeys />
    </main>
  );
}

/** The whole panel for a booted app; applies its theme to the document. */
export function PanelRoot({ app, root = document.documentElement }: { app: PanelApp; root?: HTMLElement }) {
  const theme = app.theme.value;
  usePageTitle(app.lang.value, 'extName', root.ownerDocument);
  useEffect(() => {
    root.dataset.theme = theme;
  }, [root, theme]);
  const ui: PanelUi = { ...app, maxEntries: app.settings.maxEntriesPerTab };
  return (
    <I18nProvider lang={app.lang.value}>
      <PanelProvider value={ui}>
        <PanelLayout />
      </PanelProvider>
    </I18nProvider>
  );
}
