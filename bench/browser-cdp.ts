/**
 * Browser benchmarks' Chromium: several unpacked extensions side by side (ours, the floor, a baseline),
 * DevTools opened on a tab and any extension's panel shown by its title, and CDP sessions to the panel
 * page for evaluation, heap and injected scripts. The recipe is the e2e adapter's (test/e2e/harness/
 * chromium.ts); this one is not tied to our panel and reaches the panel target directly.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type CDPSession, type Page } from 'playwright-core';
import { chromiumArgs, needsNoSandbox } from '../test/e2e/harness/chromium';
import { browserPath } from '../test/setup/browsers';
import { poll } from '../test/e2e/harness/util';

const CHROMIUM = browserPath('chromium');

/** A non-flat CDP session to a child target (DevTools front end, an extension panel's frame). */
export interface ChildSession {
  send<T = unknown>(method: string, params?: Record<string, unknown>): Promise<T>;
  /** Evaluates an expression (awaiting a promise) and returns its JSON value. */
  evaluate<T>(expression: string, timeoutMs?: number): Promise<T>;
  detach(): Promise<void>;
}

/** Attaches to `targetId` through the browser session `root`. */
export async function attachChild(root: CDPSession, targetId: string): Promise<ChildSession> {
  const { sessionId } = await root.send('Target.attachToTarget', { targetId, flatten: false });
  let nextId = 1;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  const onMessage = (event: { sessionId?: string; message: string }) => {
    if (event.sessionId !== sessionId) return;
    const msg = JSON.parse(event.message) as { id?: number; result?: unknown; error?: { message: string } };
    const waiter = msg.id === undefined ? undefined : pending.get(msg.id);
    if (!waiter || msg.id === undefined) return;
    pending.delete(msg.id);
    if (msg.error) waiter.reject(new Error(msg.error.message));
    else waiter.resolve(msg.result);
  };
  root.on('Target.receivedMessageFromTarget', onMessage);
  const send = <T>(method: string, params: Record<string, unknown> = {}): Promise<T> => {
    const id = nextId++;
    const done = new Promise<T>((resolve, reject) =>
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject }),
    );
    root
      .send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) })
      .catch((e: unknown) => pending.get(id)?.reject(e instanceof Error ? e : new Error(String(e))));
    return done;
  };
  return {
    send,
    async evaluate<T>(expression: string, timeoutMs = 600_000): Promise<T> {
      const call = send<{
        result: { value?: unknown };
        exceptionDetails?: { text: string; exception?: { description?: string } };
      }>('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true });
      // A page that navigates away never answers: give up rather than hang.
      const timeout = new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error(`evaluate timed out after ${timeoutMs} ms`)), timeoutMs).unref(),
      );
      const res = await Promise.race([call, timeout]);
      if (res.exceptionDetails) {
        const d = res.exceptionDetails;
        throw new Error(`evaluate failed: ${d.exception?.description ?? d.text}`);
      }
      return res.result.value as T;
    },
    async detach() {
      root.off('Target.receivedMessageFromTarget', onMessage);
      await root.send('Target.detachFromTarget', { sessionId }).catch(() => undefined);
    },
  };
}

/** A launched Chromium with the benchmark's extensions. */
export interface BenchBrowser {
  context: BrowserContext;
  /** Browser-level CDP session. */
  root: CDPSession;
  /** Our extension's id (from its service worker). */
  ourId: string;
  /** A new tab at `url` (DevTools opens for it when launched with `devtools`). */
  open(url: string): Promise<Page>;
  close(): Promise<void>;
}

/** The window of a headed benchmark browser (as `npm start` opens): the page, DevTools docked below. */
export const HEADED_WINDOW = { width: 1440, height: 1000 };

/**
 * Launches Debian's Chromium with `extensions` (directories; the first is ours): headless, or headed on
 * the X display `display` (e.g. an Xvfb's, bench/xvfb.ts) in a window of HEADED_WINDOW.
 */
export async function launchBench(
  extensions: string[],
  opts: { devtools?: boolean; args?: string[]; display?: string } = {},
): Promise<BenchBrowser> {
  const profile = mkdtempSync(join(tmpdir(), 'cme-bench-chromium-'));
  const args = [...chromiumArgs(extensions, { lang: 'en', devtools: opts.devtools }), ...(opts.args ?? [])];
  const headed = opts.display !== undefined;
  if (headed) args.push(`--window-size=${HEADED_WINDOW.width},${HEADED_WINDOW.height}`);
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: !headed,
    ...(headed ? { env: { ...process.env, DISPLAY: opts.display } } : {}),
    locale: 'en',
    viewport: headed ? null : { width: 1280, height: 860 },
    chromiumSandbox: !needsNoSandbox(),
    args,
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const browser = context.browser();
  if (!browser) throw new Error('no browser behind the persistent context');
  const root = await browser.newBrowserCDPSession();
  return {
    context,
    root,
    ourId: new URL(worker.url()).host,
    async open(url) {
      const page = await context.newPage();
      await page.goto(url);
      return page;
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

interface TargetInfo {
  targetId: string;
  type: string;
  url: string;
}

/** Every CDP target of the browser. */
export async function targets(root: CDPSession): Promise<TargetInfo[]> {
  return ((await root.send('Target.getTargets')).targetInfos ?? []) as TargetInfo[];
}

/** An extension panel shown in the DevTools of a tab. */
export interface ShownPanel {
  extensionId: string;
  frontEnd: ChildSession;
  panel: ChildSession;
  panelTargetId: string;
}

/** The DevTools front end whose inspected page is at `url`. */
async function frontEndFor(root: CDPSession, url: string): Promise<{ id: string; session: ChildSession }> {
  return poll(
    `DevTools front end for ${url}`,
    async () => {
      for (const t of await targets(root)) {
        if (t.type !== 'page' || !t.url.startsWith('devtools://devtools/')) continue;
        const s = await attachChild(root, t.targetId);
        const inspected = await s
          .evaluate<string>(
            `(async () => { const SDK = await import('./core/sdk/sdk.js');
               const t = SDK.TargetManager.TargetManager.instance().primaryPageTarget();
               return t ? t.inspectedURL() : ''; })()`,
            5000,
          )
          .catch(() => '');
        if (inspected === url) return { id: t.targetId, session: s };
        await s.detach();
      }
      return null;
    },
    20_000,
  );
}

/** Where DevTools sits: in a window of its own, or docked below the page in the page's window. */
export type DockSide = 'undocked' | 'bottom';

/**
 * Shows the panel titled `title` (of any loaded extension) in the DevTools of `page`, undocked at
 * 1400×900 or docked below the page (`dock`), and attaches to its page (`pagePath`, e.g. `/panel.html`).
 * Leans on DevTools internals (InspectorView): a missing panel tab fails loudly.
 */
export async function showPanel(
  b: BenchBrowser,
  page: Page,
  title: string,
  pagePath: string,
  dock: DockSide = 'undocked',
): Promise<ShownPanel> {
  const front = await frontEndFor(b.root, page.url());
  const suffix = title.replace(/\s+/g, '');
  const tabId = await poll(`the DevTools tab of the "${title}" panel`, () =>
    front.session.evaluate<string | null>(
      `(async () => { const UI = await import('./ui/legacy/legacy.js');
         return UI.InspectorView.InspectorView.instance().tabbedPane.tabIds()
           .find((id) => /^chrome-extension:\\/\\/[a-p]{32}/.test(id) && id.slice(51) === ${JSON.stringify(suffix)}) ?? null; })()`,
    ),
  );
  const extensionId = tabId.slice('chrome-extension://'.length, 51);
  await front.session.evaluate(
    `(async () => { const UI = await import('./ui/legacy/legacy.js');
       UI.DockController.DockController.instance().setDockSide(${JSON.stringify(dock)});
       await UI.InspectorView.InspectorView.instance().showPanel(${JSON.stringify(tabId)}); return true; })()`,
  );
  try {
    // Docked, the window is the page's: sized as a headed launch's, so headless and headed match.
    const bounds = dock === 'undocked' ? { width: 1400, height: 900 } : HEADED_WINDOW;
    const { windowId } = await b.root.send('Browser.getWindowForTarget', { targetId: front.id });
    await b.root.send('Browser.setWindowBounds', { windowId, bounds });
  } catch {
    // A window that cannot be sized still works (rows in view differ a little).
  }
  const url = `chrome-extension://${extensionId}${pagePath}`;
  const target = await poll(`panel page ${url}`, async () =>
    (await targets(b.root)).find((t) => t.url.startsWith(url)),
  );
  const panel = await attachChild(b.root, target.targetId);
  await poll('panel document ready', () =>
    panel.evaluate<boolean>(`document.readyState === 'complete'`, 5000),
  );
  return { extensionId, frontEnd: front.session, panel, panelTargetId: target.targetId };
}

/** Panel page's JS heap after a full GC, in MB. */
export async function heapMb(session: ChildSession): Promise<number> {
  await session.send('HeapProfiler.collectGarbage');
  const { usedSize } = await session.send<{ usedSize: number }>('Runtime.getHeapUsage');
  return usedSize / 1e6;
}

/** Element count of the page's document. */
export function domNodes(session: ChildSession): Promise<number> {
  return session.evaluate<number>(`document.getElementsByTagName('*').length`);
}

/** Polls `probe` every `intervalMs` until truthy or `timeoutMs`; returns the value or null (no throw). */
export async function waitFor<T>(
  probe: () => Promise<T | null | undefined | false>,
  timeoutMs: number,
  intervalMs = 50,
): Promise<T | null> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => null);
    if (value) return value;
    if (Date.now() > deadline) return null;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/**
 * An expression that calls `fn` (its source) with `arg` in a page. tsx compiles with esbuild's keepNames,
 * which wraps inner functions in `__name(...)`: the page gets a stand-in.
 */
export function callExpression<A>(fn: (arg: A) => unknown, arg: A): string {
  return `(() => { const __name = (f) => f; return (${fn.toString()})(${JSON.stringify(arg)}); })()`;
}
