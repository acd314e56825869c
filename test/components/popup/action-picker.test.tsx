// @vitest-environment happy-dom
import { cleanup, fireEvent, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import type { Lang } from '../../../lib/i18n/i18n';
import { $, renderPopup } from './popup-fixtures';

afterEach(cleanup);

function options(root: Element): string[] {
  return Array.from(root.querySelectorAll('[role="option"]')).map((o) => o.getAttribute('data-path') ?? '');
}

describe('action picker', () => {
  it('searches by zh or en title and by name, grouped by class', async () => {
    const { container } = await renderPopup();
    const input = $(container, '#popup-action');
    fireEvent.input(input, { target: { value: '删除媒体' } });
    expect(options(container)[0]).toBe('Material/DeleteMaterial');
    fireEvent.input(input, { target: { value: 'teams' } });
    const groups = Array.from(container.querySelectorAll('[role="group"]')).map((g) =>
      g.getAttribute('aria-label'),
    );
    expect(groups[0]).toBe('Team');
    expect(input.getAttribute('aria-expanded')).toBe('true');
  });

  it('works by keyboard: arrows move, Enter picks and fills the template, Esc closes', async () => {
    const { container, store } = await renderPopup();
    const input = $(container, '#popup-action');
    fireEvent.input(input, { target: { value: 'DescribeClass' } });
    fireEvent.keyDown(input, { key: 'ArrowDown' });
    const active = input.getAttribute('aria-activedescendant');
    expect(active && container.querySelector(`#${active}`)?.getAttribute('aria-selected')).toBe('true');
    fireEvent.keyDown(input, { key: 'ArrowUp' });
    fireEvent.keyDown(input, { key: 'Enter' });
    expect([store.actionClass.value, store.action.value]).toEqual(['Material', 'DescribeClass']);
    expect(input.getAttribute('aria-expanded')).toBe('false');
    expect((input as HTMLInputElement).value).toBe('Material/DescribeClass');
    expect(JSON.parse(store.body.value)).toEqual({
      Platform: 'demo_platform',
      Owner: { Type: 'PERSON', Id: 'alice' },
    });
    expect(container.querySelector('.popup-param-required code')?.textContent).toBe('Platform*');
    fireEvent.input(input, { target: { value: 'List' } });
    fireEvent.keyDown(input, { key: 'Escape' });
    expect(container.querySelector('[role="listbox"]')).toBeNull();
    expect((input as HTMLInputElement).value).toBe('Material/DescribeClass');
  });

  it('sends on Enter while the list is closed', async () => {
    const { container, rpc, store } = await renderPopup();
    store.selectAction('Team', 'DescribeTeams');
    fireEvent.keyDown($(container, '#popup-action'), { key: 'Enter' });
    await new Promise((r) => setTimeout(r, 0));
    expect(rpc.paramsOf('call')).toHaveLength(1);
  });

  it('takes an action typed by hand as Class/Action, checking only the JSON', async () => {
    const { container, store } = await renderPopup();
    const input = $(container, '#popup-action');
    fireEvent.input(input, { target: { value: 'Material/BrandNewAction' } });
    expect(options(container).at(-1)).toBe('Material/BrandNewAction');
    expect(container.textContent).toContain('Use Material/BrandNewAction (not in the catalogue)');
    fireEvent.click(container.querySelector('[data-path="Material/BrandNewAction"]')!);
    expect(store.action.value).toBe('BrandNewAction');
    expect(container.textContent).toContain('Not in the catalogue: only the JSON syntax is checked.');
  });

  it.each([
    ['en', 'platform ID', 'owner of the category: {Type: PERSON|TEAM, Id}'],
    ['zh_CN', '平台 ID', '分类的归属者：{Type: PERSON|TEAM, Id}'],
  ] as [Lang, string, string][])(
    'gives each parameter its note in the UI language as a tooltip (%s)',
    async (lang, platformNote, ownerNote) => {
      const { container, store } = await renderPopup({ lang });
      store.selectAction('Material', 'ListMedia');
      await waitFor(() => expect(container.querySelectorAll('.popup-param')).toHaveLength(5));
      const titles = Array.from(container.querySelectorAll('.popup-param')).map((li) => [
        li.querySelector('code')?.textContent,
        li.getAttribute('title'),
      ]);
      expect(titles.slice(0, 3)).toEqual([
        ['Platform*', platformNote],
        ['ClassId*', lang === 'zh_CN' ? '要浏览的分类 ID' : 'category ID to browse'],
        ['Owner*', ownerNote],
      ]);
    },
  );

  it('says when nothing matches', async () => {
    const { container } = await renderPopup({ lang: 'zh_CN' });
    fireEvent.input($(container, '#popup-action'), { target: { value: 'zzzz' } });
    expect(container.textContent).toContain('没有匹配的接口。');
  });
});
