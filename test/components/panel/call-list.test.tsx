// @vitest-environment happy-dom
import { cleanup, fireEvent } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { CallList, visibleRange } from '../../../components/panel/call-list';
import { answers, apiCall, loginCall, SESSION_START_MS } from '../../cme/factories';
import { decoded, makeRow } from '../../ui/panel/fixtures';
import { logOf, makeUi, renderPanel, settle } from './panel-fixtures';

afterEach(cleanup);

const many = (n: number) => Array.from({ length: n }, (_, i) => makeRow({ id: i + 1, seq: i + 1 }));

describe('call list', () => {
  it('keeps the DOM the same size for 100 and 10,000 calls (virtualized)', async () => {
    const small = renderPanel(await makeUi(many(100), new Map()), <CallList />);
    const smallCount = small.container.querySelectorAll('.cme-row').length;
    cleanup();
    const big = renderPanel(await makeUi(many(10_000), new Map()), <CallList />);
    const bigRows = big.container.querySelectorAll('.cme-row').length;
    expect(bigRows).toBe(smallCount);
    expect(bigRows).toBeLessThan(50);
    expect(big.container.querySelectorAll('*').length).toBeLessThan(600);
    expect(big.container.querySelector('.cme-list-body')?.getAttribute('style')).toContain(
      'height: 220000px',
    );
  });

  it('renders the rows of the scrolled-to window', async () => {
    const view = renderPanel(await makeUi(many(10_000), new Map()), <CallList />);
    const scroller = view.container.querySelector('.cme-list-scroller') as HTMLElement;
    scroller.scrollTop = 22 * 5000;
    fireEvent.scroll(scroller);
    await settle();
    const ids = [...view.container.querySelectorAll('.cme-row')].map((r) =>
      Number(r.getAttribute('data-id')),
    );
    expect(ids).toContain(5001);
    expect(Math.min(...ids)).toBeGreaterThan(4980);
  });

  it('shows the first rows when the list leaves the end straight for its top', async () => {
    const view = renderPanel(await makeUi(many(1000), new Map()), <CallList />);
    const ids = () =>
      [...view.container.querySelectorAll('.cme-row')].map((r) => Number(r.getAttribute('data-id')));
    expect(Math.max(...ids())).toBe(1000);
    const scroller = view.container.querySelector('.cme-list-scroller') as HTMLElement;
    scroller.scrollTop = 0;
    fireEvent.scroll(scroller);
    await settle();
    expect(Math.min(...ids())).toBe(1);
    expect(Math.max(...ids())).toBeLessThan(60);
  });

  it('follows new calls at the bottom, and stays where the user scrolled to', async () => {
    const ui = await makeUi(many(1000), new Map());
    const view = renderPanel(ui, <CallList />);
    const ids = () =>
      [...view.container.querySelectorAll('.cme-row')].map((r) => Number(r.getAttribute('data-id')));
    expect(Math.max(...ids())).toBe(1000);
    const shown = () => view.container.querySelector('.cme-list-body')!.textContent ?? '';
    const add = async (i: number, action: string) => {
      // Started after every listed call: listed last (the list is in start-time order).
      const raw = apiCall({ action, startedAt: SESSION_START_MS + 1_000_000 + i });
      ui.panel.add({ raw, decoded: decoded(raw, i) });
      await ui.panel.flush();
      await settle();
    };
    expect(shown()).not.toContain('DescribeJoinTeams');
    await add(1, 'DescribeJoinTeams');
    expect(shown()).toContain('DescribeJoinTeams');
    const scroller = view.container.querySelector('.cme-list-scroller') as HTMLElement;
    scroller.scrollTop = 22 * 100;
    fireEvent.scroll(scroller);
    await settle();
    await add(2, 'DeleteMaterial');
    expect(ids()).toContain(101);
    expect(shown()).not.toContain('DeleteMaterial');
  });

  it.each([
    [0, 0, 480, [0, 0]],
    [10_000, 0, 440, [0, 32]],
    [10_000, 2200, 440, [94, 126]],
    [10_000, 22 * 10_000, 440, [9968, 10_000]],
    [30, 2200, 440, [0, 30]],
  ])('range of %i rows at %i px in %i px', (count, top, height, range) => {
    expect(visibleRange(count, top, height)).toEqual(range);
  });

  it('shows each column, a red badge for an error Code at HTTP 200, and a network failure', async () => {
    const failed = apiCall({ action: 'DescribeTeams', startedAt: SESSION_START_MS + 30 });
    failed.response = null;
    const { rows, bodies } = logOf([
      loginCall(),
      apiCall({ action: 'DeleteMaterial', startedAt: SESSION_START_MS + 20, answer: answers.paasError() }),
      failed,
    ]);
    const view = renderPanel(await makeUi(rows, bodies), <CallList />);
    const [login, error, network] = [...view.container.querySelectorAll('.cme-row')];
    expect(login?.textContent).toContain('Login');
    expect(login?.textContent).toContain('my_platform/user_001');
    expect(error?.querySelector('[data-state="err"]')?.textContent).toBe('InvalidParameterValue.MaterialId');
    expect(error?.textContent).toContain('Material not exist');
    expect(error?.className).toContain('is-failed');
    expect(network?.querySelector('[data-state="net"]')).not.toBeNull();
    expect(network?.textContent).toContain('No response (network failure)');
  });

  it('shows the message in the UI language', async () => {
    const { rows, bodies } = logOf([apiCall({ answer: answers.paasError() })]);
    const view = renderPanel(await makeUi(rows, bodies), <CallList />, 'zh_CN');
    expect(view.container.textContent).toContain('媒体不存在');
    expect(view.container.textContent).toContain('类/接口');
  });

  it('selects by click and moves the selection with the arrow keys', async () => {
    const ui = await makeUi(many(5), new Map());
    const view = renderPanel(ui, <CallList />);
    fireEvent.click(view.container.querySelector('[data-id="2"]')!);
    expect(ui.panel.selectedId.value).toBe(2);
    const scroller = view.container.querySelector('.cme-list-scroller')!;
    fireEvent.keyDown(scroller, { key: 'ArrowDown' });
    expect(ui.panel.selectedId.value).toBe(3);
    fireEvent.keyDown(scroller, { key: 'Home' });
    expect(ui.panel.selectedId.value).toBe(1);
    fireEvent.keyDown(scroller, { key: 'End' });
    expect(ui.panel.selectedId.value).toBe(5);
    fireEvent.keyDown(scroller, { key: 'Escape' });
    expect(ui.panel.selectedId.value).toBeNull();
    await settle();
    expect(view.container.querySelector('[aria-selected="true"]')).toBeNull();
  });

  it.each([
    ['devtools', 'No CME calls yet'],
    ['viewer', 'Import a HAR file'],
  ] as const)('says what to do when the %s log is empty', async (mode, text) => {
    const view = renderPanel(await makeUi([], new Map(), { mode }), <CallList />);
    expect(view.container.textContent).toContain(text);
  });

  it('says when the filter hides every call', async () => {
    const ui = await makeUi(many(3), new Map());
    ui.panel.setQuery('nothing-like-this');
    const view = renderPanel(ui, <CallList />);
    expect(view.container.textContent).toContain('No call matches the filter.');
  });
});
