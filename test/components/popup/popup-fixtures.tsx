import { expect } from 'vitest';
/** Renders the popup over a real store and a fake background, for the popup's component tests. */
import { render, waitFor } from '@testing-library/preact';
import { PopupRoot } from '../../../components/popup/popup-root';
import type { Lang } from '../../../lib/i18n/i18n';
import { createPopupStore } from '../../../lib/ui/popup/store';
import type { TicketRecord } from '../../../lib/store/schema';
import {
  fakeRpc,
  makeAnswer,
  makeEnvironment,
  makeHistory,
  makeTicket,
  memoryArea,
  settingsSignal,
  type FakeHandlers,
} from '../../ui/popup/fakes';

/** Options of `renderPopup`. */
export interface PopupFixture {
  handlers?: FakeHandlers;
  tickets?: TicketRecord[];
  lang?: Lang;
}

/** Render the popup, loaded; returns the container, store and fake RPC. */
export async function renderPopup(opts: PopupFixture = {}) {
  const rpc = fakeRpc({
    'environments.list': () => [
      makeEnvironment(),
      makeEnvironment({ id: 'tencent', name: 'Tencent Cloud', kind: 'tencent' }),
    ],
    'tickets.list': () => opts.tickets ?? [makeTicket()],
    'history.list': () => [makeHistory()],
    'keys.status': () => ({ present: false, secretId: null }),
    call: () => makeAnswer(),
    ...opts.handlers,
  });
  let n = 0;
  const store = createPopupStore({
    rpc,
    settings: settingsSignal(),
    draftArea: memoryArea(),
    newId: () => `call-${++n}`,
  });
  const openOptions = (): void => {};
  const view = render(<PopupRoot store={store} lang={opts.lang ?? 'en'} openOptions={openOptions} />);
  await store.init();
  await waitFor(() =>
    expect(view.container.querySelector('.popup-main')?.textContent).not.toContain('Loading'),
  );
  return { ...view, container: view.container as HTMLElement, store, rpc };
}

/** The first element matching `selector`, or a failure naming it. */
export function $<T extends Element = HTMLElement>(root: Element, selector: string): T {
  const el = root.querySelector<T>(selector);
  if (!el) throw new Error(`no element ${selector}`);
  return el;
}
