// @vitest-environment happy-dom
import { cleanup, fireEvent, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { makeAnswer, makeTicket } from '../../ui/popup/fakes';
import { $, renderPopup } from './popup-fixtures';

const TICKET = makeTicket().authorization;

afterEach(cleanup);

function clipboard() {
  const writeText = vi.fn<(text: string) => Promise<void>>(async () => {});
  Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
  return writeText;
}

async function sent() {
  const r = await renderPopup();
  r.store.selectAction('Material', 'DescribeClass');
  fireEvent.click($(r.container, '#popup-send'));
  await waitFor(() => expect($(r.container, '#popup-result').textContent).toContain('Success'));
  return r;
}

function copyButton(root: Element, label: string): HTMLButtonElement {
  const button = Array.from(root.querySelectorAll<HTMLButtonElement>('.popup-copy button')).find((b) =>
    b.textContent?.includes(label),
  );
  if (!button) throw new Error(`no copy button ${label}`);
  return button;
}

describe('copy the call as a snippet', () => {
  it.each(['cURL', 'fetch', 'Web SDK'])('copies %s with the ticket masked', async (label) => {
    const writeText = clipboard();
    const { container } = await sent();
    expect(container.textContent).toContain('(masked)');
    fireEvent.click(copyButton(container, label));
    await waitFor(() => expect(writeText).toHaveBeenCalled());
    const text = writeText.mock.calls[0]![0];
    expect(text).toContain('DescribeClass');
    expect(text).not.toContain(TICKET);
  });

  it('still copies the ticket masked once the header shows it (the switch is for that view only)', async () => {
    const writeText = clipboard();
    const { container } = await sent();
    fireEvent.click($(container, '#popup-reveal'));
    expect($(container, '.popup-identity-detail').textContent).toContain(TICKET);
    expect(container.textContent).toContain('(masked)');
    expect($(container, '#popup-result').textContent).not.toContain(TICKET);
    fireEvent.click(copyButton(container, 'cURL'));
    await waitFor(() => expect(writeText).toHaveBeenCalled());
    expect(writeText.mock.calls[0]![0]).not.toContain(TICKET);
  });

  it('masks the ticket in the raw answer unless revealed', async () => {
    const { container, store } = await renderPopup({
      handlers: { call: () => makeAnswer({ responseText: `{"Echo":"${TICKET}"}` }) },
    });
    store.selectAction('Team', 'DescribeTeams');
    fireEvent.click($(container, '#popup-send'));
    await waitFor(() => expect($(container, '.popup-raw pre').textContent).toContain('Echo'));
    expect($(container, '.popup-raw pre').textContent).not.toContain(TICKET);
  });
});
