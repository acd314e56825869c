/**
 * Chromium adapter of the e2e browser interface: Debian's /usr/bin/chromium driven by playwright-core,
 * the built MV3 extension loaded unpacked, DevTools reached over CDP (recipe in the project README).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type CDPSession, type Page } from 'playwright-core';
import { browserPath } from '../../setup/browsers';
import type { LaunchOptions, PageScreenshotOptions, TestBrowser, TestPage, TestPanel } from './types';
import { DEFAULT_QUALITY, imageFormat, inFolder, poll, writeImage } from './util';

const CHROMIUM = browserPath('chromium');
/** The window of a headed launch (`npm start`): wide enough for the panel's call list, DevTools below. */
const HEADED_WINDOW = { width: 1440, height: 1000 };

/** Wrap a Playwright page in the shared interface. */
function wrapPage(page: Page): TestPage {
  return {
    evaluate: <T>(expression: string) => page.evaluate(expression) as Promise<T>,
    click: (selector) => page.click(selector),
    fill: (selector, value) => page.fill(selector, value),
    waitForText: (text, timeoutMs = 10_000) =>
      page
        .waitForFunction((t) => document.body?.innerText.includes(t), text, { timeout: timeoutMs })
        .then(() => {}),
    text: () => page.evaluate(() => document.body?.innerText ?? ''),
    screenshot: (path, opts) => pageScreenshot(page, path, opts),
    goto: (url) => page.goto(url).then(() => {}),
    reload: () => page.reload().then(() => {}),
    close: () => page.close(),
  };
}

/** A page's screenshot in the format its file name asks for (WebP through CDP: Playwright has none). */
async function pageScreenshot(page: Page, path: string, opts: PageScreenshotOptions = {}): Promise<void> {
  const format = imageFormat(path);
  const quality = format === 'png' ? undefined : (opts.quality ?? DEFAULT_QUALITY);
  const element = opts.selector ? page.locator(opts.selector).first() : null;
  if (format !== 'webp') {
    // An element's screenshot holds all of it, also what lies beyond the viewport.
    await (element ?? page).screenshot({ path: inFolder(path), type: format, quality });
    return;
  }
  const box = element ? await element.boundingBox() : null;
  if (element && !box) throw new Error(`no visible element ${opts.selector} to screenshot`);
  const cdp = await page.context().newCDPSession(page);
  try {
    const { data } = await cdp.send('Page.captureScreenshot', {
      format,
      quality,
      ...(box ? { clip: { ...box, scale: 1 }, captureBeyondViewport: true } : {}),
    });
    writeImage(path, data);
  } finally {
    await cdp.detach();
  }
}

interface CdpTarget {
  targetId: string;
  type: string;
  url: string;
}

/** A non-flat CDP session to a child target (DevTools front end, panel iframe). */
class ChildSession {
  private nextId = 1;
  private pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  constructor(
    private readonly root: CDPSession,
    readonly sessionId: string,
  ) {
    root.on('Target.receivedMessageFromTarget', (event) => {
      if (event.sessionId !== this.sessionId) return;
      const msg = JSON.parse(event.message) as { id?: number; result?: unknown; error?: { message: string } };
      if (msg.id === undefined) return;
      const waiter = this.pending.get(msg.id);
      if (!waiter) return;
      this.pending.delete(msg.id);
      if (msg.error) waiter.reject(new Error(msg.error.message));
      else waiter.resolve(msg.result);
    });
  }
  static async attach(root: CDPSession, targetId: string): Promise<ChildSession> {
    const { sessionId } = await root.send('Target.attachToTarget', { targetId, flatten: false });
    return new ChildSession(root, sessionId);
  }
  send<T = unknown>(method: string, params: Record<string, unknown> = {}): Promise<T> {
    const id = this.nextId++;
    const done = new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
    });
    void this.root.send('Target.sendMessageToTarget', {
      sessionId: this.sessionId,
      message: JSON.stringify({ id, method, params }),
    });
    return done;
  }
  /** Evaluate an expression, awaiting promises, returning its JSON value. */
  async evaluate<T>(expression: string): Promise<T> {
    const res = await this.send<{
      result: { value?: unknown };
      exceptionDetails?: { text: string; exception?: { description?: string } };
    }>('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true });
    if (res.exceptionDetails) {
      throw new Error(
        `evaluate failed: ${res.exceptionDetails.exception?.description ?? res.exceptionDetails.text}`,
      );
    }
    return res.result.value as T;
  }
}

/**
 * Whether Chromium must run without its sandbox: only as root, where it refuses to start with it (CI, a
 * container). A user's own account (`npm start` on a laptop) keeps the sandbox and no warning bar shows.
 */
export function needsNoSandbox(uid: number | undefined = process.getuid?.()): boolean {
  return uid === 0;
}

/**
 * Command-line flags for Debian's Chromium with unpacked extensions (the e2e tests and the benchmarks):
 * no network but loopback, nothing fetched in the background; without the sandbox only as root.
 */
export function chromiumArgs(extensionDirs: string[], opts: { lang: string; devtools?: boolean }): string[] {
  const list = extensionDirs.join(',');
  return [
    `--disable-extensions-except=${list}`,
    `--load-extension=${list}`,
    ...(needsNoSandbox() ? ['--no-sandbox'] : []),
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-quic',
    `--lang=${opts.lang}`,
    ...(opts.devtools ? ['--auto-open-devtools-for-tabs'] : []),
  ];
}

/** Launch Debian's Chromium with the built extension. */
export async function launchChromium(extensionDir: string, opts: LaunchOptions = {}): Promise<TestBrowser> {
  const profileDir = opts.profileDir ?? mkdtempSync(join(tmpdir(), 'cme-e2e-chromium-'));
  let context: BrowserContext;
  let extensionId = '';

  async function start(): Promise<void> {
    const args = chromiumArgs([extensionDir], { lang: opts.locale ?? 'en', devtools: opts.devtools });
    if (opts.dark) args.push('--force-dark-mode');
    // A real window is sized by the window manager's rules, not emulated: DevTools docks below the page.
    if (opts.headed) {
      // Nor offers to restore the tabs the last Ctrl+C closed.
      const size = `--window-size=${HEADED_WINDOW.width},${HEADED_WINDOW.height}`;
      args.push(size, '--hide-crash-restore-bubble');
    }
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM,
      headless: !opts.headed,
      locale: opts.locale ?? 'en',
      colorScheme: opts.dark ? 'dark' : 'light',
      viewport: opts.headed ? null : (opts.windowSize ?? { width: 1280, height: 860 }),
      // Playwright turns the sandbox off unless asked; it stays on except as root (chromiumArgs).
      chromiumSandbox: !needsNoSandbox(),
      args,
    });
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    extensionId = new URL(worker.url()).host;
  }
  await start();

  async function rootCdp(): Promise<CDPSession> {
    const browser = context.browser();
    if (browser) return browser.newBrowserCDPSession();
    const page = context.pages()[0] ?? (await context.newPage());
    return context.newCDPSession(page);
  }

  async function targets(cdp: CDPSession): Promise<CdpTarget[]> {
    const { targetInfos } = await cdp.send('Target.getTargets');
    return targetInfos as CdpTarget[];
  }

  const self: TestBrowser = {
    name: 'chromium',
    get extensionOrigin() {
      return `chrome-extension://${extensionId}`;
    },
    profileDir,
    async openExtensionPage(path) {
      const page = await context.newPage();
      await page.goto(`chrome-extension://${extensionId}${path}`);
      return wrapPage(page);
    },
    async openPage(url) {
      // The tab a persistent context starts with is used first, so a real window has no stray blank tab.
      const blank = context.pages().find((p) => p.url() === 'about:blank');
      const page = blank ?? (await context.newPage());
      await page.goto(url);
      return wrapPage(page);
    },
    async openPanel(page) {
      if (!opts.devtools) throw new Error('launch with { devtools: true } to open the panel');
      const cdp = await rootCdp();
      const inspectedUrl = await page.evaluate<string>('location.href');
      // The DevTools front end of this tab: the devtools:// page target opened for it.
      const frontEnd = await poll('DevTools front end for the inspected page', async () => {
        const all = await targets(cdp);
        const fronts = all.filter((t) => t.type === 'page' && t.url.startsWith('devtools://devtools/'));
        for (const t of fronts) {
          const s = await ChildSession.attach(cdp, t.targetId);
          const url = await s
            .evaluate<string>(
              `(async () => { const SDK = await import('./core/sdk/sdk.js');
                 const t = SDK.TargetManager.TargetManager.instance().primaryPageTarget();
                 return t ? t.inspectedURL() : ''; })()`,
            )
            .catch(() => '');
          if (url === inspectedUrl) return { target: t, session: s };
        }
        return null;
      });
      const panelId = `chrome-extension://${extensionId}CME`;
      // Leans on DevTools internals (InspectorView): assert early and loudly that our panel tab exists.
      await poll(`our panel tab ${panelId} in DevTools`, () =>
        frontEnd.session.evaluate<boolean>(
          `(async () => { const UI = await import('./ui/legacy/legacy.js');
             return UI.InspectorView.InspectorView.instance().tabbedPane.tabIds().includes(${JSON.stringify(panelId)}); })()`,
        ),
      );
      await frontEnd.session.evaluate(
        `(async () => { const UI = await import('./ui/legacy/legacy.js');
           UI.DockController.DockController.instance().setDockSide(${JSON.stringify(opts.headed ? 'bottom' : 'undocked')});
           await UI.InspectorView.InspectorView.instance().showPanel(${JSON.stringify(panelId)}); return true; })()`,
      );
      if (!opts.headed)
        try {
          const { windowId } = await cdp.send('Browser.getWindowForTarget', {
            targetId: frontEnd.target.targetId,
          });
          const bounds = opts.windowSize ?? { width: 1400, height: 900 };
          await cdp.send('Browser.setWindowBounds', { windowId, bounds });
        } catch {
          // Sizing is cosmetic (screenshots); an undocked window that cannot be sized still works.
        }
      const panelUrl = `chrome-extension://${extensionId}/devtools-panel.html`;
      const panelTarget = await poll('panel page target', async () =>
        (await targets(cdp)).find((t) => t.url.startsWith(panelUrl)),
      );
      const panel = await ChildSession.attach(cdp, panelTarget.targetId);
      await poll('panel document ready', () =>
        panel.evaluate<boolean>(
          `document.readyState === 'complete' && !!document.querySelector('#app > *') && window.__cmePanel?.capturing() === true`,
        ),
      );
      return {
        evaluate: (expression) => panel.evaluate(expression),
        click: (selector) =>
          panel.evaluate(`(() => { const el = document.querySelector(${JSON.stringify(selector)});
            if (!el) throw new Error('no element ' + ${JSON.stringify(selector)}); el.click(); return true; })()`),
        waitForText: (text, timeoutMs = 10_000) =>
          poll(
            `panel text "${text}"`,
            () => panel.evaluate<boolean>(`document.body.innerText.includes(${JSON.stringify(text)})`),
            timeoutMs,
          ).then(() => {}),
        text: () => panel.evaluate<string>('document.body.innerText'),
        async screenshot(path, shot = {}) {
          const format = imageFormat(path);
          const { data } = await frontEnd.session.send<{ data: string }>('Page.captureScreenshot', {
            format,
            ...(format === 'png' ? {} : { quality: shot.quality ?? DEFAULT_QUALITY }),
          });
          writeImage(path, data);
        },
      } satisfies TestPanel;
    },
    async stopBackground() {
      const cdp = await rootCdp();
      const worker = (await targets(cdp)).find(
        (t) => t.type === 'service_worker' && t.url.startsWith(`chrome-extension://${extensionId}/`),
      );
      if (!worker) throw new Error('the extension service worker is not running');
      await cdp.send('Target.closeTarget', { targetId: worker.targetId });
      await poll('the service worker to stop', async () =>
        (await targets(cdp)).every((t) => t.targetId !== worker.targetId),
      );
    },
    async restart() {
      await context.close();
      await start();
    },
    onClose(listener) {
      context.on('close', () => listener());
    },
    async close() {
      await context.close();
    },
  };
  return self;
}
