// @vitest-environment happy-dom
import { cleanup, fireEvent, render, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { I18nProvider } from '../../components/i18n-context';
import { TicketView, type TicketViewProps } from '../../components/ticket-view';
import type { Lang } from '../../lib/i18n/i18n';

const TICKET = 'tf_0123456789abcdef0123456789ab27ec';

function view(props: Partial<TicketViewProps> = {}, lang: Lang = 'en') {
  return render(
    <I18nProvider lang={lang}>
      <TicketView ticket={TICKET} reveal={false} stored={null} {...props} />
    </I18nProvider>,
  );
}

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

describe('TicketView', () => {
  it('never puts the full ticket in the DOM unless revealed', () => {
    const { container } = view({ onReveal: () => {}, onSave: () => {}, stored: false });
    expect(container.innerHTML).not.toContain(TICKET);
    expect(container.innerHTML).not.toContain(TICKET.slice(3, 20));
    expect(container.querySelector('.ticket-value')?.textContent).toBe('tf_…27ec');
  });

  it('shows the full ticket when revealed', () => {
    const { container } = view({ reveal: true });
    expect(container.querySelector('.ticket-value')?.textContent).toBe(TICKET);
  });

  it('toggles reveal through onReveal, with the pressed state', () => {
    const onReveal = vi.fn();
    const { getByRole, rerender } = view({ onReveal });
    const btn = getByRole('button', { name: 'Show' });
    expect(btn.getAttribute('aria-pressed')).toBe('false');
    fireEvent.click(btn);
    expect(onReveal).toHaveBeenCalledTimes(1);
    rerender(
      <I18nProvider lang="en">
        <TicketView ticket={TICKET} reveal stored={null} onReveal={onReveal} />
      </I18nProvider>,
    );
    expect(getByRole('button', { name: 'Hide' }).getAttribute('aria-pressed')).toBe('true');
  });

  it('has no reveal button without onReveal', () => {
    expect(view().queryByRole('button', { name: 'Show' })).toBeNull();
  });

  it.each([
    [true, 'Saved in an environment', false],
    [false, 'Not saved', true],
    [null, null, false],
  ] as [boolean | null, string | null, boolean][])('stored %s → %s', (stored, text, hasSave) => {
    const onSave = vi.fn();
    const { container, queryByRole } = view({ stored, onSave });
    expect(container.querySelector('.ticket-stored')?.textContent ?? null).toBe(text);
    const save = queryByRole('button', { name: 'Save to environment' });
    expect(save !== null).toBe(hasSave);
    if (save) {
      fireEvent.click(save);
      expect(onSave).toHaveBeenCalledTimes(1);
    }
  });

  it('copies what it shows: the masked ticket unless revealed', async () => {
    const writeText = vi.fn(async () => {});
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    const masked = view();
    fireEvent.click(masked.getByRole('button', { name: 'Copy' }));
    await waitFor(() => expect(writeText).toHaveBeenLastCalledWith('tf_…27ec'));
    cleanup();
    const shown = view({ reveal: true });
    fireEvent.click(shown.getByRole('button', { name: 'Copy' }));
    await waitFor(() => expect(writeText).toHaveBeenLastCalledWith(TICKET));
  });

  it('speaks Chinese', () => {
    const { container } = view({ stored: false, onSave: () => {}, onReveal: () => {} }, 'zh_CN');
    expect(container.textContent).toContain('未保存');
    expect(container.textContent).toContain('保存到环境');
  });
});
