// @vitest-environment happy-dom
import { cleanup, fireEvent } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PanelToolbar } from '../../../components/panel/panel-toolbar';
import { answers, apiCall, loginCall, SESSION_START_MS } from '../../cme/factories';
import { logOf, makeUi, renderPanel, settle } from './panel-fixtures';

afterEach(cleanup);

const session = () =>
  logOf([
    loginCall(),
    apiCall({
      actionClass: 'Team',
      action: 'DescribeTeams',
      startedAt: SESSION_START_MS + 1,
      answer: answers.paasOk({ TeamSet: [] }),
    }),
    apiCall({ action: 'DeleteMaterial', startedAt: SESSION_START_MS + 2, answer: answers.paasError() }),
  ]);

const input = (el: Element | null) => el as HTMLInputElement;

describe('panel toolbar', () => {
  it('filters by text (bodies too), /regex/ and the menus (which write terms), and counts what is listed', async () => {
    const { rows, bodies } = session();
    const ui = await makeUi(rows, bodies);
    const view = renderPanel(ui, <PanelToolbar />);
    expect(view.container.textContent).toContain('3 / 3 calls');
    fireEvent.input(view.container.querySelector('input[name="filter"]')!, { target: { value: 'teamset' } });
    expect(ui.panel.visible.value.map((r) => r.action)).toEqual(['DescribeTeams']);
    await settle();
    expect(view.container.textContent).toContain('1 / 3 calls');
    fireEvent.input(view.container.querySelector('input[name="filter"]')!, {
      target: { value: '/^(login|x/' },
    });
    await settle();
    expect(ui.panel.filterError.value).toBeTruthy();
    expect(view.container.querySelector('.cme-filter.is-invalid')).not.toBeNull();
    expect(view.container.querySelector('[data-filter-error="bad-regex"]')?.textContent).toContain(
      'Invalid regular expression',
    );
    fireEvent.input(view.container.querySelector('input[name="filter"]')!, { target: { value: '' } });
    const status = view.container.querySelector<HTMLSelectElement>('select[name="status"]')!;
    fireEvent.change(status, { target: { value: 'failed' } });
    expect(ui.panel.filter.value).toBe('is:failed');
    expect(ui.panel.visible.value.map((r) => r.action)).toEqual(['DeleteMaterial']);
    fireEvent.change(status, { target: { value: '' } });
    expect(ui.panel.filter.value).toBe('');
    // The select owns is:ok/failed/injected/recorded only: a typed is:replayed or is:login stays.
    ui.panel.setQuery('is:login');
    await settle();
    fireEvent.change(status, { target: { value: 'ok' } });
    expect(ui.panel.filter.value).toBe('is:login is:ok');
    expect(status.value).toBe('ok');
    fireEvent.change(status, { target: { value: '' } });
    expect(ui.panel.filter.value).toBe('is:login');
    ui.panel.setQuery('');
    fireEvent.change(view.container.querySelector('select[name="class"]')!, { target: { value: 'Team' } });
    expect(ui.panel.filter.value).toBe('class:Team');
    expect(ui.panel.visible.value).toHaveLength(1);
    // A term typed in the box shows in its select, in the options' case.
    ui.panel.setQuery('code:success');
    await settle();
    expect(view.container.querySelector<HTMLSelectElement>('select[name="code"]')!.value).toBe('Success');
  });

  it('offers the distinct classes, actions, Codes and identities', async () => {
    const { rows, bodies } = session();
    const view = renderPanel(await makeUi(rows, bodies), <PanelToolbar />);
    const options = (name: string) =>
      [...view.container.querySelectorAll(`select[name="${name}"] option`)].map((o) =>
        o.getAttribute('value'),
      );
    expect(options('class')).toEqual(['', 'Material', 'Team']);
    expect(options('action')).toEqual(['', 'DeleteMaterial', 'DescribeTeams', 'Login']);
    expect(options('code')).toEqual(['', 'InvalidParameterValue.MaterialId', 'Success']);
    expect(options('identity')).toEqual(['', 'my_platform/user_001']);
  });

  it('toggles Preserve log and clears the log; has no panel-wide Reveal', async () => {
    const { rows, bodies } = session();
    const ui = await makeUi(rows, bodies);
    const view = renderPanel(ui, <PanelToolbar />);
    fireEvent.click(view.container.querySelector('input[name="preserve"]')!);
    expect(view.container.querySelector('input[name="reveal"]')).toBeNull();
    expect(ui.panel.preserveLog.value).toBe(true);
    fireEvent.click(view.container.querySelector('button[name="clear"]')!);
    await settle();
    expect(ui.panel.rows.value).toEqual([]);
  });

  it('exports through a download link that stays for another download', async () => {
    const { rows, bodies } = session();
    const ui = await makeUi(rows, bodies);
    ui.exportHar = async () => ({ name: 'cme-calls.har', text: '{"log":{}}', count: 3 });
    const created = vi.spyOn(URL, 'createObjectURL').mockReturnValue('blob:test/1');
    const view = renderPanel(ui, <PanelToolbar />);
    fireEvent.click(view.container.querySelector('button[name="export"]')!);
    await settle(10);
    const link = view.container.querySelector('a[data-export]');
    expect(link?.getAttribute('href')).toBe('blob:test/1');
    expect(link?.getAttribute('download')).toBe('cme-calls.har');
    expect(link?.textContent).toBe('Exported 3 calls');
    expect(created).toHaveBeenCalledOnce();
    created.mockRestore();
  });

  it('imports a HAR in the viewer, and opens the viewer from DevTools', async () => {
    const viewer = await makeUi([], new Map(), { mode: 'viewer' });
    const imported: string[] = [];
    viewer.importHar = async (f) => void imported.push(`${f.name} ${f.size}`);
    const view = renderPanel(viewer, <PanelToolbar />);
    expect(view.container.querySelector('input[name="preserve"]')).toBeNull();
    const file = new File(['{"log":{"entries":[]}}'], 'demo.har', { type: 'application/json' });
    fireEvent.change(view.container.querySelector('input[name="import"]')!, { target: { files: [file] } });
    await settle(20);
    expect(imported).toEqual(['demo.har 22']);
    cleanup();
    const devtools = await makeUi([], new Map());
    const opened = vi.fn();
    devtools.openViewer = opened;
    const panel = renderPanel(devtools, <PanelToolbar />);
    expect(input(panel.container.querySelector('input[name="import"]'))).toBeNull();
    fireEvent.click(panel.container.querySelector('button[name="viewer"]')!);
    expect(opened).toHaveBeenCalledOnce();
  });
});
