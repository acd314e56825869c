import { browser } from 'wxt/browser';
import { startBackground } from '../lib/background/main';

export default defineBackground(() => {
  startBackground(browser);
});
