/**
 * The viewer's import note, loaded right after the first paint (import-progress.tsx and its CSS are not
 * part of it): nothing shows before an import starts, and the viewer mounts this at once, so its Esc
 * listener is there before the user can pick a file.
 */
import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { HarImportFront } from '../../lib/ui/panel/har-import-lazy';

type Props = { harImport: HarImportFront };
let loaded: ComponentType<Props> | null = null;
let loading: Promise<ComponentType<Props>> | null = null;

/** `ImportProgress`, once its module is loaded (nothing until then). */
export function LazyImportProgress(props: Props) {
  const [View, setView] = useState<ComponentType<Props> | null>(() => loaded);
  useEffect(() => {
    if (View) return;
    let alive = true;
    loading ??= import('./import-progress').then((m) => (loaded = m.ImportProgress));
    void loading.then((c) => alive && setView(() => c));
    return () => {
      alive = false;
    };
  }, [View]);
  return View ? <View {...props} /> : null;
}
