/**
 * Long reads say how far they are: a big log opened newest first ("still loading the rest"), and the
 * text index's search of whole bodies. `data-search-pending` tells a test or the benchmark that the
 * list does not show the filter's answer yet.
 */
import { useT } from '../i18n-context';
import { usePanel } from './panel-context';

/** The progress line of the list (hidden when nothing runs). */
export function ListProgress() {
  const t = useT();
  const { panel } = usePanel();
  const rest = panel.loadingRest.value;
  const deep = panel.textSearch.deep.value;
  const pending = panel.textSearch.pending.value;
  let text = '';
  if (rest) text = t('panelLoadingRest', rest.loaded.toLocaleString(), rest.total.toLocaleString());
  else if (deep && deep.toSearch > 0)
    text = t('panelSearchingBodies', deep.searched.toLocaleString(), deep.toSearch.toLocaleString());
  return (
    <div
      class={text === '' ? 'cme-list-progress' : 'note cme-banner cme-list-progress'}
      role="status"
      data-banner="progress"
      data-loading-rest={rest ? 'true' : 'false'}
      data-search-pending={pending ? 'true' : 'false'}
      data-search-deep={deep ? 'true' : 'false'}
      hidden={text === ''}
    >
      {text}
    </div>
  );
}
