/**
 * Builds the panel from the browser it runs in: settings, language, theme, the tab's capture log,
 * the RPC client, the stores, and — in DevTools — the capture session. The same page opened as a tab
 * with `?mode=viewer` views an imported HAR: same stores, no DevTools APIs.
 */
import { effect, signal } from '@preact/signals';
import type { CaptureDevtools, CaptureSession } from '../../capture/capture-session';
import { resourceOpener, type DevtoolsResourcePanelsLike } from '../../capture/open-resource';
import { watchPanelTheme, type DevtoolsPanelsLike, type PanelTheme } from '../../capture/panel-theme';
import { createAttributor } from '../../cme/attribute';
import type { ClassifyOptions } from '../../cme/types';
import type { RuntimeLike } from '../../protocol';
import type { Settings } from '../../settings/settings';
import type { CmeStore } from '../../store';
import { createCopier } from '../shared/copier';
import { createPageSettings, type PageBrowserLike } from '../shared/page-lang';
import { createPageRpc } from '../shared/rpc-client';
import { createPanelRules } from './capture-rules';
import type { AgentFeed } from './agent-feed';
import { createDetailStore, type DetailStore } from './detail';
import { createFaultsStore } from './faults';
import type { ImportFile } from './har-import';
import { lazyHarImport } from './har-import-lazy';
import { keepQuery, readKeptQuery, type SessionAreaLike } from './filter-keep';
import { createRecordingStore, type RecordingPermissions } from './recording';
import { loadExplainer } from './explain';
import { installPanelHook } from './hook';
import { createListView } from './list-view';
import { createMemoryLog, createTabLog } from './log';
import { createReplayStore, type ReplayStore } from './replay';
import { createPanelStore, type PanelStore } from './store';
import { browserTextIndex } from './text-index/client';
import { createTicketsStore } from './tickets';

/** The parts of `browser` the panel uses. */
export interface PanelBrowser extends PageBrowserLike {
  /** Where the filter is kept per tab (absent or failing: it is not kept). */
  storage: PageBrowserLike['storage'] & { session?: SessionAreaLike };
  runtime: Pick<RuntimeLike, 'connect'> & { getURL?(path: string): string };
  /** Asked from the recording switch's click handler (the inspected origin's host permission). */
  permissions?: RecordingPermissions;
  devtools?: CaptureDevtools & { panels: DevtoolsPanelsLike & DevtoolsResourcePanelsLike };
}

/** The page around the panel (injected so the boot runs in tests). */
export interface PanelPage {
  /** `location.search`. */
  search: string;
  /** Where `__cmePanel` goes (the window). */
  hookTarget: object;
  /** Persisted small UI preferences (localStorage). */
  prefs?: Pick<Storage, 'getItem' | 'setItem'>;
  /** Whether the system prefers a dark scheme (the viewer has no DevTools theme). */
  prefersDark?: () => boolean;
  /** `window.open` for the viewer tab. */
  open?: (url: string) => void;
}

const PRESERVE_KEY = 'cme-devtools.preserveLog';
// An injected answer is reported at once; DevTools' events for the calls before it come a moment later.
const INJECTED_SETTLE_MS = 300;
// The background may be asleep or gone: attribution data is nice to have, not worth a long wait.
const SEED_TIMEOUT_MS = 2000;

function withTimeout<T>(promise: Promise<T>, ms: number, fallback: T): Promise<T> {
  return Promise.race([
    promise.catch(() => fallback),
    new Promise<T>((r) => setTimeout(() => r(fallback), ms)),
  ]);
}

/** Shows the selected row in the detail, and resets the replay form for it; returns the stop function. */
export function wireSelection(panel: PanelStore, detail: DetailStore, replay: ReplayStore): () => void {
  const stopShow = effect(() => {
    void detail.show(panel.selected.value);
  });
  const stopPrepare = effect(() => {
    const state = detail.state.value;
    replay.prepare(state.status === 'ready' ? state.raw : null);
  });
  return () => {
    stopShow();
    stopPrepare();
  };
}

/** Starts the panel; resolves once settings are read, before the stored log is (see `ready`). */
export async function bootPanel(browser: PanelBrowser, page: PanelPage) {
  const viewer = new URLSearchParams(page.search).get('mode') === 'viewer' || !browser.devtools;
  const devtools = viewer ? null : (browser.devtools ?? null);
  const pageSettings = createPageSettings(browser);
  const tabId = devtools?.inspectedWindow.tabId ?? -1;
  // The tab's filter is read with the settings, so the first paint lists what it filters.
  const keptQuery = withTimeout(readKeptQuery(browser.storage.session, tabId), SEED_TIMEOUT_MS, '');
  await pageSettings.ready;
  const settings = pageSettings.settings.peek();
  const theme = signal<PanelTheme>('light');
  const stopTheme = devtools
    ? watchPanelTheme(devtools.panels, (t) => (theme.value = t))
    : ((theme.value = page.prefersDark?.() ? 'dark' : 'light'), () => {});

  const rpc = createPageRpc(browser.runtime);
  // The store's code (IndexedDB schema and all) loads after the first paint, on the first read.
  let store: Promise<CmeStore> | null = null;
  const openLogStore = () =>
    (store ??= import('../../store').then((m) =>
      m.openStore({ limits: { captureBodyChars: settings.maxBodyBytes } }),
    ));
  // The tab's search texts live in a worker (text-index/), out of the panel's heap.
  const textIndex = devtools && typeof Worker === 'function' ? browserTextIndex(tabId) : undefined;
  const log = devtools ? createTabLog(openLogStore, tabId, textIndex) : createMemoryLog([], new Map());
  const panel = createPanelStore({
    log,
    textIndex,
    maxEntries: settings.maxEntriesPerTab,
    // Views only: where a view offers Reveal (a ticket, a signature's HMAC), it starts revealed.
    reveal: settings.revealSecrets,
    preserveLog: page.prefs?.getItem(PRESERVE_KEY) === 'true',
  });
  const kept = await keptQuery;
  panel.setQuery(kept);
  // A kept filter lists filtered from the first paint: the filter engine first.
  if (kept !== '') await panel.filterReady;
  const keeper = keepQuery(panel.filter, browser.storage.session, tabId);
  const stopPrefs = effect(() => {
    const preserve = panel.preserveLog.value;
    page.prefs?.setItem(PRESERVE_KEY, String(preserve));
  });

  const tickets = createTicketsStore(rpc);
  const attributor = createAttributor();
  const classify: ClassifyOptions = {};
  const decode = { attributor, classify };
  // Environments (API bases, login URLs, capture rules) feed `classify` in place: a saved rule applies at once.
  const rules = createPanelRules({ rpc, classify });
  // A rule changed on the options page applies when the user comes back to the panel.
  const focusTarget = page.hookTarget as Partial<Pick<Window, 'addEventListener' | 'removeEventListener'>>;
  const onFocus = (): void => void rules.refresh();
  focusTarget.addEventListener?.('focus', onFocus);
  const detail = createDetailStore({
    body: (id) => panel.body(id),
    decode,
    openResource: resourceOpener(devtools?.panels),
  });
  const replay = createReplayStore(rpc, classify, (id) => panel.markReplayed(id));
  // `is:replayed` reads the history once a query asks; its code loads after the first paint.
  let stopReplayed = (): void => {};
  void import('./replayed').then((m) => {
    if (!stopped) stopReplayed = m.watchReplayed(panel, rpc);
  });
  const stopSelection = wireSelection(panel, detail, replay);
  const importProblems = signal<string[]>([]);
  // The viewer's import: streamed, cancellable, bodies left in the file (har-import-store.ts, loaded with
  // the first import: har-import-lazy.ts).
  const harImport = lazyHarImport({
    panel,
    maxEntries: settings.maxEntriesPerTab,
    problems: importProblems,
    decode: { classify },
  });
  // The Faults view and the recording switch act on the inspected tab (none in the viewer).
  const faults = createFaultsStore({ rpc, tabId });
  const recording = createRecordingStore({
    rpc,
    permissions: browser.permissions,
    origin: async () =>
      devtools
        ? (await import('../../capture/inspected-window')).inspectedOrigin(devtools.inspectedWindow)
        : null,
  });
  // Sort, column and pane widths (kept in prefs); the row menu's copies (masked texts only).
  const listView = createListView(panel, page.prefs);
  const copier = createCopier();
  let listening = false;
  installPanelHook(
    page.hookTarget,
    panel,
    () => listening,
    () => session?.trace() ?? [],
    () => copier.last(),
  );

  // The page paints (toolbar, "Loading…") while the stored log is read and capture starts.
  let session: CaptureSession | null = null;
  let feed: AgentFeed | null = null;
  // The capture port closes with the page (the browser would too): the recorder keeps the tab's calls again.
  const onHide = (): void => {
    feed?.stop();
    keeper.flush();
  };
  focusTarget.addEventListener?.('pagehide', onHide);
  let stopped = false;
  async function start(): Promise<void> {
    const [rows, known, envs] = await Promise.all([
      panel.load(),
      withTimeout(tickets.refresh(), SEED_TIMEOUT_MS, []),
      withTimeout(rpc.request('environments.list', {}), SEED_TIMEOUT_MS, []),
    ]);
    await rules.use(envs);
    if (devtools) void faults.load().then(() => recording.refresh());
    for (const t of known) attributor.learn(t.authorization, t);
    for (const r of rows) {
      if (r.kind === 'login' && r.ticket)
        attributor.learn(r.ticket, { platform: r.platform, userId: r.userId, appId: null });
    }
    if (!devtools || stopped) return;
    // The decoder and the capture code load after the first paint.
    const [{ startCaptureSession }, { createAgentFeed }] = await Promise.all([
      import('../../capture/capture-session'),
      import('./agent-feed'),
    ]);
    if (stopped) return;
    const agentFeed = (feed = createAgentFeed({
      tabId,
      runtime: browser.runtime,
      rpc,
      decode,
      panel,
      settle: async () => {
        await new Promise((r) => setTimeout(r, INJECTED_SETTLE_MS));
        await session?.pipeline.idle();
      },
    }));
    // The port first: from now on the recorder keeps nothing of this tab (DevTools sees it), so no call
    // falls between what the recorder kept and what is captured.
    agentFeed.connect();
    try {
      await withTimeout(agentFeed.takeRecorded(), SEED_TIMEOUT_MS * 2, 0);
    } catch (error) {
      console.error('CME DevTools: could not read the recorded calls', error);
    }
    if (stopped) return;
    session = startCaptureSession({
      devtools,
      decode,
      onCaptured: (c) => {
        const { method, url } = c.raw.request;
        if (agentFeed.wasRecorded(method, url, c.raw.startedAt)) return;
        panel.add({ ...c, ...agentFeed.marksFor(method, url, c.raw.startedAt) });
      },
      onNewDocument: () => {
        void recording.refresh();
        return panel.navigated();
      },
      known: rows,
    });
    rules.connect(session);
    // Capturing means the backlog is queued too: a call made from now on is the live event's alone.
    await session.backfilled;
  }
  const ready = start().then(() => void (listening = true));
  void loadExplainer();

  return {
    mode: viewer ? ('viewer' as const) : ('devtools' as const),
    /** The UI language, following the settings live. */
    lang: pageSettings.lang,
    theme,
    settings: settings as Readonly<Settings>,
    panel,
    detail,
    replay,
    tickets,
    listView,
    copier,
    /** Capture rules: the environments' rules, the editor's preview over the tab's recent requests. */
    rules,
    importProblems,
    /** The viewer's import of a HAR file: its progress, Cancel, how it ended. */
    harImport,
    /** The inspected tab's fault rules (the Faults view, the banner). */
    faults,
    /** Recording (the page agent) for the inspected page's origin. */
    recording,
    /** Resolves once the stored log is listed and capture runs. */
    ready,
    /**
     * The listed (filtered) calls as a HAR file: its name and text. Masked (every secret of the calls and
     * every stored ticket, by value) unless `reveal` is given for this one export; the settings never
     * unmask an export. Throws (with the reason, masked) when it cannot be made.
     */
    async exportHar(
      now = new Date(),
      opts: { reveal?: boolean } = {},
    ): Promise<{ name: string; text: string; count: number }> {
      const { buildHarExport, harFileName } = await import('./export');
      await panel.flush();
      const built = await buildHarExport(panel.visible.peek(), (id) => panel.body(id), opts.reveal === true, {
        // Stored tickets, and the tickets of calls the filter leaves out (one may echo another's).
        secrets: [
          ...tickets.tickets.peek().map((t) => t.authorization),
          ...panel.rows.peek().flatMap((r) => (r.ticket ? [r.ticket] : [])),
        ].map((value) => ({ value, kind: 'ticket' as const })),
      });
      return { name: harFileName(now), ...built };
    },
    /** Shows a HAR file's CME calls (viewer), streamed from the file; resolves when the import has ended. */
    importHar(file: ImportFile): Promise<void> {
      return harImport.start(file);
    },
    /** Opens this page as a tab in viewer mode (to import a HAR). */
    openViewer(): void {
      const url =
        browser.runtime.getURL?.('/devtools-panel.html?mode=viewer') ?? '/devtools-panel.html?mode=viewer';
      page.open?.(url);
    },
    /** Stops capture and listeners (page unload, tests). */
    stop(): void {
      stopped = true;
      void harImport.cancel();
      session?.stop();
      feed?.stop();
      rules.stop();
      focusTarget.removeEventListener?.('focus', onFocus);
      focusTarget.removeEventListener?.('pagehide', onHide);
      stopTheme();
      stopPrefs();
      keeper.stop();
      stopReplayed();
      stopSelection();
      textIndex?.dispose();
      pageSettings.dispose();
      void store?.then((s) => s.close());
    },
  };
}

/** The booted panel: what the root component renders. */
export type PanelApp = Awaited<ReturnType<typeof bootPanel>>;
