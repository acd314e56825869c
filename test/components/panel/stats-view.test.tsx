// @vitest-environment happy-dom
import { cleanup } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { StatsView } from '../../../components/panel/stats-view';
import { makeRow } from '../../ui/panel/fixtures';
import { makeUi, renderPanel } from './panel-fixtures';

afterEach(cleanup);

describe('stats view', () => {
  it('shows count, p50, p95 and error rate per action, and a timeline', async () => {
    const rows = [
      makeRow({ id: 1, durationMs: 10 }),
      makeRow({ id: 2, durationMs: 20 }),
      makeRow({ id: 3, durationMs: 30, ok: false, code: 'InternalError' }),
      makeRow({ id: 4, actionClass: null, action: 'Login', kind: 'login', durationMs: 100 }),
    ];
    const view = renderPanel(await makeUi(rows, new Map()), <StatsView />);
    const lines = [...view.container.querySelectorAll('[data-table="stats"] tbody tr')].map((tr) =>
      [...tr.querySelectorAll('td')].map((td) => td.textContent),
    );
    expect(lines).toEqual([
      ['/Material/ListMedia', '3', '20 ms', '29 ms', '33.3%'],
      ['Login', '1', '100 ms', '100 ms', '0.0%'],
    ]);
    expect(view.container.querySelector('svg')).not.toBeNull();
    expect(view.container.textContent).toContain('Over the 4 listed calls');
  });

  it('follows the filter, and says when there is nothing to summarise', async () => {
    const ui = await makeUi([makeRow({ id: 1 })], new Map());
    ui.panel.setQuery('is:failed');
    const view = renderPanel(ui, <StatsView />, 'zh_CN');
    expect(view.container.textContent).toBe('没有可统计的调用。');
  });
});
