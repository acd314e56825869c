/**
 * Find in the call's bodies (Ctrl/Cmd+F while the panel has focus and a call is open): a bar under the
 * detail's tabs with the text, "3 / 17", previous/next (Shift+Enter/Enter, Shift+F3/F3), a case toggle
 * and close (Esc; focus goes back where it was). One find covers both bodies, request then response, as
 * each is shown (raw or tree; lib/ui/panel/find-session.ts): the current match's tab is shown, its tree
 * path opened and the match scrolled into view; every match in view is marked (a long string in the tree
 * shows the marks of its shown part until a move to a match past it shows it in full). Loads with the
 * detail, never with the panel's first paint.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Masker } from '../../lib/cme/secrets';
import type { RawCall } from '../../lib/cme/types';
import {
  findDocOf,
  REVEAL_DEPTH,
  type BodyMatch,
  type BodyName,
  type FindDoc,
} from '../../lib/ui/panel/find';
import {
  rawHighlights,
  treeHighlights,
  type MarkRange,
  type TreeHighlights,
} from '../../lib/ui/panel/find-marks';
import { createFindSession, type FindResult } from '../../lib/ui/panel/find-session';
import { FindBar } from './find-bar';
import type { BodyFind } from './find-context';
import { usePanel } from './panel-context';
import { useTabMasker } from './use-masker';

/** Whether a key event is the find shortcut: Ctrl+F, or Cmd+F on a Mac. */
export function isFindKey(e: KeyboardEvent): boolean {
  return (
    (e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && (e.key.toLowerCase() === 'f' || e.code === 'KeyF')
  );
}

const isBody = (tab: string): tab is BodyName => tab === 'request' || tab === 'response';

/** The bodies the Request and Response tabs show (none for a response that never came). */
function docsOf(raw: RawCall | null, masker: Masker): Record<BodyName, FindDoc | null> {
  if (raw === null) return { request: null, response: null };
  const res = raw.response;
  return {
    request: findDocOf(raw.request.body, masker),
    response: res === null || res.status === 0 ? null : findDocOf(res.body, masker),
  };
}

interface BodySlice {
  matches: BodyMatch[];
  /** The current match's index among them, -1 when it is in the other body. */
  current: number;
  raw?: MarkRange[];
  tree?: TreeHighlights;
}

// Per result and body: the views re-render often, the highlights are built once per move.
const slices = new WeakMap<FindResult, Partial<Record<BodyName, BodySlice>>>();

function sliceOf(res: FindResult, body: BodyName): BodySlice {
  let perBody = slices.get(res);
  if (perBody === undefined) slices.set(res, (perBody = {}));
  let slice = perBody[body];
  if (slice === undefined) {
    const matches: BodyMatch[] = [];
    let current = -1;
    res.matches.forEach((m, i) => {
      if (m.body !== body) return;
      if (i === res.current) current = matches.length;
      matches.push(m.match);
    });
    perBody[body] = slice = { matches, current };
  }
  return slice;
}

/**
 * The detail's find: the session, its keys on the panel's document, the docs of the call shown, the tab
 * switch to the current match and the scroll to it. `detailRef` is the detail pane (Esc closes the bar
 * from inside it). Returns what body views read and the bar (null while closed).
 */
export function useDetailFind(
  tab: string,
  setTab: (tab: BodyName) => void,
  detailRef: { current: HTMLElement | null },
) {
  const { detail } = usePanel();
  const masker = useTabMasker();
  const session = useMemo(
    () =>
      createFindSession({
        setTimeout: (fn, ms) => setTimeout(fn, ms),
        clearTimeout: (h) => clearTimeout(h as number),
      }),
    [],
  );
  const [focusTick, setFocusTick] = useState(0);
  const ui = useRef({ back: null as HTMLElement | null, raw: null as object | null, scrolled: 0 });
  const state = detail.state.value;

  // The bodies of the call shown, as the views show them (prepared when a search first needs them).
  const raw = state.status === 'ready' ? state.raw : null;
  useEffect(() => {
    const newCall = raw !== ui.current.raw;
    ui.current.raw = raw;
    session.setSource(() => docsOf(raw, masker), newCall);
  }, [session, raw, masker]);
  useEffect(() => session.setTab(isBody(tab) ? tab : null), [session, tab]);
  useEffect(() => () => session.dispose(), [session]);

  const close = () => {
    session.hide();
    const back = ui.current.back;
    ui.current.back = null;
    if (back?.isConnected) back.focus();
    else detailRef.current?.querySelector<HTMLElement>('.cme-detail-body')?.focus();
  };
  const openBar = () => {
    const active = document.activeElement as HTMLElement | null;
    if (!session.open.peek() || !active?.closest('.cme-find')) ui.current.back = active;
    // Focus (and select) the input again even when the bar is open already.
    setFocusTick((n) => n + 1);
    session.show();
  };

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (isFindKey(e)) {
        if (detail.state.peek().status !== 'ready') return;
        e.preventDefault();
        openBar();
        return;
      }
      if (!session.open.peek()) return;
      if (e.key === 'F3') {
        e.preventDefault();
        if (e.shiftKey) session.previous();
        else session.next();
      } else if (e.key === 'Escape' && detailRef.current?.contains(e.target as Node)) {
        e.preventDefault();
        close();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  });

  // A move to a match in the other body shows its tab; then the current mark is scrolled into view.
  const r = session.result.value;
  const at = r.matches[r.current];
  useEffect(() => {
    if (at === undefined || r.revealId === ui.current.scrolled) return;
    if (at.body !== tab) {
      setTab(at.body);
      return;
    }
    ui.current.scrolled = r.revealId;
    let tries = 0;
    let frame = 0;
    const scroll = () => {
      const mark = detailRef.current?.querySelector('[data-find-current]');
      if (mark) mark.scrollIntoView?.({ block: 'center', inline: 'nearest' });
      else if (tries++ < 10) frame = requestAnimationFrame(scroll);
    };
    scroll();
    return () => cancelAnimationFrame(frame);
  });

  const ctx: BodyFind = {
    mode: (body) => session.modes.value[body],
    setMode: (body, mode) => session.setMode(body, mode),
    rawMarks: (body) => {
      if (!session.open.value) return null;
      const slice = sliceOf(session.result.value, body);
      return (slice.raw ??= rawHighlights(slice.matches, slice.current));
    },
    treeMarks: (body, doc) => {
      const tree = session.open.value ? doc.tree() : null;
      if (tree === null) return null;
      const res = session.result.value;
      const slice = sliceOf(res, body);
      return (slice.tree ??= treeHighlights(tree, slice.matches, slice.current, res.revealId));
    },
  };

  let tooDeep = false;
  if (at?.match.kind === 'tree') {
    const tree = session.docs()[at.body]?.tree();
    tooDeep = tree !== null && tree !== undefined && tree.depth[at.match.node]! > REVEAL_DEPTH;
  }
  const bar = session.open.value ? (
    <FindBar session={session} focusTick={focusTick} tooDeep={tooDeep} onClose={close} />
  ) : null;
  return { ctx, bar, session };
}
