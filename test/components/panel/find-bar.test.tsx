// @vitest-environment happy-dom
import { cleanup, fireEvent, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { CallDetail } from '../../../components/panel/call-detail';
import type { RawCall } from '../../../lib/cme/types';
import { FIND_DEBOUNCE_MS } from '../../../lib/ui/panel/find-session';
import { answers, apiCall, FAKE_TICKET, jsonBody } from '../../cme/factories';
import { logOf, makeUi, renderPanel, settle } from './panel-fixtures';

afterEach(cleanup);

const PAD = 'y'.repeat(6000);

function call(): RawCall {
  return apiCall({
    action: 'CreateClass',
    body: { Name: 'needle one', Pad: `${PAD} needle-7f3 `, Note: FAKE_TICKET },
    answer: answers.paasOk({
      Items: Array.from({ length: 150 }, (_, i) => ({ Id: i, Name: i === 120 ? 'Needle deep' : 'x' })),
    }),
  });
}

async function shown(raws: RawCall[] = [call()]) {
  const { rows, bodies } = logOf(raws);
  const ui = await makeUi(rows, bodies);
  const view = renderPanel(ui, <CallDetail />);
  ui.panel.select(1);
  await waitFor(() => expect(ui.detail.state.value.status).toBe('ready'), { timeout: 5000 });
  await settle(5);
  return { ui, view };
}

const key = (init: KeyboardEventInit, target: Element | Document = document) =>
  fireEvent(target, new KeyboardEvent('keydown', { bubbles: true, cancelable: true, ...init }));

const input = (view: { container: Element }) =>
  view.container.querySelector<HTMLInputElement>('input[name="find"]');
const count = (view: { container: Element }) =>
  view.container.querySelector('[data-find-count]')?.textContent ?? '';
const current = (view: { container: Element }) =>
  view.container.querySelector('[data-find-current]')?.textContent ?? null;
const selectedTab = (view: { container: Element }) =>
  view.container.querySelector('[role="tab"][aria-selected="true"]')?.getAttribute('name');

async function type(view: { container: Element }, text: string) {
  const box = input(view)!;
  box.value = text;
  fireEvent.input(box);
  await settle(FIND_DEBOUNCE_MS + 30);
}

describe('find bar', () => {
  it('opens on Ctrl+F (default prevented), finds past 2,048 characters across both bodies, and moves', async () => {
    const { view } = await shown();
    const before = view.container.querySelector<HTMLElement>('button[name="tab-request"]')!;
    before.focus();
    const ev = key({ key: 'f', code: 'KeyF', ctrlKey: true }, before);
    expect(ev).toBe(false); // preventDefault
    await settle();
    expect(document.activeElement).toBe(input(view));

    await type(view, 'needle');
    // Opened on Overview: the first match's tab (Request) is shown, its match current.
    expect(count(view)).toBe('1 / 3 · Request');
    expect(selectedTab(view)).toBe('tab-request');
    await settle(5);
    expect(current(view)?.toLowerCase()).toBe('needle');
    // Pad's match lies past the 300 characters its string shows while not current.
    expect(view.container.querySelectorAll('mark.find-mark')).toHaveLength(1);

    // The second match is 6,000 characters into Pad: the long string is shown in full for it.
    key({ key: 'Enter' }, input(view)!);
    await settle(5);
    expect(count(view)).toBe('2 / 3 · Request');
    const pad = view.container.querySelector('[data-find-current]')!.parentElement!.textContent!;
    expect(pad).toContain('needle-7f3');
    expect(view.container.querySelectorAll('mark.find-mark')).toHaveLength(2);

    // F3 moves on into the response: its tab, its tree paged and opened to Items[120].
    key({ key: 'F3' });
    await settle(5);
    expect(count(view)).toBe('3 / 3 · Response');
    await waitFor(() => expect(selectedTab(view)).toBe('tab-response'));
    await waitFor(() => expect(current(view)).toBe('Needle'));
    // Shift+Enter back; previous from the first wraps to the last.
    key({ key: 'Enter', shiftKey: true }, input(view)!);
    await settle(5);
    expect(count(view)).toBe('2 / 3 · Request');
    await waitFor(() => expect(selectedTab(view)).toBe('tab-request'));
  });

  it('matches case on request, says when nothing matches, never finds a ticket in clear', async () => {
    const { view } = await shown();
    key({ key: 'f', metaKey: true });
    await settle();
    await type(view, 'Needle');
    expect(count(view)).toMatch(/^1 \/ 3/);
    // Enter that ends an IME composition does not move.
    key({ key: 'Enter', isComposing: true }, input(view)!);
    await settle(5);
    expect(count(view)).toMatch(/^1 \/ 3/);
    fireEvent.click(view.container.querySelector('button[name="find-case"]')!);
    await settle(5);
    expect(count(view)).toBe('1 / 1 · Response');
    await type(view, FAKE_TICKET.slice(0, 20));
    expect(count(view)).toBe('No matches');
    expect(view.container.querySelector('mark')).toBeNull();
  });

  it('searches the raw view when a body is shown raw, and Escape closes and gives focus back', async () => {
    const { view } = await shown();
    fireEvent.click(view.container.querySelector('button[name="tab-request"]')!);
    await settle();
    fireEvent.click(view.container.querySelector('[data-body="request"] .cme-body-switch button')!);
    await settle();
    expect(view.container.querySelector('[data-body="request"]')?.getAttribute('data-view')).toBe('raw');
    const back = view.container.querySelector<HTMLElement>('[data-body="request"] .cme-body-switch button')!;
    back.focus();
    key({ key: 'f', ctrlKey: true }, back);
    await settle();
    await type(view, 'needle-7f3');
    expect(count(view)).toBe('1 / 1 · Request');
    expect(view.container.querySelector('pre.cme-raw [data-find-current]')?.textContent).toBe('needle-7f3');
    key({ key: 'Escape' }, input(view)!);
    await settle();
    expect(input(view)).toBeNull();
    expect(view.container.querySelector('mark')).toBeNull();
    expect(document.activeElement).toBe(back);
  });

  it('leaves Ctrl+F to the browser while no call is open', async () => {
    const { ui, view } = await shown();
    ui.panel.select(null);
    await settle(5);
    expect(key({ key: 'f', ctrlKey: true })).toBe(true);
    expect(input(view)).toBeNull();
  });
});

describe('find bar on a body nested 100,000 levels', () => {
  it('counts the match, says it is too deep for the tree, and finds it in Raw', async () => {
    let text = '"needle"';
    for (let i = 0; i < 100_000; i++) text = `{"a":${text}}`;
    const deep = apiCall({ action: 'ListMedia' });
    deep.request.body = jsonBody(text);
    const { view } = await shown([deep]);
    key({ key: 'f', ctrlKey: true });
    await settle();
    await type(view, 'needle');
    expect(count(view)).toBe('1 / 1 · Request');
    expect(view.container.querySelector('.cme-find-note')?.textContent).toMatch(/too deep/);
    await waitFor(() => expect(selectedTab(view)).toBe('tab-request'));
    fireEvent.click(view.container.querySelector('[data-body="request"] .cme-body-switch button')!);
    await settle(5);
    expect(count(view)).toBe('1 / 1 · Request');
    expect(view.container.querySelector('pre.cme-raw [data-find-current]')?.textContent).toBe('needle');
    expect(view.container.querySelector('.cme-find-note')).toBeNull();
    expect(view.container.querySelector('[data-view-failed]')).toBeNull();
  });
});
