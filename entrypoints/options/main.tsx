import { render } from 'preact';
import { browser } from 'wxt/browser';
import { saveTextFile } from '../../lib/ui/shared/download';
import { OptionsRoot } from '../../components/options/options-root';
import { createOptionsStore } from '../../lib/ui/options/store';
import { createPageSettings, pageLang } from '../../lib/ui/shared/page-lang';
import { followColorScheme } from '../../lib/ui/shared/page-theme';
import { createPageRpc } from '../../lib/ui/shared/rpc-client';

const page = createPageSettings(browser);
const store = createOptionsStore({
  rpc: createPageRpc(browser.runtime),
  storage: browser.storage.local,
  page,
  permissions: browser.permissions,
  download: (name, text) => saveTextFile(name, text),
  estimate: navigator.storage?.estimate ? () => navigator.storage.estimate() : undefined,
});
followColorScheme(document.documentElement, matchMedia('(prefers-color-scheme: dark)'));
addEventListener('pagehide', store.environments.watch());
void store.init();
const browserLang = pageLang('auto', browser);
// Nothing renders until the messages of a language are loaded: no raw keys flash.
const Root = () =>
  page.langReady.value ? (
    <OptionsRoot store={store} lang={page.lang.value} browserLang={browserLang} />
  ) : null;
render(<Root />, document.getElementById('app')!);
