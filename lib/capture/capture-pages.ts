/**
 * The page each captured call belonged to (HAR `pageref` and `log.pages`): the pages `getHAR` listed,
 * and for each new document the panel sees load, a page of its own (its URL as title, as DevTools
 * titles pages, and the time it loaded). An entry's own `pageref` wins; an entry without one (live
 * entries of some browsers) belongs to the current document's page.
 */
import type { Page } from 'har-format';
import { readPages } from '../cme/har';

/** Tracks the inspected tab's pages. `now` is injected for tests. */
export function createPageTracker(now: () => number = () => Date.now()) {
  const pages = new Map<string, Page>();
  let current: Page | null = null;
  // A page we made (no browser id yet): the first pageref the browser gives for it becomes its id.
  let ours = false;

  function add(page: Page, mine: boolean): Page {
    pages.set(page.id, page);
    current = page;
    ours = mine;
    return page;
  }

  return {
    /**
     * The pages `getHAR` listed (odd ones ignored); the last is the current document's, unless we
     * made the current page and the browser lists no page we did not know yet (a previous document's).
     */
    addPages(list: unknown): void {
      const listed = [...readPages(list).values()];
      const fresh = listed.filter((p) => !pages.has(p.id));
      for (const page of listed) pages.set(page.id, page);
      const last = ours ? fresh.at(-1) : listed.at(-1);
      if (last !== undefined) add(last, false);
    },

    /** Whether the browser has not named the current document's page (none known, or one we made). */
    needsBrowserPage(): boolean {
      return current === null || ours;
    },

    /** A new document loaded at `url` (at `atMs`, when known: its time origin; else now). */
    navigated(url: string, atMs?: number): void {
      const at = atMs !== undefined && Number.isFinite(atMs) ? Math.round(atMs) : now();
      add(
        { startedDateTime: new Date(at).toISOString(), id: `cme_page_${at}`, title: url, pageTimings: {} },
        true,
      );
    },

    /** The page of an entry; undefined when none is known. */
    pageOf(entry: { pageref?: unknown; startedDateTime?: unknown }): Page | undefined {
      const ref = entry.pageref;
      if (typeof ref !== 'string' || ref === '') return current ?? undefined;
      const known = pages.get(ref);
      if (known !== undefined) return known;
      // The browser's id for the document we made a page for, or for one we never saw load.
      const base: Page | null = ours ? current : null;
      const started =
        base?.startedDateTime ??
        (typeof entry.startedDateTime === 'string' ? entry.startedDateTime : new Date(now()).toISOString());
      return add({ startedDateTime: started, id: ref, title: base?.title ?? '', pageTimings: {} }, false);
    },
  };
}

/** A page tracker. */
export type PageTracker = ReturnType<typeof createPageTracker>;
