import { afterEach, describe, expect, it } from 'vitest';
import { bootPanel, type PanelApp, type PanelBrowser } from '../../../lib/ui/panel/boot';
import type { PanelHook } from '../../../lib/ui/panel/hook';
import { maskTicket } from '../../../lib/cme/mask';
import { answers, apiCall, FAKE_TICKET, loginCall, SESSION_START_MS } from '../../cme/factories';
import { fakeInspectedWindow, fakeNetwork, harEntryOf } from '../../capture/fakes';
import { listenForRpc } from '../../../lib/protocol';
import { fakeRuntime } from '../../protocol/fake-runtime';

let nextTab = 100;

type Listener = (changes: Record<string, { newValue?: unknown }>, area: string) => void;

/** A browser with storage, i18n, a runtime answering RPC from `rpc`, and optionally DevTools. */
function fakeBrowser(
  opts: { devtools?: boolean; settings?: object; ui?: string; rpc?: Record<string, unknown> } = {},
) {
  const stored: Record<string, unknown> = opts.settings ? { settings: opts.settings } : {};
  const listeners = new Set<Listener>();
  const network = fakeNetwork([]);
  // Each test inspects its own tab: the (fake) IndexedDB is shared by the file.
  const inspectedWindow = fakeInspectedWindow(nextTab++);
  const sent: string[] = [];
  const { runtime, connects } = fakeRuntime();
  listenForRpc(runtime, (message, _sender, reply) => {
    const m = message as { id: string; method: string };
    sent.push(m.method);
    const answer = {
      source: 'cme-devtools' as const,
      kind: 'rpc-result' as const,
      id: m.id,
      ok: true as const,
      result: opts.rpc?.[m.method] ?? [],
    };
    reply?.(answer);
    return Promise.resolve(answer);
  });
  const browser: PanelBrowser = {
    storage: {
      local: {
        get: async (key: string) => (key in stored ? { [key]: stored[key] } : {}),
        set: async (items: Record<string, unknown>) => {
          Object.assign(stored, items);
          for (const l of listeners)
            l(Object.fromEntries(Object.entries(items).map(([k, v]) => [k, { newValue: v }])), 'local');
        },
      },
      onChanged: {
        addListener: (l: Listener) => void listeners.add(l),
        removeListener: (l: Listener) => void listeners.delete(l),
      },
    },
    i18n: { getUILanguage: () => opts.ui ?? 'en-US' },
    runtime: Object.assign(runtime, { getURL: (p: string) => `chrome-extension://abc${p}` }),
    ...(opts.devtools === false
      ? {}
      : { devtools: { network, inspectedWindow, panels: { themeName: 'dark' } } }),
  };
  return { browser, network, inspectedWindow, sent, stored, connects };
}

const apps: PanelApp[] = [];
async function boot(fake: ReturnType<typeof fakeBrowser>, search = '') {
  const hookTarget: { __cmePanel?: PanelHook } = {};
  const opened: string[] = [];
  const prefs = new Map<string, string>();
  const app = await bootPanel(fake.browser, {
    search,
    hookTarget,
    prefs: { getItem: (k) => prefs.get(k) ?? null, setItem: (k, v) => void prefs.set(k, v) },
    prefersDark: () => false,
    open: (url) => void opened.push(url),
  });
  apps.push(app);
  // Before the stored log is listed and capture listens, the hook says so (e2e tests wait for it).
  const listeningAtBoot = hookTarget.__cmePanel!.capturing();
  await app.ready;
  return { app, hook: hookTarget.__cmePanel!, opened, prefs, listeningAtBoot };
}

/** Waits for the frame-batched capture (no requestAnimationFrame in Node: the 100 ms fallback). */
const frames = () => new Promise((r) => setTimeout(r, 250));

afterEach(() => {
  for (const app of apps.splice(0)) app.stop();
});

describe('panel boot', () => {
  it('captures, decodes and attributes calls, in the DevTools theme, and exposes the read-only hook', async () => {
    const fake = fakeBrowser();
    const { app, hook, listeningAtBoot } = await boot(fake);
    expect(listeningAtBoot).toBe(false);
    expect(hook.capturing()).toBe(true);
    expect(app.mode).toBe('devtools');
    expect(app.theme.value).toBe('dark');
    fake.network.finish(harEntryOf(loginCall()));
    fake.network.finish(
      harEntryOf(apiCall({ startedAt: SESSION_START_MS + 5, answer: answers.paasError() })),
    );
    await frames();
    expect(hook.count()).toBe(2);
    expect(hook.rows()[1]).toMatchObject({
      action: 'ListMedia',
      ok: false,
      userId: 'user_001',
      ticket: maskTicket(FAKE_TICKET), // the hook ships: never a full ticket
    });
    expect(fake.sent).toEqual(expect.arrayContaining(['tickets.list', 'environments.list']));
  });

  it('keeps the tab log across a reopened panel and clears it on a new document', async () => {
    const fake = fakeBrowser();
    const first = await boot(fake);
    fake.network.finish(harEntryOf(apiCall({ startedAt: SESSION_START_MS + 7 })));
    await frames();
    first.app.stop();
    const again = await boot(fake);
    expect(again.hook.count()).toBe(1);
    // Let the session read the document it starts on before the page loads another.
    await frames();
    fake.inspectedWindow.state.document = '9999.1';
    fake.network.navigate('http://page/');
    await frames();
    expect(again.hook.count()).toBe(0);
  });

  it("lists the tab's recorded calls when it opens (in time order, marked recorded) before capturing", async () => {
    const rec = (id: number, at: number) => ({
      id,
      tabId: 0,
      origin: 'https://app.example',
      receivedAt: at,
      bytes: 1,
      reportedByPage: true,
      injected: null,
      raw: apiCall({ startedAt: SESSION_START_MS + at }),
    });
    const fake = fakeBrowser({ rpc: { 'recorder.take': [rec(1, 20), rec(2, 10)] } });
    const { app, hook } = await boot(fake);
    fake.network.finish(harEntryOf(apiCall({ startedAt: SESSION_START_MS + 5_000 })));
    await frames();
    expect(fake.sent).toContain('recorder.take');
    expect(hook.count()).toBe(3);
    expect(app.panel.rows.value.map((r) => [r.startedAt - SESSION_START_MS, r.source ?? null])).toEqual([
      [10, 'recorded'],
      [20, 'recorded'],
      [5_000, null],
    ]);
  });

  it('asks the background over one port, kept for every later request', async () => {
    const fake = fakeBrowser({ rpc: { 'tickets.list': [] } });
    const { app } = await boot(fake);
    expect(fake.sent).toEqual(expect.arrayContaining(['tickets.list', 'environments.list']));
    await app.tickets.refresh();
    expect(fake.sent.filter((m) => m === 'tickets.list')).toHaveLength(2);
    // The RPC's port, and the page agent's capture port (cme-panel-capture).
    expect(fake.connects()).toBe(2);
  });

  it('closes the capture port when the page goes (pagehide)', async () => {
    const fake = fakeBrowser();
    const listeners = new Map<string, () => void>();
    const hookTarget = {
      addEventListener: (type: string, l: () => void) => void listeners.set(type, l),
      removeEventListener: (type: string) => void listeners.delete(type),
    };
    const opened: { name: string; closed?: boolean }[] = [];
    const connect = fake.browser.runtime.connect.bind(fake.browser.runtime);
    fake.browser.runtime.connect = (info) => {
      const port = connect(info);
      opened.push(port as { name: string; closed?: boolean });
      return port;
    };
    const app = await bootPanel(fake.browser, { search: '', hookTarget });
    apps.push(app);
    await app.ready;
    const capture = opened.find((p) => p.name === 'cme-panel-capture');
    expect(capture?.closed).toBe(false);
    listeners.get('pagehide')!();
    expect(capture?.closed).toBe(true);
  });

  it('follows the language setting live', async () => {
    const fake = fakeBrowser({ ui: 'zh-CN' });
    const { app } = await boot(fake);
    expect(app.lang.value).toBe('zh_CN');
    await fake.browser.storage.local.set({ settings: { version: 2, language: 'en' } });
    expect(app.lang.value).toBe('en');
  });

  it('persists Preserve log', async () => {
    const fake = fakeBrowser();
    const { app, prefs } = await boot(fake);
    app.panel.preserveLog.value = true;
    expect(prefs.get('cme-devtools.preserveLog')).toBe('true');
  });

  it('views an imported HAR in viewer mode, and exports it masked', async () => {
    const fake = fakeBrowser({ devtools: false });
    const { app, hook } = await boot(fake, '?mode=viewer');
    expect(app.mode).toBe('viewer');
    expect(app.theme.value).toBe('light');
    const har = {
      log: {
        version: '1.2',
        entries: [loginCall(), apiCall({ startedAt: SESSION_START_MS + 1 })].map((raw) => {
          const e = harEntryOf(raw, 'inline');
          return { ...e, getContent: undefined };
        }),
      },
    };
    await app.importHar(new File([JSON.stringify(har)], 'demo.har'));
    expect(app.harImport.state.value).toMatchObject({ phase: 'done', name: 'demo.har', calls: 2 });
    expect(hook.count()).toBe(2);
    expect(app.panel.source.value).toEqual({ kind: 'file', name: 'demo.har' });
    const file = await app.exportHar(new Date(2026, 0, 2, 3, 4, 5));
    expect(file).toMatchObject({ name: 'cme-calls-20260102-030405.har', count: 2 });
    expect(file.text).not.toContain(FAKE_TICKET);
  });

  it('opens the viewer as a tab', async () => {
    const { app, opened } = await boot(fakeBrowser());
    app.openViewer();
    expect(opened).toEqual(['chrome-extension://abc/devtools-panel.html?mode=viewer']);
  });

  it('brings back the tab’s filter from storage.session in a new panel document', async () => {
    const session: Record<string, unknown> = {};
    const area = {
      get: async (key: string) => (key in session ? { [key]: session[key] } : {}),
      set: async (items: Record<string, unknown>) => void Object.assign(session, items),
    };
    const fake = fakeBrowser();
    fake.browser.storage.session = area;
    const first = await boot(fake);
    first.app.panel.setQuery('-code:Success');
    first.app.stop(); // the page goes: the pending write is made
    await new Promise((r) => setTimeout(r, 0));
    const again = await boot(fake);
    expect(again.app.panel.filter.value).toBe('-code:Success');
    // Another tab starts unfiltered.
    const other = fakeBrowser();
    other.browser.storage.session = area;
    expect((await boot(other)).app.panel.filter.value).toBe('');
  });
});
