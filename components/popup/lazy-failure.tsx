/** Why a login or call failed (failure-view.tsx), loaded on first use with the popup's masker. */
import { lazyComponent } from './lazy-views';

/** The failure view; nothing until its code (and the masker) is there. */
export const LazyFailureView = lazyComponent(() => import('./failure-view').then((m) => m.FailureView));
