/** What a body view reads of the detail's find (components/panel/find-bar.tsx provides it). */
import { createContext } from 'preact';
import type { BodyName, FindDoc, FindMode } from '../../lib/ui/panel/find';
import type { MarkRange, TreeHighlights } from '../../lib/ui/panel/find-marks';

/** The find as one body view sees it. */
export interface BodyFind {
  /** How the body is shown (the find searches it so). */
  mode(body: BodyName): FindMode;
  setMode(body: BodyName, mode: FindMode): void;
  /** The raw text's highlights, or the tree's, for `doc` of `body`; null when the find is closed. */
  rawMarks(body: BodyName): MarkRange[] | null;
  treeMarks(body: BodyName, doc: FindDoc): TreeHighlights | null;
}

/** The detail's find; null outside a detail (a body view then keeps its own raw/tree switch). */
export const BodyFindContext = createContext<BodyFind | null>(null);
