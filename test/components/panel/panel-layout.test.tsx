// @vitest-environment happy-dom
import { signal } from '@preact/signals';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { PanelLayout, PanelRoot } from '../../../components/panel/panel-root';
import { DEFAULT_SETTINGS } from '../../../lib/settings/settings';
import type { PanelApp } from '../../../lib/ui/panel/boot';
import { answers, apiCall, loginCall, SESSION_START_MS } from '../../cme/factories';
import { logOf, makeUi, renderPanel, settle } from './panel-fixtures';

const session = () =>
  logOf([
    loginCall(),
    apiCall({ action: 'DescribeClass', startedAt: SESSION_START_MS + 10 }),
    apiCall({ action: 'DeleteMaterial', startedAt: SESSION_START_MS + 20, answer: answers.paasError() }),
  ]);

describe('panel layout', () => {
  afterEach(cleanup);

  it.each(['en', 'zh_CN'] as const)('renders toolbar, list and detail in %s', async (lang) => {
    const { rows, bodies } = session();
    const ui = await makeUi(rows, bodies);
    const view = renderPanel(ui, <PanelLayout />, lang);
    expect(view.container.textContent).toContain(lang === 'en' ? 'Preserve log' : '保留日志');
    expect(view.container.querySelectorAll('.cme-row')).toHaveLength(3);
    ui.panel.select(3);
    // The detail pane and the decoder load on first use (slow on a cold test run).
    await waitFor(
      () => expect(view.container.textContent).toContain(lang === 'en' ? 'Material not exist' : '媒体不存在'),
      { timeout: 5000 },
    );
  });

  it('switches to the stats view and back', async () => {
    const { rows, bodies } = session();
    const ui = await makeUi(rows, bodies);
    const view = renderPanel(ui, <PanelLayout />);
    fireEvent.click(screen.getByRole('tab', { name: 'Stats' }));
    // The stats view loads on first use.
    await waitFor(() => expect(view.container.querySelector('[data-table="stats"]')).not.toBeNull(), {
      timeout: 5000,
    });
    fireEvent.click(screen.getByRole('tab', { name: 'Calls' }));
    await settle();
    expect(view.container.querySelector('.cme-list')).not.toBeNull();
  });

  it('shows how many calls the cap dropped', async () => {
    const { rows, bodies } = session();
    const shifted = rows.map((r) => ({ ...r, seq: r.seq + 40 }));
    const ui = await makeUi(shifted, bodies, { maxEntries: 3 });
    const view = renderPanel(ui, <PanelLayout />);
    expect(view.container.querySelector('[data-banner="dropped"]')?.textContent).toBe(
      '40 older calls dropped (at most 3 kept per tab)',
    );
  });
});

describe('panel root', () => {
  afterEach(cleanup);

  it('follows a language change and the theme live', async () => {
    const { rows, bodies } = session();
    const ui = await makeUi(rows, bodies);
    const lang = signal<'en' | 'zh_CN'>('en');
    const theme = signal<'light' | 'dark'>('light');
    const app = { ...ui, lang, theme, settings: DEFAULT_SETTINGS, stop: () => {} } as unknown as PanelApp;
    const root = document.createElement('div');
    const view = render(<PanelRoot app={app} root={root} />);
    ui.panel.select(3);
    await waitFor(() => expect(view.container.querySelector('.cme-detail-body')).not.toBeNull(), {
      timeout: 5000,
    });
    expect(root.dataset.theme).toBe('light');
    lang.value = 'zh_CN';
    theme.value = 'dark';
    // Effects run after paint.
    await settle(150);
    expect(view.container.textContent).toContain('保留日志');
    expect(view.container.textContent).toContain('媒体不存在');
    expect(view.container.querySelectorAll('.cme-row')).toHaveLength(3);
    expect(root.dataset.theme).toBe('dark');
  });
});
