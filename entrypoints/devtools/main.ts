import { browser } from 'wxt/browser';

browser.devtools.panels.create('CME', '/icon/48.png', '/devtools-panel.html');
