/**
 * Views of the popup that its first screen does not need, loaded on first use: the error dictionary and the
 * decoded signature. The call's answer is wrapped where it shows (call-result.tsx): it uses the error
 * explanation itself, so a wrapper here would make this module and call-answer.tsx import each other.
 */
import type { ComponentType, JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';

/** A component whose code loads on first render (or `preload()`). */
export interface LazyComponent<P> {
  (props: P): JSX.Element | null;
  /** Start loading now (e.g. when a result is on its way). */
  preload(): Promise<ComponentType<P>>;
}

/** Wrap `load` as a component rendering `fallback` (nothing by default) until the code is there. */
export function lazyComponent<P extends object>(
  load: () => Promise<ComponentType<P>>,
  fallback: (props: P) => JSX.Element | null = () => null,
): LazyComponent<P> {
  let loaded: ComponentType<P> | null = null;
  let loading: Promise<ComponentType<P>> | null = null;
  const preload = (): Promise<ComponentType<P>> =>
    (loading ??= load().then(
      (c) => (loaded = c),
      (e: unknown) => {
        loading = null;
        throw e;
      },
    ));
  function Lazy(props: P): JSX.Element | null {
    const [, setReady] = useState(loaded !== null);
    useEffect(() => {
      // The code may have arrived between this render and the effect (effects run after paint): render
      // again then, or the fallback would stay for good.
      if (loaded) {
        setReady(true);
        return;
      }
      let alive = true;
      preload().then(
        () => alive && setReady(true),
        () => {},
      );
      return () => {
        alive = false;
      };
    }, []);
    const View = loaded;
    return View ? <View {...props} /> : fallback(props);
  }
  Lazy.preload = preload;
  return Lazy;
}

/** The explanation of an error code (the error dictionary is large). */
export const LazyErrorExplanation = lazyComponent(() =>
  import('../error-explanation').then((m) => m.ErrorExplanationView),
);

/** The decoded signature of the login form. */
export const LazySignatureView = lazyComponent(() =>
  import('../signature-view').then((m) => m.SignatureView),
);
