/**
 * What the text index's worker does, apart from the worker globals: it holds each listed call's search
 * text (fields and the first 2,048 characters of the bodies, as lib/ui/panel/search.ts builds it) out of
 * the panel's heap, stored as UTF-8 in one-byte strings (half the memory of the two-byte strings a
 * Chinese answer makes), and answers a query's text terms with the ids that match. Its excerpt pass is
 * synchronous and exact; then, for positive words, a deep pass reads the whole bodies (beyond the
 * excerpt) newest first in slices, posting what it found after each, until done or superseded.
 * Shared by the worker entry (text-index.worker.ts) and in-thread use (tests, pages without workers).
 */

/** The text part of a query: free words (each must occur), negated words, one regex. Lowercase words. */
export interface TextQuery {
  words: string[];
  notWords: string[];
  regex: { source: string; flags: string; negate: boolean } | null;
}

/** Requests to the index. */
export type IndexRequest =
  | { type: 'add'; items: [number, string][] }
  | { type: 'forget'; ids: number[] }
  | { type: 'clear' }
  /** Read the search texts of a tab's log from the database (the worker's own source after a restart). */
  | { type: 'load'; tabId: number }
  | {
      type: 'query';
      pass: number;
      query: TextQuery;
      /** Test only these ids (rows appended since the last answer); absent: every id held. */
      only?: number[];
      /** Read whole bodies for what the excerpts did not match (positive words only). */
      deep: boolean;
    };

/** Answers: the ids matched so far (`done` false while the deep pass runs), or why the pass failed. */
export type IndexAnswer =
  | {
      type: 'result';
      pass: number;
      matched: number[];
      done: boolean;
      /** Bodies the deep pass read so far, of how many. */
      searched: number;
      toSearch: number;
    }
  | { type: 'error'; pass: number; message: string }
  /** The pass began matching (its texts loaded): from now on a regex's time budget counts. */
  | { type: 'started'; pass: number };

/** Reads the whole bodies of calls (request and answer text), by id; null when there is none. */
export type BodyReader = (ids: readonly number[]) => Promise<(string | null)[]>;

/** Reads a tab's stored search texts, newest first, batch by batch ([id, text] pairs). */
export type TextLoader = (tabId: number, onBatch: (items: [number, string][]) => void) => Promise<void>;

/** How long a query must stay unchanged before its deep pass starts (ms). */
export const DEEP_DELAY_MS = 150;

/** Bodies the deep pass reads per slice (one IndexedDB transaction). */
export const DEEP_SLICE = 64;

/** Text as UTF-8 bytes in a one-byte string: `indexOf` on it finds exactly what it finds in the text. */
export function toBytes(text: string): string {
  // ASCII is its own UTF-8; else the fastest way to UTF-8 bytes in a one-byte string.
  if (!/[^ -~\t\n\r]/.test(text)) return text;
  try {
    return unescape(encodeURIComponent(text));
  } catch {
    // A lone surrogate (a body cut inside a pair): as the replacement character.
    return unescape(encodeURIComponent(text.replace(/[\uD800-\uDFFF]/g, '\uFFFD')));
  }
}

/** The text back from `toBytes`. */
export function fromBytes(bytes: string): string {
  try {
    return decodeURIComponent(escape(bytes));
  } catch {
    return bytes;
  }
}

/** Whitespace runs collapsed to one space and lowercased: the form excerpts and bodies are searched in. */
export function searchForm(text: string): string {
  return text.replace(/\s+/g, ' ').toLowerCase();
}

function compileRegex(q: TextQuery): RegExp | null {
  return q.regex ? new RegExp(q.regex.source, q.regex.flags) : null;
}

/** Whether the narrower query `next` can only match what `prev` matched (typing on). */
export function narrows(prev: TextQuery, next: TextQuery): boolean {
  if (JSON.stringify(prev.regex) !== JSON.stringify(next.regex)) return false;
  if (prev.notWords.join('\n') !== next.notWords.join('\n')) return false;
  return prev.words.every((w) => next.words.some((n) => n.includes(w)));
}

/** Creates the index's message handler; `post` sends answers, `readBodies` reads bodies (deep pass). */
export function createIndexHandler(
  post: (answer: IndexAnswer) => void,
  readBodies: BodyReader | null,
  loadTexts: TextLoader | null = null,
): (request: IndexRequest) => Promise<void> {
  const texts = new Map<number, string>();
  // Queries wait for a load in progress (its texts are the index's).
  let loading: Promise<void> = Promise.resolve();
  let current = 0;
  // The last full pass: its query and its excerpt matches (what a narrower query starts from).
  let last: { query: TextQuery; matched: number[]; seen: number } | null = null;

  const matcher = (q: TextQuery) => {
    const words = q.words.map(toBytes);
    const notWords = q.notWords.map(toBytes);
    const re = compileRegex(q);
    const negate = q.regex?.negate === true;
    return (bytes: string): boolean => {
      for (const w of words) if (!bytes.includes(w)) return false;
      for (const w of notWords) if (bytes.includes(w)) return false;
      if (re) {
        re.lastIndex = 0;
        if (re.test(fromBytes(bytes)) === negate) return false;
      }
      return true;
    };
  };

  async function deepPass(pass: number, q: TextQuery, misses: number[], matched: number[]): Promise<void> {
    const words = q.words;
    const notWords = q.notWords.map(toBytes);
    // Newest first: the ids grow with each write.
    const order = misses.filter((id) => id > 0).sort((a, b) => b - a);
    let searched = 0;
    for (let i = 0; i < order.length; i += DEEP_SLICE) {
      const slice = order.slice(i, i + DEEP_SLICE);
      const bodies = await readBodies!(slice);
      if (pass !== current) return;
      let found = false;
      for (let k = 0; k < slice.length; k++) {
        const body = bodies[k];
        const id = slice[k]!;
        const excerpt = texts.get(id);
        if (body == null || excerpt === undefined) continue;
        // Negated words and the regex keep their excerpt verdict; every positive word may be anywhere.
        if (notWords.some((w) => excerpt.includes(w))) continue;
        const whole = searchForm(body);
        const text = fromBytes(excerpt);
        if (words.every((w) => text.includes(w) || whole.includes(w))) {
          matched.push(id);
          found = true;
        }
      }
      searched += slice.length;
      const done = i + DEEP_SLICE >= order.length;
      if (found || done || searched % (DEEP_SLICE * 16) === 0)
        post({ type: 'result', pass, matched: matched.slice(), done, searched, toSearch: order.length });
    }
    if (order.length === 0) post({ type: 'result', pass, matched, done: true, searched: 0, toSearch: 0 });
  }

  return async (request) => {
    switch (request.type) {
      case 'add':
        // New ids only (a known id keeps its place: the last pass's `seen` counts places).
        for (const [id, text] of request.items) if (!texts.has(id)) texts.set(id, toBytes(text));
        return;
      case 'forget':
        for (const id of request.ids) texts.delete(id);
        last = null;
        return;
      case 'clear':
        texts.clear();
        last = null;
        return;
      case 'load': {
        if (!loadTexts) return;
        const add = (items: [number, string][]) => {
          // A text the panel sent meanwhile is the same call's: either will do.
          for (const [id, text] of items) if (!texts.has(id)) texts.set(id, toBytes(text));
        };
        loading = loadTexts(request.tabId, add).catch(() => undefined);
        return loading;
      }
      default:
        break;
    }
    const { pass, query } = request;
    current = pass;
    await loading;
    if (pass !== current) return;
    post({ type: 'started', pass });
    let test: (bytes: string) => boolean;
    try {
      test = matcher(query);
    } catch (e) {
      post({ type: 'error', pass, message: e instanceof Error ? e.message : String(e) });
      return;
    }
    const matched: number[] = [];
    const misses: number[] = [];
    const check = (id: number) => {
      const bytes = texts.get(id);
      if (bytes === undefined) return;
      if (test(bytes)) matched.push(id);
      else misses.push(id);
    };
    if (request.only) {
      for (const id of request.only) check(id);
    } else if (last && narrows(last.query, query)) {
      // Typing on: of the calls the last pass saw, only what it matched can match; newer ones are tested.
      const before = new Set(last.matched);
      for (const id of last.matched) check(id);
      let i = 0;
      for (const id of texts.keys()) {
        if (i++ >= last.seen) check(id);
        else if (!before.has(id)) misses.push(id);
      }
    } else {
      for (const id of texts.keys()) check(id);
    }
    if (!request.only) last = { query, matched: matched.slice(), seen: texts.size };
    const deep = request.deep && readBodies !== null && query.words.length > 0 && !query.regex;
    post({
      type: 'result',
      pass,
      matched: matched.slice(),
      done: !deep,
      searched: 0,
      toSearch: deep ? misses.length : 0,
    });
    if (!deep) return;
    // Typing goes on: a deep pass starts only once the query has stayed the same for a moment.
    await new Promise((r) => setTimeout(r, DEEP_DELAY_MS));
    if (pass !== current) return;
    try {
      await deepPass(pass, query, misses, matched);
    } catch (e) {
      if (pass === current)
        post({ type: 'error', pass, message: e instanceof Error ? e.message : String(e) });
    }
  };
}
