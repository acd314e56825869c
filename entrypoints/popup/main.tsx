import { render } from 'preact';
import { browser } from 'wxt/browser';
import { PopupRoot } from '../../components/popup/popup-root';
import { createPageSettings } from '../../lib/ui/shared/page-lang';
import { createPopupStore } from '../../lib/ui/popup/store';
import { followColorScheme } from '../../lib/ui/shared/page-theme';
import { createPageRpc } from '../../lib/ui/shared/rpc-client';

const page = createPageSettings(browser);
const store = createPopupStore({
  rpc: createPageRpc(browser.runtime),
  settings: page.settings,
  draftArea: browser.storage.local,
});
followColorScheme(document.documentElement, matchMedia('(prefers-color-scheme: dark)'));
// The popup closes as soon as it loses focus: write the draft then, not after the debounce.
addEventListener('blur', () => void store.flushDraft());
addEventListener('pagehide', () => void store.dispose());
void store.init();
const openOptions = (): void => void browser.runtime.openOptionsPage();
// Nothing renders until the messages of a language are loaded: no raw keys flash.
const Root = () =>
  page.langReady.value ? <PopupRoot store={store} lang={page.lang.value} openOptions={openOptions} /> : null;
render(<Root />, document.getElementById('app')!);
