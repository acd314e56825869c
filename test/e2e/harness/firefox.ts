/**
 * Firefox adapter of the e2e browser interface: Debian's /usr/bin/firefox-esr driven by puppeteer-core over
 * WebDriver BiDi, the built extension installed as a temporary add-on. DevTools is reached through the
 * browser window's own scope (gDevTools) and the panel through a frame script — Firefox internals that
 * stay in this file, each behind an early, loud assertion.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { browserPath } from '../../setup/browsers';
import type { LaunchOptions, PageScreenshotOptions, TestBrowser, TestPage, TestPanel } from './types';
import { DEFAULT_QUALITY, imageFormat, inFolder, poll, writeImage } from './util';

const FIREFOX = browserPath('firefox');
/** Must match wxt.config.ts (browser_specific_settings.gecko.id). */
export const GECKO_ID = 'cme-devtools@cme-devtools.dev';

interface BidiConnection {
  send(method: string, params: Record<string, unknown>): Promise<{ result: unknown }>;
}
interface BidiFrame {
  browsingContext: { navigate(url: string, wait: string): Promise<unknown> };
}

/**
 * Evaluate `expression` (may return a promise) in the browser window's chrome scope; JSON result. Also the
 * Firefox benchmark's (bench/browser-firefox.ts).
 */
export async function chromeEval<T>(browser: Browser, expression: string): Promise<T> {
  const connection = (browser as unknown as { connection?: BidiConnection }).connection;
  if (!connection)
    throw new Error('puppeteer-core no longer exposes browser.connection (BiDi); update the adapter');
  const tree = (await connection.send('browsingContext.getTree', { 'moz:scope': 'chrome' })).result as {
    contexts: { context: string }[];
  };
  const context = tree.contexts[0]?.context;
  if (!context) throw new Error('no chrome-scope browsing context: is --remote-allow-system-access set?');
  const res = (
    await connection.send('script.evaluate', {
      expression: `(async () => JSON.stringify((await (${expression})) ?? null))()`,
      target: { context },
      awaitPromise: true,
    })
  ).result as {
    type: string;
    result?: { value?: string };
    exceptionDetails?: { text?: string };
  };
  if (res.type !== 'success')
    throw new Error(`chrome eval failed: ${res.exceptionDetails?.text ?? 'unknown'}`);
  return JSON.parse(res.result?.value ?? 'null') as T;
}

/** Wrap a puppeteer page in the shared interface. */
function wrapPage(page: Page): TestPage {
  return {
    evaluate: <T>(expression: string) => page.evaluate(expression) as Promise<T>,
    click: (selector) => page.click(selector),
    fill: (selector, value) => page.locator(selector).fill(value),
    waitForText: (text, timeoutMs = 10_000) =>
      page
        .waitForFunction(`document.body && document.body.innerText.includes(${JSON.stringify(text)})`, {
          timeout: timeoutMs,
        })
        .then(() => {}),
    text: () => page.evaluate('document.body ? document.body.innerText : ""') as Promise<string>,
    screenshot: (path, opts) => pageScreenshot(page, path, opts),
    goto: (url) => navigate(page, url),
    // page.reload never settles on moz-extension:// pages; navigating to the same URL does.
    reload: async () => navigate(page, page.url()),
    close: () => page.close(),
  };
}

/** A page's screenshot (or one element's) in the format its file name asks for. */
async function pageScreenshot(page: Page, path: string, opts: PageScreenshotOptions = {}): Promise<void> {
  const type = imageFormat(path);
  const shot = {
    path: inFolder(path) as `${string}.png`,
    type,
    ...(type === 'png' ? {} : { quality: opts.quality ?? DEFAULT_QUALITY }),
  };
  if (opts.selector) {
    const element = await page.$(opts.selector);
    if (!element) throw new Error(`no element ${opts.selector} to screenshot`);
    await element.screenshot(shot);
  } else {
    await page.screenshot(shot);
  }
}

/** `page.goto` never resolves for moz-extension:// pages; the raw BiDi navigate does. */
async function navigate(page: Page, url: string): Promise<void> {
  if (url.startsWith('moz-extension://')) {
    await (page.mainFrame() as unknown as BidiFrame).browsingContext.navigate(url, 'complete');
  } else {
    await page.goto(url);
  }
}

/** Chrome-scope code: the `<browser>` of the current panel of the toolbox that `toolbox` (chrome-scope code) gives. */
export function toolboxPanelBrowser(toolbox: string): string {
  return `(() => {
    const tb = ${toolbox};
    if (!tb) throw new Error('no toolbox');
    const iframe = tb.doc.getElementById('toolbox-panel-iframe-' + tb.currentToolId);
    const b = iframe && iframe.contentDocument.querySelector('browser');
    if (!b) throw new Error('panel <browser> not found (Firefox DevTools internals changed?)');
    return b;
  })()`;
}

/**
 * Chrome-scope code that runs `body` (a script using `document`/`window`) in the panel loaded in the
 * `<browser>` that `panelBrowser` (chrome-scope code) gives, through a frame script (BiDi cannot reach the
 * frame); its JSON result, or its error thrown.
 */
export function inPanelBrowser(panelBrowser: string, body: string): string {
  const name = `cme-panel-${randomUUID()}`;
  const frameScript = `(async () => {
    const window = content.wrappedJSObject; const document = content.document;
    let r;
    try { const v = await (${body}); r = { ok: true, json: JSON.stringify(v === undefined ? null : v) }; }
    catch (e) { r = { ok: false, error: String(e && e.message || e) }; }
    sendAsyncMessage(${JSON.stringify(name)}, r);
  })()`;
  return `(async () => {
    const mm = (${panelBrowser}).messageManager;
    const r = await new Promise((resolve, reject) => {
      // A frame script can be lost (the panel document changing under it): fail this try, let callers poll again.
      const timer = setTimeout(() => { mm.removeMessageListener(${JSON.stringify(name)}, onMsg);
        reject(new Error('the panel did not answer within 5 s')); }, 5000);
      const onMsg = (m) => { clearTimeout(timer); mm.removeMessageListener(${JSON.stringify(name)}, onMsg); resolve(m.data); };
      mm.addMessageListener(${JSON.stringify(name)}, onMsg);
      mm.loadFrameScript('data:text/javascript;charset=utf-8,' + encodeURIComponent(${JSON.stringify(frameScript)}), false);
    });
    if (!r.ok) throw new Error(r.error);
    return JSON.parse(r.json);
  })()`;
}

/** Chrome-scope code that runs `body` in our panel (the toolbox the harness opened). */
function inPanel(body: string): string {
  return inPanelBrowser(toolboxPanelBrowser('window.__cmeE2E && window.__cmeE2E.toolbox'), body);
}

/** Launch Debian's Firefox ESR with the built extension. */
export async function launchFirefox(extensionDir: string, opts: LaunchOptions = {}): Promise<TestBrowser> {
  const profileDir = opts.profileDir ?? mkdtempSync(join(tmpdir(), 'cme-e2e-firefox-'));
  const uuid = randomUUID();
  let browser: Browser;

  async function start(): Promise<void> {
    const lang = opts.locale ?? 'en';
    browser = await puppeteer.launch({
      browser: 'firefox',
      executablePath: FIREFOX,
      headless: !opts.headed,
      defaultViewport: null,
      userDataDir: profileDir,
      args: [
        '--remote-allow-system-access',
        `--width=${opts.windowSize?.width ?? 1400}`,
        `--height=${opts.windowSize?.height ?? 900}`,
      ],
      extraPrefsFirefox: {
        'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: uuid }),
        // A temporary add-on is removed at shutdown; keep its origin and storage for restart scenarios.
        'extensions.webextensions.keepStorageOnUninstall': true,
        'extensions.webextensions.keepUuidOnUninstall': true,
        'intl.locale.requested': lang,
        'intl.accept_languages': lang === 'zh-CN' ? 'zh-CN, zh, en' : 'en-US, en',
        'ui.systemUsesDarkTheme': opts.dark ? 1 : 0,
        'layout.css.prefers-color-scheme.content-override': opts.dark ? 0 : 1,
        'devtools.theme': opts.dark ? 'dark' : 'light',
        // Answer optional-permission requests (a real user would click Allow; headless has no prompt UI).
        'extensions.webextOptionalPermissionPrompts': false,
        'devtools.toolbox.host': 'bottom',
        'devtools.toolbox.footer.height': 720,
      },
    });
    await browser.installExtension(extensionDir);
    const host = await chromeEval<string | null>(
      browser,
      `WebExtensionPolicy.getByID(${JSON.stringify(GECKO_ID)})?.mozExtensionHostname ?? null`,
    );
    if (host !== uuid) throw new Error(`extension origin ${host} is not the pinned ${uuid}`);
  }
  await start();

  const self: TestBrowser = {
    name: 'firefox',
    get extensionOrigin() {
      return `moz-extension://${uuid}`;
    },
    profileDir,
    async openExtensionPage(path) {
      const page = await browser.newPage();
      await navigate(page, `moz-extension://${uuid}${path}`);
      return wrapPage(page);
    },
    async openPage(url) {
      const page = await browser.newPage();
      await navigate(page, url);
      return wrapPage(page);
    },
    async openPanel(page) {
      const url = await page.evaluate<string>('location.href');
      await chromeEval(
        browser,
        `(async () => {
          const { require } = ChromeUtils.importESModule('resource://devtools/shared/loader/Loader.sys.mjs');
          const { gDevTools } = require('devtools/client/framework/devtools');
          const tab = gBrowser.tabs.find((t) => t.linkedBrowser.currentURI.spec === ${JSON.stringify(url)});
          if (!tab) throw new Error('inspected tab not found');
          gBrowser.selectedTab = tab;
          const toolbox = await gDevTools.showToolboxForTab(tab, { toolId: 'webconsole' });
          window.__cmeE2E = { toolbox };
          return true;
        })()`,
      );
      // Leans on gDevTools internals: assert early and loudly that our panel is registered.
      const toolId = await poll('our panel in the Firefox toolbox', () =>
        chromeEval<string | null>(
          browser,
          `(window.__cmeE2E.toolbox.getAdditionalTools().find((t) => t.extensionId === ${JSON.stringify(GECKO_ID)}) || {}).id || null`,
        ),
      );
      await chromeEval(
        browser,
        `window.__cmeE2E.toolbox.selectTool(${JSON.stringify(toolId)}).then(() => true)`,
      );
      await poll('panel document ready', () =>
        chromeEval<boolean>(
          browser,
          inPanel(
            `document.readyState === 'complete' && !!document.querySelector('#app > *') && window.__cmePanel?.capturing() === true`,
          ),
        ),
      );
      return {
        evaluate: (expression) => chromeEval(browser, inPanel(expression)),
        click: (selector) =>
          chromeEval(
            browser,
            inPanel(`(() => { const el = document.querySelector(${JSON.stringify(selector)});
              if (!el) throw new Error('no element ' + ${JSON.stringify(selector)}); el.click(); return true; })()`),
          ).then(() => {}),
        waitForText: (text, timeoutMs = 10_000) =>
          poll(
            `panel text "${text}"`,
            () =>
              chromeEval<boolean>(
                browser,
                inPanel(`document.body.innerText.includes(${JSON.stringify(text)})`),
              ),
            timeoutMs,
          ).then(() => {}),
        text: () => chromeEval<string>(browser, inPanel('document.body.innerText')),
        async screenshot(path, shot = {}) {
          const mime = `image/${imageFormat(path)}`;
          const quality = (shot.quality ?? DEFAULT_QUALITY) / 100;
          const dataUrl = await chromeEval<string>(
            browser,
            `(async () => {
              const tb = window.__cmeE2E.toolbox;
              const iframe = tb.doc.getElementById('toolbox-panel-iframe-' + tb.currentToolId);
              const b = iframe.contentDocument.querySelector('browser');
              const rect = b.getBoundingClientRect();
              const bitmap = await b.browsingContext.currentWindowGlobal.drawSnapshot(
                new DOMRect(0, 0, rect.width, rect.height), 1, 'white');
              const canvas = document.createElementNS('http://www.w3.org/1999/xhtml', 'canvas');
              canvas.width = bitmap.width; canvas.height = bitmap.height;
              canvas.getContext('2d').drawImage(bitmap, 0, 0);
              return canvas.toDataURL(${JSON.stringify(mime)}, ${quality});
            })()`,
          );
          writeImage(path, dataUrl.replace(/^data:[^,]*,/, ''));
        },
      } satisfies TestPanel;
    },
    async stopBackground() {
      await chromeEval(
        browser,
        `(async () => {
          const { AddonManager } = ChromeUtils.importESModule('resource://gre/modules/AddonManager.sys.mjs');
          const addon = await AddonManager.getAddonByID(${JSON.stringify(GECKO_ID)});
          if (!addon) throw new Error('add-on not installed');
          await addon.reload();
          return true;
        })()`,
      );
    },
    async restart() {
      await browser.close();
      await start();
    },
    onClose(listener) {
      browser.on('disconnected', () => listener());
    },
    async close() {
      await browser.close();
    },
  };
  return self;
}
