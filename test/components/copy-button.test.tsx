// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CopyButton, copyToClipboard } from '../../components/copy-button';
import { I18nProvider } from '../../components/i18n-context';
import type { Lang } from '../../lib/i18n/i18n';

function setClipboard(writeText: ((text: string) => Promise<void>) | undefined) {
  Object.defineProperty(navigator, 'clipboard', {
    value: writeText ? { writeText } : undefined,
    configurable: true,
  });
}

function setExecCommand(impl: ((cmd: string) => boolean) | undefined) {
  Object.defineProperty(document, 'execCommand', { value: impl, configurable: true, writable: true });
}

function view(text: () => string, lang: Lang = 'en', label?: string) {
  return render(
    <I18nProvider lang={lang}>
      <CopyButton text={text} label={label} />
    </I18nProvider>,
  );
}

const visibleLabel = (c: Element) => c.querySelector('.copy-btn-label:not(.is-hidden)')?.textContent;

afterEach(() => {
  cleanup();
  vi.useRealTimers();
  setExecCommand(undefined);
});

describe('CopyButton', () => {
  it('copies text() at click time and says so, then goes back', async () => {
    vi.useFakeTimers();
    const writeText = vi.fn(async (_t: string) => {});
    setClipboard(writeText);
    let value = 'first';
    const { container, getByRole } = view(() => value);
    value = 'second';
    expect(visibleLabel(container)).toBe('Copy');
    fireEvent.click(getByRole('button'));
    await vi.waitFor(() => expect(visibleLabel(container)).toBe('Copied'));
    expect(writeText).toHaveBeenCalledWith('second');
    expect(container.querySelector('[role="status"]')?.textContent).toBe('Copied');
    await act(async () => {
      vi.advanceTimersByTime(2000);
    });
    expect(visibleLabel(container)).toBe('Copy');
  });

  it('keeps every label in the DOM so the width does not change', () => {
    const { container } = view(() => '', 'zh_CN', '复制 cURL');
    expect(Array.from(container.querySelectorAll('.copy-btn-label')).map((e) => e.textContent)).toEqual([
      '复制 cURL',
      '已复制',
      '复制失败',
    ]);
  });

  it('falls back to a textarea when the clipboard API refuses', async () => {
    setClipboard(async () => {
      throw new Error('Document is not focused');
    });
    const seen: string[] = [];
    setExecCommand((cmd) => {
      seen.push(`${cmd}:${(document.activeElement as HTMLTextAreaElement | null)?.value ?? ''}`);
      return true;
    });
    const { container, getByRole } = view(() => 'payload');
    fireEvent.click(getByRole('button'));
    await waitFor(() => expect(visibleLabel(container)).toBe('Copied'));
    expect(seen).toEqual(['copy:payload']);
    expect(document.querySelector('textarea')).toBeNull();
  });

  it('says when copying failed both ways', async () => {
    setClipboard(undefined);
    setExecCommand(() => false);
    const { container, getByRole } = view(() => 'x');
    fireEvent.click(getByRole('button'));
    await waitFor(() => expect(visibleLabel(container)).toBe('Copy failed'));
  });

  it('copyToClipboard never throws', async () => {
    setClipboard(undefined);
    setExecCommand(() => {
      throw new Error('boom');
    });
    await expect(copyToClipboard('x')).resolves.toBe(false);
  });
});
