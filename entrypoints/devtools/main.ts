import { browser } from 'wxt/browser';
import { createPanel } from '../../lib/capture/panel-theme';

// The e2e harness finds the panel by its title: keep it 'CME'.
void createPanel(browser.devtools.panels, 'CME', '/icon/48.png', '/devtools-panel.html');
