/**
 * Scripts the panel benchmark evaluates inside a panel page: a document-start probe for a usable list,
 * the scroll from top to bottom with per-frame timings, and typing a text filter key by key.
 *
 * Frame work is timed inside a requestAnimationFrame callback: it scrolls and dispatches the scroll
 * event, lets the list re-render (Preact renders in a microtask), then forces style and layout. rAF
 * intervals alone are quantized to the 60 Hz vsync of headless Chromium (16.7 ms even when idle), so
 * they are reported beside it, not instead.
 */

/** Added with Page.addScriptToEvaluateOnNewDocument: sets `__benchUsable` (ms since navigation) at the
 *  first frame after the list shows rows. */
export const USABLE_PROBE = `(() => {
  const tick = () => {
    const hook = window.__cmePanel;
    if (hook && hook.count() > 0 && document.querySelector('.cme-row')) {
      requestAnimationFrame(() => { window.__benchUsable = performance.now(); });
    } else requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})()`;

/** Reloads the page after this evaluation returns, forgetting the previous probe result first. */
export const RELOAD = '(delete window.__benchUsable, setTimeout(() => location.reload(), 0), true)';

/** The probe's result as epoch ms, or null while the list is not usable. */
export const USABLE_AT = 'window.__benchUsable ? performance.timeOrigin + window.__benchUsable : null';

/** First contentful paint of the document (ms since navigation), or null. */
export const FCP = `(performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime ?? null`;

const FRAME_DONE = `const frameDone = () => new Promise((resolve) => requestAnimationFrame(() => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => resolve(performance.now());
    ch.port2.postMessage(0);
  }));`;

/** What the scroll script returns. */
export interface ScrollResult {
  work: number[];
  intervals: number[];
  rowsInDom: number;
}

/** Scrolls `.cme-list-scroller` from the top to the bottom by `step` px per frame. */
export function scrollScript(step: number): string {
  return `(async () => {
    ${FRAME_DONE}
    const el = document.querySelector('.cme-list-scroller');
    if (!el) throw new Error('no .cme-list-scroller');
    el.scrollTop = 0;
    el.dispatchEvent(new Event('scroll'));
    for (let i = 0; i < 5; i++) await frameDone();
    const work = [];
    const intervals = [];
    let rowsInDom = 0;
    await new Promise((done) => {
      let last = 0;
      const frame = (t) => {
        if (last) intervals.push(t - last);
        last = t;
        rowsInDom = Math.max(rowsInDom, el.querySelectorAll('.cme-row').length);
        if (el.scrollTop + el.clientHeight >= el.scrollHeight - 1) return done();
        const start = performance.now();
        el.scrollTop += ${step};
        el.dispatchEvent(new Event('scroll'));
        // After the re-render the scroll scheduled (microtasks), force style and layout.
        Promise.resolve()
          .then(() => Promise.resolve())
          .then(() => {
            void document.body.offsetHeight;
            work.push(performance.now() - start);
          });
        requestAnimationFrame(frame);
      };
      requestAnimationFrame(frame);
    });
    return { work, intervals, rowsInDom };
  })()`;
}

/** What the typing script returns. */
export interface TypingResult {
  /** ms from each keystroke's input event to the end of the frame that shows its result. */
  keystrokes: number[];
  /** Rows listed after each word was typed in full. */
  matches: number[];
}

/** Types each of `words` into the text filter one character at a time, clearing it between words. */
export function typingScript(words: string[]): string {
  return `(async () => {
    ${FRAME_DONE}
    const input = document.querySelector('input[name="filter"]');
    if (!input) throw new Error('no filter input');
    const set = (value) => {
      input.value = value;
      input.dispatchEvent(new Event('input', { bubbles: true }));
    };
    // The text index answers off the thread: the result is shown at the first frame after its answer.
    const pending = () => document.querySelector('.cme-list-progress')?.dataset.searchPending === 'true';
    const shown = async () => {
      let t = await frameDone();
      while (pending()) t = await frameDone();
      return t;
    };
    const keystrokes = [];
    const matches = [];
    for (const word of ${JSON.stringify(words)}) {
      for (let i = 1; i <= word.length; i++) {
        const t0 = performance.now();
        set(word.slice(0, i));
        keystrokes.push((await shown()) - t0);
      }
      const grid = document.querySelector('[aria-rowcount]');
      matches.push(grid ? Number(grid.getAttribute('aria-rowcount')) : -1);
      set('');
      await frameDone();
      await frameDone();
    }
    return { keystrokes, matches };
  })()`;
}

/** What the deep-search script returns. */
export interface DeepResult {
  /** ms from setting the filter to the frame that lists the call (its term beyond the excerpt). */
  ms: number;
  listed: number;
  /** ms until the deep pass read every body, and what was listed then. */
  allMs: number;
  all: number;
}

/** Sets the filter to `word` (found only past each call's first 2,048 characters) and waits for a row. */
export function deepSearchScript(word: string, timeoutMs: number): string {
  return `(async () => {
    ${FRAME_DONE}
    const input = document.querySelector('input[name="filter"]');
    const grid = document.querySelector('[aria-rowcount]');
    const count = () => Number(grid.getAttribute('aria-rowcount')) - 1;
    const t0 = performance.now();
    input.value = ${JSON.stringify(word)};
    input.dispatchEvent(new Event('input', { bubbles: true }));
    const progress = () => document.querySelector('.cme-list-progress')?.dataset ?? {};
    // The list shows the index's answer once it is no longer pending; a deep match comes later.
    let t = await frameDone();
    while ((progress().searchPending === 'true' || count() < 1) && performance.now() - t0 < ${timeoutMs})
      t = await frameDone();
    const listed = count();
    // Then the deep pass to its end (every body read).
    const deep = () => progress().searchDeep === 'true';
    let end = await frameDone();
    while (deep() && performance.now() - t0 < ${timeoutMs}) end = await frameDone();
    const allMs = end - t0;
    const all = count();
    input.value = '';
    input.dispatchEvent(new Event('input', { bubbles: true }));
    await frameDone();
    return { ms: t - t0, listed, allMs, all };
  })()`;
}

/** Ms until the reopened list holds every stored call (its "still loading" line gone), or null. */
export const FULL_AT = `(() => {
  const el = document.querySelector('.cme-list-progress');
  return el && el.dataset.loadingRest === 'false' && window.__cmePanel && window.__cmePanel.count() > 0
    ? performance.now() : null;
})()`;
