/**
 * The detail's find session (Ctrl/Cmd+F): one find over both bodies of the call shown, request first,
 * then response, as each body is shown (raw text or tree). Like Chrome DevTools' Network search, it does
 * not stop at the tab in view: the count covers both bodies, and moving to a match in the other body
 * switches to its tab (`reveal.body`); a search started on a body tab starts at that body's first match,
 * one started elsewhere (Overview, Copy, …) at the first match of all, shown in its tab. A tab the user
 * picks while finding takes the find to that body's first match. Only the body views are searched: the
 * Response tab's envelope and Data above its body repeat parts of it, and counting a match twice would
 * mislead.
 *
 * Typing is debounced and each search is bounded: the bodies are masked, parsed and flattened once per
 * call and masker (./find), a search is linear in their size and stops at FIND_CAP matches.
 */
import { signal } from '@preact/signals';
import { findInCall, type BodyName, type CallMatch, type FindDoc, type FindMode } from './find';

/** The timers the session debounces with (injected in tests). */
export interface FindTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** What the find shows. */
export interface FindResult {
  matches: CallMatch[];
  capped: boolean;
  /** The current match's index, -1 when there is none. */
  current: number;
  /** Bumped on every move, so views reveal (open, scroll to) the current match once per move. */
  revealId: number;
}

/** Milliseconds of quiet typing before a search runs. */
export const FIND_DEBOUNCE_MS = 120;

const EMPTY: FindResult = { matches: [], capped: false, current: -1, revealId: 0 };

/** Creates a find session for the detail pane. */
export function createFindSession(timers: FindTimers, debounceMs = FIND_DEBOUNCE_MS) {
  const open = signal(false);
  const needle = signal('');
  const caseSensitive = signal(false);
  const modes = signal<Record<BodyName, FindMode>>({ request: 'tree', response: 'tree' });
  const result = signal<FindResult>(EMPTY);
  const NONE: Record<BodyName, FindDoc | null> = { request: null, response: null };
  // The bodies are prepared (masked, parsed) only when a search needs them: not for every call shown.
  let source: () => Record<BodyName, FindDoc | null> = () => NONE;
  let resolved: Record<BodyName, FindDoc | null> | null = null;
  const docsNow = () => (resolved ??= source());
  /** The body tab in view, where a new search starts; null on another tab. */
  let inView: BodyName | null = null;
  let timer: unknown = null;
  let revealId = 0;

  const cancel = () => {
    if (timer !== null) timers.clearTimeout(timer);
    timer = null;
  };

  const effectiveModes = (): Record<BodyName, FindMode> => {
    const m = modes.peek();
    const docs = docsNow();
    return {
      request: docs.request?.tree() ? m.request : 'raw',
      response: docs.response?.tree() ? m.response : 'raw',
    };
  };

  /** Runs the search now; `keep` keeps the current match's position (as near as it can) instead. */
  function run(keep: boolean): void {
    cancel();
    const text = needle.peek();
    if (!open.peek() || text === '') {
      result.value = EMPTY;
      return;
    }
    const before = result.peek();
    const found = findInCall(docsNow(), effectiveModes(), text, { caseSensitive: caseSensitive.peek() });
    let current = -1;
    if (found.matches.length > 0) {
      const oldBody = before.matches[before.current]?.body;
      if (keep && oldBody !== undefined) {
        // The same ordinal within the same body, else its last.
        const ordinal = before.matches.slice(0, before.current).filter((m) => m.body === oldBody).length;
        const inBody = found.matches.flatMap((m, i) => (m.body === oldBody ? [i] : []));
        current = inBody[Math.min(ordinal, inBody.length - 1)] ?? 0;
      } else {
        const first = inView === null ? -1 : found.matches.findIndex((m) => m.body === inView);
        current = first >= 0 ? first : 0;
      }
    }
    result.value = { ...found, current, revealId: current >= 0 ? ++revealId : revealId };
  }

  const schedule = () => {
    cancel();
    timer = timers.setTimeout(() => {
      timer = null;
      run(false);
    }, debounceMs);
  };

  function move(step: 1 | -1): void {
    // A pending search runs first: Enter right after typing moves within its answer.
    if (timer !== null) run(false);
    const r = result.peek();
    if (r.matches.length === 0) return;
    const n = r.matches.length;
    result.value = { ...r, current: (r.current + step + n) % n, revealId: ++revealId };
  }

  return {
    open,
    needle,
    caseSensitive,
    modes,
    result,

    /** Shows the bar (the search runs again over what is shown now). */
    show(): void {
      if (open.peek()) return;
      open.value = true;
      if (needle.peek() !== '') run(false);
    },
    /** Hides the bar and its highlights. */
    hide(): void {
      cancel();
      open.value = false;
      result.value = EMPTY;
    },
    /** The text typed: searched after a pause. */
    setNeedle(text: string): void {
      needle.value = text;
      if (text === '') run(false);
      else schedule();
    },
    setCaseSensitive(on: boolean): void {
      caseSensitive.value = on;
      run(false);
    },
    /** A body shown as raw text or tree: searched again as shown, at the same match as near as can be. */
    setMode(body: BodyName, mode: FindMode): void {
      modes.value = { ...modes.peek(), [body]: mode };
      if (open.peek()) run(true);
    },
    /**
     * Where the bodies of the call shown come from (a new call, or a masker that learnt a secret): read
     * when a search runs.
     */
    setSource(next: () => Record<BodyName, FindDoc | null>, newCall: boolean): void {
      source = next;
      resolved = null;
      if (newCall) modes.value = { request: 'tree', response: 'tree' };
      if (open.peek()) run(!newCall);
    },
    /** The bodies searched (prepared now if no search has needed them yet). */
    docs: docsNow,
    /** The tab in view: a body tab takes the find to that body's first match. */
    setTab(body: BodyName | null): void {
      if (body === inView) return;
      inView = body;
      const r = result.peek();
      if (body === null || r.matches[r.current]?.body === body) return;
      const first = r.matches.findIndex((m) => m.body === body);
      if (first >= 0) result.value = { ...r, current: first, revealId: ++revealId };
    },
    next: () => move(1),
    previous: () => move(-1),
    /** Stops a pending search (the detail closed). */
    dispose: cancel,
  };
}

/** The find session's API. */
export type FindSession = ReturnType<typeof createFindSession>;
