// @vitest-environment happy-dom
import { cleanup, fireEvent, waitFor } from '@testing-library/preact';
import { fakeBrowser } from 'wxt/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SETTINGS_KEY } from '../../../lib/settings/settings';
import { $ } from '../popup/popup-fixtures';
import { renderOptions } from './options-fixtures';

beforeEach(() => fakeBrowser.reset());
afterEach(cleanup);

const access = (root: Element, name: string) =>
  root.querySelector<HTMLElement>(`.options-env-row[data-env-name="${name}"] .options-access`)?.dataset
    .access;

describe('options: environments and host access', () => {
  it('shows each environment with its host access', async () => {
    const { container } = await renderOptions();
    await waitFor(() => expect(access(container, 'Tencent Cloud')).toBe('granted'));
    expect(access(container, 'Sandbox')).toBe('missing');
    expect(
      container.querySelector('.options-env-row[data-env-name="Tencent Cloud"] .options-grant'),
    ).toBeNull();
    expect(
      container.querySelector('.options-env-row[data-env-name="Tencent Cloud"] .options-env-delete'),
    ).toBeNull();
  });

  it('asks for access from the click itself and shows the answer', async () => {
    const { container, permissions, prompts } = await renderOptions();
    await waitFor(() => expect(access(container, 'Sandbox')).toBe('missing'));
    fireEvent.click($(container, '.options-env-row[data-env-name="Sandbox"] .options-grant'));
    // Synchronously, inside the click: the browser's prompt is open.
    expect(permissions.request).toHaveBeenCalledWith({ origins: ['http://127.0.0.1:8787/*'] });
    await waitFor(() => expect(access(container, 'Sandbox')).toBe('asking'));
    expect(container.textContent).toContain("waiting for your answer in the browser's prompt");
    prompts[0]!.answer(true);
    await waitFor(() => expect(access(container, 'Sandbox')).toBe('granted'));
  });

  it('adds an environment, asking for its host in the same submit', async () => {
    const { container, permissions, rpc } = await renderOptions();
    fireEvent.input($(container, '#options-env-name'), { target: { value: 'Proxy' } });
    fireEvent.input($(container, '#options-env-login'), {
      target: { value: 'https://proxy.example.com/cme/' },
    });
    fireEvent.submit($(container, '#options-env-form'));
    expect(permissions.request).toHaveBeenCalledWith({ origins: ['https://proxy.example.com/*'] });
    await waitFor(() => expect(access(container, 'Proxy')).toBe('asking'));
    expect(rpc.paramsOf('environments.save')).toEqual([
      { name: 'Proxy', loginUrl: 'https://proxy.example.com/cme', apiBase: 'https://proxy.example.com/cme' },
    ]);
    await waitFor(() => expect($<HTMLInputElement>(container, '#options-env-name').value).toBe(''));
  });

  it('fills in the local sandbox, and says what is wrong with a bad form', async () => {
    const { container, permissions } = await renderOptions();
    fireEvent.click($(container, '#options-env-sandbox'));
    expect($<HTMLInputElement>(container, '#options-env-login').value).toBe('http://127.0.0.1:8787');
    fireEvent.input($(container, '#options-env-login'), { target: { value: 'localhost:8787' } });
    fireEvent.submit($(container, '#options-env-form'));
    await waitFor(() => expect(container.textContent).toContain('The login URL must be an http(s) URL.'));
    expect(permissions.request).not.toHaveBeenCalled();
  });

  it('deletes a custom environment', async () => {
    const { container } = await renderOptions();
    fireEvent.click($(container, '.options-env-row[data-env-name="Sandbox"] .options-env-delete'));
    await waitFor(() => expect(container.querySelectorAll('.options-env-row')).toHaveLength(1));
  });
});

describe('options: settings', () => {
  it('shows a corrupt stored value as a note naming the setting, never a blank page', async () => {
    await fakeBrowser.storage.local.set({
      [SETTINGS_KEY]: { version: 2, maxEntriesPerTab: -5, language: 'xx' },
    });
    const { container } = await renderOptions();
    const notes = $(container, '#options-notes').textContent;
    expect(notes).toContain('“Calls kept per inspected tab” had an invalid value');
    expect(notes).toContain('“Language” had an invalid value');
    expect($<HTMLInputElement>(container, '#options-max-entries').value).toBe('10000');
  });

  it('saves a valid number, refuses an invalid one beside its field', async () => {
    const { container } = await renderOptions();
    const input = $<HTMLInputElement>(container, '#options-max-entries');
    fireEvent.change(input, { target: { value: '50' } });
    await waitFor(() => expect(container.textContent).toContain('Not saved: 100 – 100000'));
    fireEvent.change(input, { target: { value: '2.5' } });
    await waitFor(() =>
      expect($(container, '#options-error-maxEntriesPerTab').title).toBe('a whole number is needed'),
    );
    fireEvent.change(input, { target: { value: '500' } });
    await waitFor(() => expect(container.textContent).toContain('Saved'));
    const stored = (await fakeBrowser.storage.local.get(SETTINGS_KEY))[SETTINGS_KEY] as Record<
      string,
      unknown
    >;
    expect(stored.maxEntriesPerTab).toBe(500);
  });

  it('stores the dev-server URL template and masking', async () => {
    const { container, page } = await renderOptions();
    fireEvent.change($(container, '#options-dev-server'), {
      target: { value: ' http://localhost:3000/sign?u={userId} ' },
    });
    await waitFor(() =>
      expect(page.settings.value.devServerUrlTemplate).toBe('http://localhost:3000/sign?u={userId}'),
    );
    await waitFor(() => expect(container.textContent).toContain('Saved'));
    fireEvent.change($(container, '#options-dev-server'), { target: { value: 'ftp://x' } });
    await waitFor(() =>
      expect(container.textContent).toContain('Not saved: an http:// or https:// URL, or empty'),
    );
    fireEvent.click($(container, '#options-reveal'));
    await waitFor(() => expect(page.settings.value.revealSecrets).toBe(true));
  });

  it('follows the language choice live, "follow the browser" naming the browser\'s', async () => {
    const { container } = await renderOptions({ uiLanguage: 'zh-CN' });
    expect(container.textContent).toContain('跟随浏览器（简体中文）');
    fireEvent.click($(container, '#options-language-en'));
    await waitFor(() => expect(container.textContent).toContain('Host access'));
    await waitFor(() => expect(document.documentElement.lang).toBe('en'));
    fireEvent.click($(container, '#options-language-auto'));
    await waitFor(() => expect(container.textContent).toContain('主机权限'));
  });
});

describe('options: keys and data', () => {
  it('keeps keys for the session, masked, and forgets them now', async () => {
    const { container, rpc } = await renderOptions({
      handlers: {
        'keys.set': () => ({ present: true, secretId: 'AKID…MPLE' }),
        'keys.forget': () => ({ present: false, secretId: null }),
      },
    });
    expect(container.textContent).toContain('For a TEST platform only');
    fireEvent.input($(container, '#options-secret-id'), { target: { value: 'AKIDEXAMPLE' } });
    fireEvent.input($(container, '#options-secret-key'), { target: { value: 'SECRETKEYEXAMPLE' } });
    fireEvent.click($(container, '#options-keys-save'));
    await waitFor(() => expect(container.textContent).toContain('Keys for this session: AKID…MPLE'));
    fireEvent.click($(container, '#options-keys-forget'));
    await waitFor(() => expect(container.textContent).toContain('No keys in this session.'));
    expect(rpc.calls.map((c) => c.method)).toEqual(expect.arrayContaining(['keys.set', 'keys.forget']));
  });

  it('clears data only after a confirmation that shows the counts', async () => {
    const { container, rpc } = await renderOptions();
    fireEvent.click($(container, '#options-clear'));
    await waitFor(() => expect(container.querySelector('#options-confirm')).not.toBeNull());
    const text = $(container, '#options-confirm').textContent;
    expect(text).toContain('Tickets (3)');
    expect(text).toContain('Call history (12)');
    expect(text).toContain('Captured calls (40)');
    await waitFor(() => expect(document.activeElement?.id).toBe('options-clear-tickets'));
    fireEvent.click($(container, '#options-clear-captures'));
    fireEvent.click($(container, '#options-clear-confirm'));
    await waitFor(() => expect(container.textContent).toContain('Cleared.'));
    expect(rpc.paramsOf('data.clear')).toEqual([{ stores: ['tickets', 'history'] }]);
    expect($(container, '#options-counts').textContent).toBe(
      '0 tickets · 0 history rows · 40 captured calls · 2 environments',
    );
  });

  it('cancels the confirmation with Esc', async () => {
    const { container, rpc } = await renderOptions();
    fireEvent.click($(container, '#options-clear'));
    await waitFor(() => expect(container.querySelector('#options-confirm')).not.toBeNull());
    fireEvent.keyDown($(container, '#options-confirm'), { key: 'Escape' });
    await waitFor(() => expect(container.querySelector('#options-confirm')).toBeNull());
    expect(rpc.paramsOf('data.clear')).toEqual([]);
  });

  it('exports a JSON download', async () => {
    const { container, download } = await renderOptions({
      handlers: { 'history.list': () => [], 'tickets.list': () => [] },
    });
    fireEvent.click($(container, '#options-export'));
    await waitFor(() => expect(download).toHaveBeenCalled());
    const [name, text] = download.mock.calls[0]!;
    expect(name).toMatch(/^cme-devtools-\d{4}-\d{2}-\d{2}\.json$/);
    expect(JSON.parse(text)).toMatchObject({ format: 'cme-devtools-export', masked: true });
    expect(container.textContent).toContain('Exported.');
  });
});
