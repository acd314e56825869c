/** Renders the options page over a real store, the fake browser's storage and a fake background. */
import { render, waitFor } from '@testing-library/preact';
import { expect, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { OptionsRoot } from '../../../components/options/options-root';
import type { Lang } from '../../../lib/i18n/i18n';
import { TENCENT_ENVIRONMENT, type StoreCounts } from '../../../lib/store/schema';
import type { PermissionsLike } from '../../../lib/ui/options/environments';
import { createOptionsStore } from '../../../lib/ui/options/store';
import { createPageSettings } from '../../../lib/ui/shared/page-lang';
import { deferred, fakeRpc, makeEnvironment, type FakeHandlers } from '../../ui/popup/fakes';

/** Options of `renderOptions`. */
export interface OptionsFixture {
  handlers?: FakeHandlers;
  granted?: string[];
  uiLanguage?: string;
}

/** Render the options page, loaded. `prompts` are the open permission prompts, answerable by the test. */
export async function renderOptions(opts: OptionsFixture = {}) {
  let envs = [TENCENT_ENVIRONMENT, makeEnvironment()];
  let counts: StoreCounts = { tickets: 3, history: 12, captures: 40, environments: 2 };
  const rpc = fakeRpc({
    'environments.list': () => envs,
    'environments.save': (p) => {
      const rec = makeEnvironment({ id: `env-${envs.length}`, ...p });
      envs = [...envs, rec];
      return rec;
    },
    'environments.delete': ({ environmentId }) => {
      envs = envs.filter((e) => e.id !== environmentId);
      return { deleted: true };
    },
    'keys.status': () => ({ present: false, secretId: null }),
    'data.counts': () => counts,
    'data.clear': ({ stores }) => {
      counts = { ...counts, ...Object.fromEntries(stores.map((s) => [s, 0])) };
      return counts;
    },
    'agent.sites': () => ({ sites: [], dropped: { malformed: 0, rateLimited: 0, refusedPorts: 0 } }),
    ...opts.handlers,
  });
  const granted = new Set(
    opts.granted ?? ['https://open.cme.qcloud.com/*', 'https://web-paas-api.cme.qcloud.com/*'],
  );
  const prompts: { origins: string[]; answer: (yes: boolean) => void }[] = [];
  const permissions: PermissionsLike = {
    request: vi.fn(({ origins }: { origins: string[] }) => {
      const d = deferred<boolean>();
      prompts.push({
        origins,
        answer: (yes) => (yes && origins.forEach((o) => granted.add(o)), d.resolve(yes)),
      });
      return d.promise;
    }),
    contains: async ({ origins }) => origins.every((o) => granted.has(o)),
  };
  const page = createPageSettings({
    storage: fakeBrowser.storage,
    i18n: { getUILanguage: () => opts.uiLanguage ?? 'en-US' },
  });
  await page.ready;
  const download = vi.fn<(name: string, text: string) => void>();
  const store = createOptionsStore({ rpc, storage: fakeBrowser.storage.local, page, permissions, download });
  const Root = () => (
    <OptionsRoot
      store={store}
      lang={page.lang.value}
      browserLang={(opts.uiLanguage ?? 'en').startsWith('zh') ? 'zh_CN' : ('en' as Lang)}
    />
  );
  const view = render(<Root />);
  await store.init();
  await waitFor(() => expect(view.container.querySelectorAll('.options-env-row').length).toBe(envs.length));
  return {
    ...view,
    container: view.container as HTMLElement,
    store,
    rpc,
    permissions,
    prompts,
    download,
    page,
  };
}
