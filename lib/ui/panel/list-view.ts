/**
 * How the call list is laid out and ordered: the sort (not kept), the column widths and the detail pane's
 * width (kept in the panel's small preferences, so they survive closing DevTools), the list in sorted
 * order, and a request for the detail pane to open a tab (the row menu's "Replay edited…").
 */
import { computed, signal } from '@preact/signals';
import type { PanelRow } from './rows';
import type { SortedView } from './sort';
import { nextSort, type SortColumn, type SortSpec } from './sort-spec';

/** A resizable column (the message column takes the rest). */
export type ResizableColumn = SortColumn;

/** Column widths in px. */
export type ColumnWidths = Record<ResizableColumn, number>;

/** Widths a fresh panel has. */
export const DEFAULT_WIDTHS: ColumnWidths = {
  time: 92,
  action: 230,
  code: 190,
  http: 48,
  duration: 72,
  user: 150,
};
/** The narrowest and widest a column may be. */
export const COLUMN_MIN = 36;
export const COLUMN_MAX = 1200;
/** The detail pane's width in px, least and most (a fresh panel gives it 54% of the width). */
export const DETAIL_MIN = 280;
export const DETAIL_MAX = 2400;

/** The preferences key (one JSON record). */
export const LAYOUT_KEY = 'cme-devtools.listLayout';

/** What is kept across panel openings. */
export interface ListLayout {
  widths: ColumnWidths;
  /** null: not set (the pane takes its share of the width). */
  detailWidth: number | null;
}

const clamp = (n: number, min: number, max: number): number => Math.min(max, Math.max(min, Math.round(n)));
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Reads a stored layout; anything missing, unreadable or out of range falls back to its default. */
export function parseLayout(text: string | null | undefined): ListLayout {
  const out: ListLayout = { widths: { ...DEFAULT_WIDTHS }, detailWidth: null };
  if (!text) return out;
  let stored: unknown;
  try {
    stored = JSON.parse(text);
  } catch {
    return out;
  }
  if (typeof stored !== 'object' || stored === null) return out;
  const { widths, detailWidth } = stored as { widths?: unknown; detailWidth?: unknown };
  if (typeof widths === 'object' && widths !== null) {
    for (const col of Object.keys(DEFAULT_WIDTHS) as ResizableColumn[]) {
      const w = (widths as Record<string, unknown>)[col];
      if (isNum(w)) out.widths[col] = clamp(w, COLUMN_MIN, COLUMN_MAX);
    }
  }
  if (isNum(detailWidth)) out.detailWidth = clamp(detailWidth, DETAIL_MIN, DETAIL_MAX);
  return out;
}

/** A detail tab the list asks the detail pane to show (`n` makes each request new). */
export interface TabRequest {
  tab: 'replay';
  n: number;
}

/** Where preferences live (`localStorage` in the panel). */
export type Prefs = Pick<Storage, 'getItem' | 'setItem'>;

/** Creates the list's view state over the filtered rows; `prefs` keeps the widths. */
export function createListView(panel: { visible: { value: readonly PanelRow[] } }, prefs?: Prefs) {
  let initial: ListLayout;
  try {
    initial = parseLayout(prefs?.getItem(LAYOUT_KEY));
  } catch {
    initial = parseLayout(null);
  }
  const sort = signal<SortSpec>(null);
  const widths = signal<ColumnWidths>(initial.widths);
  const detailWidth = signal<number | null>(initial.detailWidth);
  const tabRequest = signal<TabRequest | null>(null);
  // The sorting code loads with the first sort; until then (a moment) the list keeps arrival order.
  const sorter = signal<SortedView | null>(null);
  let loading: Promise<void> | null = null;
  const ordered = computed(() => {
    const spec = sort.value;
    const sorted = sorter.value;
    return spec !== null && sorted !== null ? sorted(panel.visible.value, spec) : panel.visible.value;
  });

  const save = (): void => {
    try {
      prefs?.setItem(LAYOUT_KEY, JSON.stringify({ widths: widths.peek(), detailWidth: detailWidth.peek() }));
    } catch {
      // Storage full or denied: the layout holds for this panel's life.
    }
  };

  return {
    sort,
    widths,
    detailWidth,
    /** The filtered rows in the list's order. */
    ordered,
    tabRequest,
    /** The sort's work so far (tests); null before the first sort. */
    sortStats: () => sorter.peek()?.stats ?? null,

    /** A header's click: ascending, descending, off; resolves once the list is in that order. */
    toggleSort(column: SortColumn): Promise<void> {
      sort.value = nextSort(sort.peek(), column);
      loading ??= import('./sort').then((m) => {
        sorter.value = m.createSortedView();
      });
      return loading;
    },

    /** Sets a column's width (clamped); `keep` stores it (a drag stores once, at its end). */
    setWidth(column: ResizableColumn, px: number, keep = true): void {
      const w = clamp(px, COLUMN_MIN, COLUMN_MAX);
      if (widths.peek()[column] !== w) widths.value = { ...widths.peek(), [column]: w };
      if (keep) save();
    },

    /** Sets the detail pane's width (clamped); `keep` stores it. */
    setDetailWidth(px: number, keep = true): void {
      detailWidth.value = clamp(px, DETAIL_MIN, DETAIL_MAX);
      if (keep) save();
    },

    /** Asks the detail pane to show a tab. */
    openTab(tab: TabRequest['tab']): void {
      tabRequest.value = { tab, n: (tabRequest.peek()?.n ?? 0) + 1 };
    },
  };
}

/** The list view's API. */
export type ListView = ReturnType<typeof createListView>;

const fallback = new WeakMap<object, ListView>();

/** The list view of a panel UI: the booted one, else one made for its panel store (tests, the viewer). */
export function listViewOf(ui: {
  panel: { visible: { value: readonly PanelRow[] } };
  listView?: ListView;
}): ListView {
  if (ui.listView) return ui.listView;
  let view = fallback.get(ui.panel);
  if (view === undefined) fallback.set(ui.panel, (view = createListView(ui.panel)));
  return view;
}
