/** The panel's one masker (lib/ui/panel/masking.ts) for the views of the detail pane. */
import type { Masker } from '../../lib/cme/secrets';
import { tabMasker } from '../../lib/ui/panel/masking';
import { usePanel } from './panel-context';

/** The masker of every secret seen in this panel's traffic and store; views re-render when it grows. */
export function useTabMasker(): Masker {
  return tabMasker(usePanel()).value;
}
