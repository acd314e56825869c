/**
 * The small browser interface every e2e scenario is written against, once, for Chromium and Firefox.
 * Browser internals (CDP, DevTools front-end modules, gDevTools, frame scripts) stay inside the adapters.
 */

/** Which real browser a scenario runs in. */
export type BrowserName = 'chromium' | 'firefox';

/** Options for launching a browser with the built extension. */
export interface LaunchOptions {
  /** UI language of the browser and of the extension's i18n (`en` or `zh-CN`). */
  locale?: 'en' | 'zh-CN';
  /** A profile directory to reuse (restart scenarios); a fresh temporary one otherwise. */
  profileDir?: string;
  /** Open DevTools automatically for new tabs (needed to show the panel). */
  devtools?: boolean;
  /** Dark colour scheme for pages and DevTools. */
  dark?: boolean;
  /** A real window on the display (`npm start`); headless otherwise. */
  headed?: boolean;
  /**
   * Size in CSS px (device scale 1) of every tab's viewport and of the DevTools window showing the panel
   * (screenshots); 1280×860 tabs and a 1400×900 DevTools window otherwise.
   */
  windowSize?: { width: number; height: number };
}

/**
 * How a screenshot is taken. The image format follows the file name: `.png`, `.jpg`/`.jpeg` or `.webp`.
 */
export interface ScreenshotOptions {
  /** Quality 0–100 of a `.jpg` or `.webp` (default 85); a `.png` is lossless. */
  quality?: number;
}

/** A page's screenshot can also be cut to one element. */
export interface PageScreenshotOptions extends ScreenshotOptions {
  /** Only the box of the first element matching this selector (the whole viewport otherwise). */
  selector?: string;
}

/** A tab: an extension page or an ordinary web page. */
export interface TestPage {
  /** Evaluate a JS expression (or an async function body's expression) in the page; JSON-serialisable result. */
  evaluate<T>(expression: string): Promise<T>;
  click(selector: string): Promise<void>;
  fill(selector: string, value: string): Promise<void>;
  /** Wait until the page's visible text contains `text`. */
  waitForText(text: string, timeoutMs?: number): Promise<void>;
  text(): Promise<string>;
  screenshot(path: string, opts?: PageScreenshotOptions): Promise<void>;
  goto(url: string): Promise<void>;
  reload(): Promise<void>;
  close(): Promise<void>;
}

/** Our DevTools panel, shown in a DevTools window attached to an inspected tab. */
export interface TestPanel {
  evaluate<T>(expression: string): Promise<T>;
  click(selector: string): Promise<void>;
  waitForText(text: string, timeoutMs?: number): Promise<void>;
  text(): Promise<string>;
  /** Screenshot of the DevTools window showing the panel. */
  screenshot(path: string, opts?: ScreenshotOptions): Promise<void>;
}

/** A launched browser with the built extension installed. */
export interface TestBrowser {
  readonly name: BrowserName;
  /** `chrome-extension://<id>` or `moz-extension://<uuid>` (no trailing slash). */
  readonly extensionOrigin: string;
  readonly profileDir: string;
  /** Open `path` (e.g. `/popup.html`) of the extension in a new tab. */
  openExtensionPage(path: string): Promise<TestPage>;
  /** Open a web page in a new tab. */
  openPage(url: string): Promise<TestPage>;
  /** Open DevTools on `page` and select our panel; resolves when the panel page has loaded and captures. */
  openPanel(page: TestPage): Promise<TestPanel>;
  /**
   * Make the extension's background go away as the browser would (Chromium: the MV3 worker is stopped;
   * Firefox: the add-on's persistent background page is reloaded). The next message wakes it again.
   */
  stopBackground(): Promise<void>;
  /** Close and relaunch on the same profile; pages opened before are gone. */
  restart(): Promise<void>;
  /** Calls `listener` once the browser is gone (closed by the user or by `close`). */
  onClose(listener: () => void): void;
  close(): Promise<void>;
}
