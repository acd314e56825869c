// @vitest-environment happy-dom
import { cleanup, render } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { usePanel } from '../../components/panel/panel-context';
import { useOptions } from '../../components/options/options-context';
import { usePopup } from '../../components/popup/popup-context';
import { createStoreContext } from '../../components/store-context';

afterEach(cleanup);

interface Counter {
  name: string;
}

const counter = createStoreContext<Counter>('Counter');

function Name() {
  return <span data-testid="name">{counter.use().name}</span>;
}

/** Render `view` expecting it to throw; the error it threw (Preact logs it too). */
function renderError(view: () => unknown): unknown {
  const quiet = vi.spyOn(console, 'error').mockImplementation(() => {});
  try {
    function View() {
      view();
      return null;
    }
    render(<View />);
  } catch (e) {
    return e;
  } finally {
    quiet.mockRestore();
  }
  return undefined;
}

describe('createStoreContext', () => {
  it('gives the views below the provider its value, the nearest provider winning', () => {
    const { getAllByTestId } = render(
      <counter.Provider value={{ name: 'outer' }}>
        <Name />
        <counter.Provider value={{ name: 'inner' }}>
          <Name />
        </counter.Provider>
      </counter.Provider>,
    );
    expect(getAllByTestId('name').map((e) => e.textContent)).toEqual(['outer', 'inner']);
  });

  it('throws an error naming the hook and the provider when used outside the provider', () => {
    const error = renderError(() => counter.use());
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toBe('useCounter() outside <CounterProvider>');
  });

  it.each([
    ['usePanel() outside <PanelProvider>', usePanel],
    ['usePopup() outside <PopupProvider>', usePopup],
    ['useOptions() outside <OptionsProvider>', useOptions],
  ] as const)("each page's hook says %s", (message, hook) => {
    expect((renderError(hook) as Error).message).toBe(message);
  });

  it("keeps each context's values apart", () => {
    const other = createStoreContext<Counter>('Other');
    const error = renderError(() => other.use());
    expect((error as Error).message).toBe('useOther() outside <OtherProvider>');
    const { getByTestId } = render(
      <other.Provider value={{ name: 'other' }}>
        <counter.Provider value={{ name: 'counter' }}>
          <Name />
        </counter.Provider>
      </other.Provider>,
    );
    expect(getByTestId('name').textContent).toBe('counter');
  });
});
