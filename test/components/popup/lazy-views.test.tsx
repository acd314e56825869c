// @vitest-environment happy-dom
import { cleanup, render, waitFor } from '@testing-library/preact';
import { render as renderNow } from 'preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { lazyComponent } from '../../../components/popup/lazy-views';
import { deferred } from '../../ui/popup/fakes';

afterEach(cleanup);

function Hello({ name }: { name: string }) {
  return <p class="hello">hello {name}</p>;
}

describe('lazyComponent', () => {
  it('shows the fallback until the code is there, then the view; later renders are at once', async () => {
    const gate = deferred<typeof Hello>();
    const load = vi.fn(() => gate.promise);
    const Lazy = lazyComponent(load, ({ name }) => <p class="wait">wait {name}</p>);
    const first = render(<Lazy name="a" />);
    expect(first.container.textContent).toBe('wait a');
    gate.resolve(Hello);
    await waitFor(() => expect(first.container.textContent).toBe('hello a'));
    const second = render(<Lazy name="b" />);
    expect(second.container.textContent).toBe('hello b');
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('loads once for preload and render together', async () => {
    const load = vi.fn(async () => Hello);
    const Lazy = lazyComponent(load);
    const preloaded = Lazy.preload();
    const { container } = render(<Lazy name="c" />);
    expect(container.textContent).toBe('');
    expect(await preloaded).toBe(Hello);
    await waitFor(() => expect(container.textContent).toBe('hello c'));
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('shows the view when the code arrives between its first render and its effect', async () => {
    const gate = deferred<typeof Hello>();
    const Lazy = lazyComponent(() => gate.promise);
    void Lazy.preload();
    const container = document.createElement('div');
    // Rendered outside act(): the effect waits for the next frame, as in the browser.
    renderNow(<Lazy name="e" />, container);
    expect(container.textContent).toBe('');
    gate.resolve(Hello);
    await gate.promise;
    await waitFor(() => expect(container.textContent).toBe('hello e'));
    renderNow(null, container);
  });

  it('tries a failed load again', async () => {
    const load = vi
      .fn<() => Promise<typeof Hello>>()
      .mockRejectedValueOnce(new Error('offline'))
      .mockResolvedValue(Hello);
    const Lazy = lazyComponent(load);
    await expect(Lazy.preload()).rejects.toThrow('offline');
    const { container } = render(<Lazy name="d" />);
    await waitFor(() => expect(container.textContent).toBe('hello d'));
    expect(load).toHaveBeenCalledTimes(2);
  });
});
