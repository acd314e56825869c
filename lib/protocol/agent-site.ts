/**
 * The match pattern of a site opted in for the page agent — its host permission and its scripts' matches —
 * shared by the pages (which ask the permission) and the background (which checks it and registers).
 */

/**
 * Whether this browser's match patterns cannot name a port (Firefox, bug 1362809: a pattern with a port
 * matches nothing, so neither its permission nor its scripts would reach the page). `extensionUrl` is
 * `runtime.getURL('')` or the page's own `location.href`.
 */
export const portlessPatterns = (extensionUrl: string): boolean => extensionUrl.startsWith('moz-extension:');

/**
 * `<origin>/*`, or `<scheme>://<host>/*` where patterns cannot name a port (then every port of that host is
 * covered; the background still accepts the agent only from the opted-in origin, port included).
 */
export const agentSitePattern = (origin: string, portless: boolean): string =>
  `${portless ? origin.replace(/:\d+$/, '') : origin}/*`;
