import { describe, expect, it } from 'vitest';
import { followColorScheme, type MediaQueryLike } from '../../../lib/ui/shared/page-theme';

function fakeMedia(matches: boolean) {
  const listeners = new Set<() => void>();
  const media: MediaQueryLike & { set(v: boolean): void; count(): number } = {
    matches,
    addEventListener: (_t, l) => listeners.add(l),
    removeEventListener: (_t, l) => listeners.delete(l),
    set(v) {
      this.matches = v;
      listeners.forEach((l) => l());
    },
    count: () => listeners.size,
  };
  return media;
}

describe('followColorScheme', () => {
  it('sets the theme now and follows changes until stopped', () => {
    const root = { dataset: {} as DOMStringMap };
    const media = fakeMedia(true);
    const stop = followColorScheme(root, media);
    expect(root.dataset.theme).toBe('dark');
    media.set(false);
    expect(root.dataset.theme).toBe('light');
    stop();
    expect(media.count()).toBe(0);
    media.set(true);
    expect(root.dataset.theme).toBe('light');
  });
});
