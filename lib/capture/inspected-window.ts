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

/** An id of the inspected document (its time origin); null when the page could not be asked. */
export async function inspectedDocumentId(
  inspected: InspectedWindowLike,
  timeoutMs = 3000,
): Promise<string | null> {
  try {
    const [result, exception] = await callDevtools(
      (...a) => inspected.eval(...a),
      [DOCUMENT_PROBE, {}],
      timeoutMs,
    );
    if (exception !== undefined && exception !== null) return null;
    return typeof result === 'string' ? result : null;
  } catch {
    return null;
  }
}
