/** Bundled into the baseline extension's panel: an empty Preact page (one rendered element). */
import { h, render } from 'preact';

const app = document.getElementById('app');
if (app) render(h('main', { class: 'empty' }, 'empty'), app);
