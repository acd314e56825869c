// @vitest-environment happy-dom
/** The filter box as a combobox: suggestions by keyboard, Escape, invalid terms underlined with reasons. */
import { cleanup, fireEvent, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { FilterBox } from '../../../components/panel/filter-box';
import { answers, apiCall, loginCall, SESSION_START_MS } from '../../cme/factories';
import { decoded } from '../../ui/panel/fixtures';
import { logOf, makeUi, renderPanel } from './panel-fixtures';

afterEach(cleanup);

async function setup(lang?: 'en' | 'zh_CN') {
  const { rows, bodies } = logOf([
    loginCall(),
    apiCall({ action: 'DeleteMaterial', startedAt: SESSION_START_MS + 2, answer: answers.paasError() }),
  ]);
  const ui = await makeUi(rows, bodies);
  const view = renderPanel(ui, <FilterBox />, lang);
  const input = view.container.querySelector<HTMLInputElement>('input[name="filter"]')!;
  const type = (value: string) => {
    input.value = value;
    input.setSelectionRange(value.length, value.length);
    fireEvent.input(input);
  };
  const key = (k: string) => fireEvent.keyDown(input, { key: k });
  const options = () => [...view.container.querySelectorAll('[role="option"]')].map((o) => o.textContent);
  const active = () =>
    document.getElementById(input.getAttribute('aria-activedescendant') ?? '')?.textContent;
  return { ui, view, input, type, key, options, active };
}

describe('filter box', () => {
  it('offers keys then values, moves with the arrows, takes with Enter and Tab, closes with Escape', async () => {
    const { ui, input, type, key, options, active } = await setup();
    type('act');
    await waitFor(() => expect(options()).toEqual(['action:']));
    expect(input.getAttribute('role')).toBe('combobox');
    expect(input.getAttribute('aria-expanded')).toBe('true');
    expect(active()).toBe('action:');
    key('Enter');
    expect(ui.panel.filter.value).toBe('action:');
    await waitFor(() => expect(options()).toEqual(['DeleteMaterial', 'Login']));
    key('ArrowDown');
    expect(active()).toBe('Login');
    key('ArrowDown');
    expect(active()).toBe('DeleteMaterial'); // wraps
    key('ArrowUp');
    key('Tab');
    expect(ui.panel.filter.value).toBe('action:Login ');
    expect(ui.panel.visible.value.map((r) => r.action)).toEqual(['Login']);
    expect(input.getAttribute('aria-expanded')).toBe('false');
    type('action:Login is:');
    await waitFor(() => expect(options()).toContain('failed'));
    key('Escape');
    expect(input.getAttribute('aria-expanded')).toBe('false');
    expect(ui.panel.filter.value).toBe('action:Login is:');
  });

  it('underlines invalid terms and says why, as text the input is described by', async () => {
    const { view, input, type } = await setup('zh_CN');
    type('acton:x is:ok');
    await waitFor(() => expect(view.container.querySelectorAll('[data-filter-error]')).toHaveLength(1));
    const note = document.getElementById(input.getAttribute('aria-describedby')!)!;
    expect(note.textContent).toBe('acton:x 未知的键，是否想用 action:？');
    expect(input.title).toBe('acton:x: 未知的键，是否想用 action:？');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect([...view.container.querySelectorAll('.cme-filter-bad')].map((m) => m.textContent)).toEqual([
      'acton:x',
    ]);
    type('is:ok');
    await waitFor(() => expect(input.getAttribute('aria-describedby')).toBeNull());
    expect(view.container.querySelector('.cme-filter-bad')).toBeNull();
  });

  it('reads the input (a layout) for its own changes only, not for captured calls', async () => {
    const { ui, input, type } = await setup();
    type('media');
    await waitFor(() => expect(ui.panel.filter.value).toBe('media'));
    let reads = 0;
    Object.defineProperty(input, 'scrollLeft', { configurable: true, get: () => (reads++, 0) });
    for (let i = 0; i < 3; i++) {
      const raw = apiCall({ action: 'DescribeMedia', startedAt: SESSION_START_MS + 10 + i });
      ui.panel.add({ raw, decoded: decoded(raw, i) });
      await ui.panel.flush();
    }
    expect(ui.panel.rows.value).toHaveLength(5);
    expect(reads).toBe(0);
    type('media x');
    await waitFor(() => expect(reads).toBeGreaterThan(0));
  });
});
