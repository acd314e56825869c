import { describe, expect, it } from 'vitest';
import { resourceOpener } from '../../lib/capture/open-resource';

describe('resourceOpener', () => {
  it('is absent where devtools.panels has no openResource (Firefox)', () => {
    expect(resourceOpener(undefined)).toBeUndefined();
    expect(resourceOpener({})).toBeUndefined();
    expect(resourceOpener({ openResource: 'no' })).toBeUndefined();
  });

  it('calls openResource with the 0-based line and column and waits for its callback (Chrome)', async () => {
    const calls: unknown[][] = [];
    const panels = {
      openResource(this: unknown, ...args: unknown[]) {
        calls.push([this === panels, ...args.slice(0, -1)]);
        setTimeout(() => (args.at(-1) as () => void)(), 0);
      },
    };
    await resourceOpener(panels)!('http://127.0.0.1:8787/demo.js', 41, 9);
    await resourceOpener(panels)!('http://127.0.0.1:8787/demo.js', 0);
    expect(calls).toEqual([
      [true, 'http://127.0.0.1:8787/demo.js', 41, 9],
      [true, 'http://127.0.0.1:8787/demo.js', 0],
    ]);
  });
});
