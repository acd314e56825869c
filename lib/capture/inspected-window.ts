/**
 * The only code that touches `devtools.inspectedWindow`: which tab is inspected, and which document it
 * shows (to tell a real navigation from an SPA route change, which keeps the same document).
 */
import { callDevtools } from './browser-call';

/** The part of `devtools.inspectedWindow` the panel uses. */
export interface InspectedWindowLike {
  tabId: number;
  eval(...args: unknown[]): unknown;
}

/** The inspected tab's id (the key of its capture log). */
export function inspectedTabId(inspected: InspectedWindowLike): number {
  return inspected.tabId;
}

// A document's time origin changes on every load and never on pushState/replaceState.
const DOCUMENT_PROBE = 'String(performance.timeOrigin)';

/** How the document is asked for: each try's time limit, tries, and the pause between them. */
export interface DocumentProbeOptions {
  timeoutMs?: number;
  attempts?: number;
  pauseMs?: number;
}

/**
 * An id of the inspected document (its time origin); null when the page could not be asked. A busy
 * browser (Firefox under load) may not answer in time, or a page mid-navigation may raise: it is asked
 * again a few times, since a null makes the capture treat a route change as a new document.
 */
export async function inspectedDocumentId(
  inspected: InspectedWindowLike,
  { timeoutMs = 3000, attempts = 3, pauseMs = 250 }: DocumentProbeOptions = {},
): Promise<string | null> {
  for (let attempt = 1; ; attempt++) {
    const id = await askDocumentId(inspected, timeoutMs);
    if (id !== null || attempt >= attempts) return id;
    await new Promise((r) => setTimeout(r, pauseMs));
  }
}

/** Evaluates `expression` in the inspected page; its string result, or null (an exception, no answer). */
async function evalString(
  inspected: InspectedWindowLike,
  expression: string,
  timeoutMs: number,
): Promise<string | null> {
  try {
    const [result, exception] = await callDevtools(
      (...a) => inspected.eval(...a),
      [expression, {}],
      timeoutMs,
    );
    if (exception !== undefined && exception !== null) return null;
    return typeof result === 'string' ? result : null;
  } catch {
    return null;
  }
}

function askDocumentId(inspected: InspectedWindowLike, timeoutMs: number): Promise<string | null> {
  return evalString(inspected, DOCUMENT_PROBE, timeoutMs);
}

/** The inspected page's origin (`https://host[:port]`); null for a page that is not http(s) or did not answer. */
export async function inspectedOrigin(
  inspected: InspectedWindowLike,
  timeoutMs = 3000,
): Promise<string | null> {
  const result = await evalString(inspected, 'location.origin', timeoutMs);
  return result !== null && /^https?:\/\/[^/]+$/.test(result) ? result : null;
}

/** The inspected document's URL and time origin (epoch ms); null when the page could not be asked. */
export async function inspectedDocument(
  inspected: InspectedWindowLike,
  timeoutMs = 3000,
): Promise<{ url: string; timeOrigin: number } | null> {
  const result = await evalString(
    inspected,
    'JSON.stringify([location.href, performance.timeOrigin])',
    timeoutMs,
  );
  if (result === null) return null;
  try {
    const [url, timeOrigin] = JSON.parse(result) as unknown[];
    return typeof url === 'string' && typeof timeOrigin === 'number' && Number.isFinite(timeOrigin)
      ? { url, timeOrigin }
      : null;
  } catch {
    return null;
  }
}
