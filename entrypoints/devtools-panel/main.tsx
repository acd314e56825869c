import { render } from 'preact';
import { browser } from 'wxt/browser';
import { PanelRoot } from '../../components/panel/panel-root';
import { bootPanel } from '../../lib/ui/panel/boot';

void bootPanel(browser, {
  search: location.search,
  hookTarget: window,
  prefs: localStorage,
  prefersDark: () => matchMedia('(prefers-color-scheme: dark)').matches,
  open: (url) => void window.open(url, '_blank'),
}).then((app) => render(<PanelRoot app={app} />, document.getElementById('app')!));
