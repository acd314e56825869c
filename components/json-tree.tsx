/**
 * A collapsible JSON viewer in the DevTools style: lazy (a collapsed node renders no children), paged
 * (big objects and arrays show `pageSize` entries at a time), long strings truncated with an expander,
 * keyboard-driven (arrow keys move between and open/close nodes), secrets masked by default.
 */
import { createContext, type JSX } from 'preact';
import { memo } from 'preact/compat';
import { useContext, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { maskJsonSecrets } from '../lib/cme/redact';
import { useT } from './i18n-context';
import { MarkedText, type TextMark } from './marked-text';
import './theme.css';
import './json-tree.css';

/** Props of {@link JsonTree}. */
export interface JsonTreeProps {
  value: unknown;
  /** Levels open at first: 0 = all collapsed, 1 = the root's entries visible (default). */
  expandDepth?: number;
  /** Mask secret fields (Authorization, auth, signature, VerifySign, SecretKey, ...); default true. */
  mask?: boolean;
  /**
   * The masker of the page (every secret it has seen, by value, in any field): used instead of the masking
   * by field name alone. Masking always happens when given.
   */
  masker?: { json<T>(value: T): T };
  /** Entries shown per page of a big object or array (default 100). */
  pageSize?: number;
  /** Characters of a string shown before it is truncated (default 300). */
  stringLimit?: number;
  /** Accessible name of the tree. */
  label?: string;
  /** A find's highlights over `value` as shown (lib/ui/panel/find-marks.ts `treeHighlights`). */
  find?: JsonTreeFind | null;
}

/**
 * What a find shows in the tree: the marks of each entry (by its container, the composite value as shown,
 * and its key), and the current match to reveal: the composites to open, with the entry position each
 * one's page must reach, once per `id`. The tree's own open/closed state is otherwise kept.
 */
export interface JsonTreeFind {
  marks(
    container: object | null,
    key: string | number | null,
  ): { key: readonly TextMark[]; value: readonly TextMark[] } | undefined;
  reveal: {
    id: number;
    open: ReadonlyMap<object, number>;
    container: object | null;
    key: string | number | null;
    part: 'key' | 'value';
  } | null;
}

const FindContext = createContext<JsonTreeFind | null>(null);

interface Options {
  expandDepth: number;
  pageSize: number;
  stringLimit: number;
}

type Entry = [key: string | number, value: unknown];

function isComposite(value: unknown): value is Record<string, unknown> | unknown[] {
  return typeof value === 'object' && value !== null;
}

function sizeOf(value: Record<string, unknown> | unknown[]): number {
  return Array.isArray(value) ? value.length : Object.keys(value).length;
}

function entriesOf(value: Record<string, unknown> | unknown[], limit: number): Entry[] {
  if (Array.isArray(value)) {
    const out: Entry[] = [];
    for (let i = 0; i < Math.min(limit, value.length); i++) out.push([i, value[i]]);
    return out;
  }
  const keys = Object.keys(value);
  return keys.slice(0, limit).map((k) => [k, value[k]]);
}

function maskSafely(value: unknown, masker?: { json<T>(value: T): T }): unknown {
  try {
    return masker === undefined ? maskJsonSecrets(value) : masker.json(value);
  } catch {
    // Not JSON data (a cycle, a hostile getter): show nothing rather than an unmasked secret.
    return '[unreadable]';
  }
}

/** A collapsible, lazily rendered JSON tree. */
export function JsonTree({
  value,
  expandDepth = 1,
  mask = true,
  masker,
  pageSize = 100,
  stringLimit = 300,
  label,
  find = null,
}: JsonTreeProps) {
  const shown = useMemo(
    () => (mask || masker !== undefined ? maskSafely(value, masker) : value),
    [value, mask, masker],
  );
  const opts = useMemo<Options>(
    () => ({ expandDepth, pageSize: Math.max(1, pageSize), stringLimit: Math.max(8, stringLimit) }),
    [expandDepth, pageSize, stringLimit],
  );
  return (
    <FindContext.Provider value={find}>
      <ul class="jt" aria-label={label}>
        <JsonNode parent={null} name={null} value={shown} depth={0} opts={opts} />
      </ul>
    </FindContext.Provider>
  );
}

interface NodeProps {
  /** The composite value holding this entry (null for the root): with `name`, the entry's identity. */
  parent: object | null;
  name: string | number | null;
  value: unknown;
  depth: number;
  opts: Options;
}

// Memoized: toggling one node re-renders it and its ancestors' lists, never the untouched siblings' subtrees.
// Find highlights come through a context: only the rendered nodes read them.
const JsonNode = memo(function JsonNode({ parent, name, value, depth, opts }: NodeProps) {
  const find = useContext(FindContext);
  const marks = find?.marks(parent, name);
  if (!isComposite(value) || sizeOf(value) === 0) {
    const r = find?.reveal;
    const revealId = r && r.container === parent && r.key === name && r.part === 'value' ? r.id : 0;
    return (
      <li class="jt-node">
        <div class="jt-row jt-leaf">
          <Key name={name} marks={marks?.key} />
          <Primitive value={value} limit={opts.stringLimit} marks={marks?.value} revealId={revealId} />
        </div>
      </li>
    );
  }
  return (
    <CompositeNode
      parent={parent}
      name={name}
      value={value}
      depth={depth}
      opts={opts}
      keyMarks={marks?.key}
    />
  );
});

/** A reveal asked for `id` is applied once (then the user's own state rules again). */
function useRevealOnce(id: number, apply: () => void): boolean {
  const done = useRef(0);
  const pending = id !== 0 && done.current !== id;
  useLayoutEffect(() => {
    if (!pending) return;
    done.current = id;
    apply();
  });
  return pending;
}

function CompositeNode({
  name,
  value,
  depth,
  opts,
  keyMarks,
}: NodeProps & { value: Record<string, unknown> | unknown[]; keyMarks?: readonly TextMark[] }) {
  const t = useT();
  const [openState, setOpen] = useState(depth < opts.expandDepth);
  const [limitState, setLimit] = useState(opts.pageSize);
  // A find's current match inside: open this node, and page to the entry on its path.
  const reveal = useContext(FindContext)?.reveal;
  const need = reveal?.open.get(value);
  const pageTo = need === undefined ? 0 : (Math.floor(need / opts.pageSize) + 1) * opts.pageSize;
  const revealing = useRevealOnce(need === undefined ? 0 : reveal!.id, () => {
    setOpen(true);
    if (pageTo > limitState) setLimit(pageTo);
  });
  const open = openState || revealing;
  const limit = revealing ? Math.max(limitState, pageTo) : limitState;
  const size = sizeOf(value);
  const isArray = Array.isArray(value);
  const children = useMemo(() => (open ? entriesOf(value, limit) : []), [open, value, limit]);
  const rest = size - children.length;
  return (
    <li class="jt-node">
      <button
        type="button"
        class="jt-row jt-toggle"
        aria-expanded={open}
        onClick={() => setOpen(!open)}
        onKeyDown={(e) => onTreeKey(e, open, setOpen)}
      >
        <span class="jt-arrow" aria-hidden="true" />
        <Key name={name} marks={keyMarks} />
        <span class="jt-count">{isArray ? `Array(${size})` : `{${size}}`}</span>
        {!open && <Preview value={value} />}
      </button>
      {open && (
        <ul class="jt-children">
          {children.map(([k, v]) => (
            <JsonNode key={k} parent={value} name={k} value={v} depth={depth + 1} opts={opts} />
          ))}
          {rest > 0 && (
            <li class="jt-node">
              <div class="jt-row jt-leaf">
                <button
                  type="button"
                  class="btn-link jt-more"
                  onClick={() => setLimit(limit + opts.pageSize)}
                  onKeyDown={(e) => onTreeKey(e, true, () => {})}
                >
                  {t('jsonShowMore', Math.min(rest, opts.pageSize), size)}
                </button>
              </div>
            </li>
          )}
        </ul>
      )}
    </li>
  );
}

function Key({ name, marks }: { name: string | number | null; marks?: readonly TextMark[] }) {
  if (name === null) return null;
  return (
    <>
      <span class={typeof name === 'number' ? 'jt-index' : 'jt-key'}>
        {typeof name === 'string' ? <MarkedText text={name} marks={marks} /> : name}
      </span>
      <span class="jt-colon">: </span>
    </>
  );
}

/** A scalar (or empty composite) with its JSON-type colour; long strings truncated with an expander. */
function Primitive({
  value,
  limit,
  marks,
  revealId = 0,
}: {
  value: unknown;
  limit: number;
  marks?: readonly TextMark[];
  /** A find's current match is in this value: a long string is shown in full for it. */
  revealId?: number;
}) {
  const t = useT();
  const [fullState, setFull] = useState(false);
  const current = marks?.find((m) => m.current);
  const beyond = typeof value === 'string' && current !== undefined && current.end > limit;
  const revealing = useRevealOnce(beyond ? revealId : 0, () => setFull(true));
  const full = fullState || revealing;
  if (typeof value === 'string') {
    const cut = !full && value.length > limit;
    return (
      <span class="jt-string">
        "<MarkedText text={cut ? value.slice(0, limit) : value} marks={marks} />
        {cut ? '…' : ''}"
        {value.length > limit && (
          <button
            type="button"
            class="btn-link jt-expand-string"
            onClick={() => setFull(!full)}
            onKeyDown={(e) => onTreeKey(e, true, () => {})}
          >
            {full ? t('jsonCollapseString') : t.plural('jsonExpandString', value.length, value.length)}
          </button>
        )}
      </span>
    );
  }
  return (
    <span class={`jt-${scalarClass(value)}`}>
      <MarkedText text={scalarText(value)} marks={marks} />
    </span>
  );
}

function scalarClass(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value) || typeof value === 'object') return 'empty';
  if (typeof value === 'bigint') return 'number';
  return typeof value;
}

function scalarText(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (Array.isArray(value)) return '[]';
  if (typeof value === 'object') return '{}';
  if (typeof value === 'bigint') return `${value}n`;
  return String(value);
}

const PREVIEW_ENTRIES = 5;
const PREVIEW_STRING = 24;

/** The one-line summary of a collapsed node: its first few entries, nested values as `{…}` / `[…]`. */
function Preview({ value }: { value: Record<string, unknown> | unknown[] }) {
  const isArray = Array.isArray(value);
  const entries = entriesOf(value, PREVIEW_ENTRIES);
  const more = sizeOf(value) > entries.length;
  return (
    <span class="jt-preview">
      {isArray ? '[' : '{'}
      {entries.map(([k, v], i) => (
        <span key={k}>
          {i > 0 && ', '}
          {!isArray && <span class="jt-key">{k}: </span>}
          <PreviewValue value={v} />
        </span>
      ))}
      {more && (entries.length > 0 ? ', …' : '…')}
      {isArray ? ']' : '}'}
    </span>
  );
}

function PreviewValue({ value }: { value: unknown }) {
  if (Array.isArray(value)) return <span>{value.length === 0 ? '[]' : '[…]'}</span>;
  if (isComposite(value)) return <span>{Object.keys(value).length === 0 ? '{}' : '{…}'}</span>;
  if (typeof value === 'string') {
    const s = value.length > PREVIEW_STRING ? `${value.slice(0, PREVIEW_STRING)}…` : value;
    return <span class="jt-string">"{s}"</span>;
  }
  return <span class={`jt-${scalarClass(value)}`}>{scalarText(value)}</span>;
}

/**
 * Tree keyboard: Up/Down/Home/End move between the tree's buttons, Right opens (or steps into) a node,
 * Left closes it (or steps out to its parent).
 */
function onTreeKey(
  e: JSX.TargetedKeyboardEvent<HTMLButtonElement>,
  open: boolean,
  setOpen: (o: boolean) => void,
) {
  const el = e.currentTarget;
  const isToggle = el.classList.contains('jt-toggle');
  const tree = el.closest('.jt');
  if (!tree) return;
  const buttons = Array.from(tree.querySelectorAll<HTMLButtonElement>('button'));
  const at = buttons.indexOf(el);
  const focus = (i: number) => buttons[Math.max(0, Math.min(buttons.length - 1, i))]?.focus();
  switch (e.key) {
    case 'ArrowDown':
      focus(at + 1);
      break;
    case 'ArrowUp':
      focus(at - 1);
      break;
    case 'Home':
      focus(0);
      break;
    case 'End':
      focus(buttons.length - 1);
      break;
    case 'ArrowRight':
      if (isToggle && !open) setOpen(true);
      else if (isToggle) focus(at + 1);
      break;
    case 'ArrowLeft': {
      if (isToggle && open) {
        setOpen(false);
        break;
      }
      // Step out: the toggle of the nearest enclosing node.
      const parentList = el.closest('li')?.parentElement?.closest('li');
      const parentToggle = parentList?.querySelector<HTMLButtonElement>(':scope > .jt-toggle');
      parentToggle?.focus();
      break;
    }
    default:
      return;
  }
  e.preventDefault();
}
