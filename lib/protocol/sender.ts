/**
 * Who may call the background: only pages of this extension (popup, options, DevTools panel, the panel
 * opened as a tab). Content scripts, web pages and other extensions are refused.
 */

/** The fields of `runtime.MessageSender` the check reads (Chrome and Firefox). */
export interface SenderLike {
  /** Id of the sending extension (absent for a web page). */
  id?: string;
  /** URL of the sending document (a content script's is the web page's). */
  url?: string;
  /** Chrome only: origin of the sending document. */
  origin?: string;
  /** Set for senders in a tab: content scripts, and extension pages opened or framed in a tab. */
  tab?: { id?: number; url?: string };
  frameId?: number;
}

/** This extension's id and origin (`runtime.id`, `runtime.getURL('')`). */
export interface ExtensionIdentity {
  extensionId: string;
  /** `chrome-extension://<id>/` or `moz-extension://<uuid>/` (trailing slash optional). */
  extensionOrigin: string;
}

const ORIGIN = /^[a-z][a-z0-9+.-]*:\/\/[^/?#\s]+\/$/i;

/**
 * Whether a message comes from a page of this extension: the sender's id is ours and its URL is under our
 * origin. A content script has our id but the web page's URL; another extension has another id; a web page
 * (externally_connectable) has no id of ours. Our page framed inside a foreign page is refused too; framed
 * inside DevTools (our panel) it is ours.
 */
export function isOwnExtensionPage(sender: SenderLike, own: ExtensionIdentity): boolean {
  const base = own.extensionOrigin.replace(/\/*$/, '/');
  if (!own.extensionId || !ORIGIN.test(base)) return false;
  if (sender.id !== own.extensionId) return false;
  if (typeof sender.url !== 'string' || !sender.url.startsWith(base)) return false;
  if (sender.origin !== undefined && sender.origin !== base.slice(0, -1)) return false;
  const tabUrl = sender.tab?.url;
  const framed = sender.frameId !== undefined && sender.frameId !== 0;
  // Chromium frames our DevTools panel inside the DevTools window, whose "tab" is a devtools:// page.
  return !(
    framed &&
    typeof tabUrl === 'string' &&
    !tabUrl.startsWith(base) &&
    !tabUrl.startsWith('devtools://')
  );
}

/** The part of `browser.runtime` the sender check needs. */
export interface RuntimeIdentityLike {
  id: string;
  getURL(path: string): string;
}

/** A sender check for `createRpcServer`, bound to this extension (`browser.runtime`). */
export function ownPagesOnly(runtime: RuntimeIdentityLike): (sender: SenderLike) => boolean {
  const own = { extensionId: runtime.id, extensionOrigin: runtime.getURL('') };
  return (sender) => isOwnExtensionPage(sender, own);
}
