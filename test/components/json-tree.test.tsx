// @vitest-environment happy-dom
import { cleanup, fireEvent, render } from '@testing-library/preact';
import type { ComponentChildren } from 'preact';
import { afterEach, describe, expect, it } from 'vitest';
import { I18nProvider } from '../../components/i18n-context';
import { JsonTree } from '../../components/json-tree';
import type { Lang } from '../../lib/i18n/i18n';

const TICKET = 'tf_0123456789abcdef0123456789abcdef';

function renderIn(ui: ComponentChildren, lang: Lang = 'en') {
  return render(<I18nProvider lang={lang}>{ui}</I18nProvider>);
}

/** A ListMedia-like Data object of about 50 KB. */
function bigData() {
  const items = Array.from({ length: 300 }, (_, i) => ({
    MaterialId: `m${String(i).padStart(6, '0')}`,
    Name: `material number ${i}`,
    ClassPath: '/media/uploads',
    Owner: { Type: 'PERSON', Id: 'user_001' },
    Tags: ['a', 'b'],
    CreateTime: '2023-11-14T22:15:00Z',
  }));
  return { TotalCount: items.length, MaterialInfoSet: items };
}

const nodes = (c: Element) => c.querySelectorAll('.jt-node').length;
const toggleFor = (c: Element, key: string) => {
  const btn = Array.from(c.querySelectorAll<HTMLButtonElement>('.jt-toggle')).find(
    (b) => b.querySelector(':scope > .jt-key, :scope > .jt-index')?.textContent === key,
  );
  if (!btn) throw new Error(`no toggle for ${key}`);
  return btn;
};

afterEach(cleanup);

describe('JsonTree', () => {
  it('renders a primitive root with its JSON type class', () => {
    const { container } = renderIn(<JsonTree value={42} />);
    expect(container.querySelector('.jt-number')?.textContent).toBe('42');
  });

  it('opens the root by default and keeps nested nodes collapsed, with a preview', () => {
    const { container } = renderIn(
      <JsonTree
        value={{ Code: 'Success', Data: { AppId: 1, Platform: 'p', Items: [1, 2] }, Ok: true, Nil: null }}
      />,
    );
    const root = container.querySelector('.jt-toggle')!;
    expect(root.getAttribute('aria-expanded')).toBe('true');
    expect(container.querySelector('.jt-string')?.textContent).toBe('"Success"');
    expect(container.querySelector('.jt-boolean')?.textContent).toBe('true');
    expect(container.querySelector('.jt-null')?.textContent).toBe('null');
    const data = toggleFor(container, 'Data');
    expect(data.getAttribute('aria-expanded')).toBe('false');
    expect(data.textContent).toContain('{3}');
    expect(data.querySelector('.jt-preview')?.textContent).toBe('{AppId: 1, Platform: "p", Items: […]}');
    // Collapsed: Data's children are not in the DOM.
    expect(container.textContent).not.toContain('AppId: 1Platform');
    expect(nodes(container)).toBe(5);
  });

  it('expands and collapses on click, rendering children only while open', () => {
    const { container } = renderIn(<JsonTree value={{ Data: { Inner: { Deep: 'x' } } }} />);
    const data = toggleFor(container, 'Data');
    fireEvent.click(data);
    expect(data.getAttribute('aria-expanded')).toBe('true');
    expect(toggleFor(container, 'Inner')).toBeTruthy();
    expect(nodes(container)).toBe(3);
    fireEvent.click(data);
    expect(data.getAttribute('aria-expanded')).toBe('false');
    expect(nodes(container)).toBe(2);
  });

  it.each([
    [0, 1],
    [1, 3],
    [2, 4],
    [5, 5],
  ])('expandDepth %d renders %d nodes', (depth, count) => {
    const { container } = renderIn(<JsonTree value={{ a: { b: { c: 1 } }, d: 2 }} expandDepth={depth} />);
    expect(nodes(container)).toBe(count);
  });

  it('stays lazy on a 50 KB Data object and pages big arrays by 100', () => {
    const data = bigData();
    expect(JSON.stringify(data).length).toBeGreaterThan(50_000);
    const { container } = renderIn(<JsonTree value={data} />);
    // Lazy: the root and its two fields only, none of the 300 items (render time is the benchmark's).
    expect(nodes(container)).toBe(3);
    expect(container.textContent).not.toContain('m000000');

    fireEvent.click(toggleFor(container, 'MaterialInfoSet'));
    // 100 items + the "show more" row, all collapsed.
    expect(container.querySelectorAll('.jt-children .jt-children > .jt-node').length).toBe(101);
    expect(container.textContent).toContain('Show 100 more (of 300)');
    expect(container.textContent).not.toContain('m000100');

    fireEvent.click(container.querySelector('.jt-more')!);
    expect(container.querySelectorAll('.jt-children .jt-children > .jt-node').length).toBe(201);
    expect(container.querySelector('.jt-more')?.textContent).toBe('Show 100 more (of 300)');
    fireEvent.click(container.querySelector('.jt-more')!);
    expect(container.querySelectorAll('.jt-children .jt-children > .jt-node').length).toBe(300);
    expect(container.querySelector('.jt-more')).toBeNull();
    // Items are collapsed: their fields are not rendered, only the previews.
    expect(container.querySelectorAll('.jt-leaf').length).toBe(1);
  });

  it('pages a big object by its keys with a custom page size', () => {
    const value = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`k${i}`, i]));
    const { container } = renderIn(<JsonTree value={value} pageSize={5} />, 'zh_CN');
    expect(container.querySelectorAll('.jt-leaf .jt-number').length).toBe(5);
    expect(container.querySelector('.jt-more')?.textContent).toBe('再显示 5 项（共 12 项）');
  });

  it('truncates long strings and expands them on request', () => {
    const long = 'x'.repeat(1000);
    const { container, getByRole } = renderIn(<JsonTree value={{ s: long }} stringLimit={50} />);
    const text = () => container.querySelector('.jt-leaf .jt-string')!.textContent!;
    expect(text()).toContain(`"${'x'.repeat(50)}…"`);
    expect(text()).not.toContain('x'.repeat(51));
    fireEvent.click(getByRole('button', { name: 'show all 1000 chars' }));
    expect(text()).toContain(`"${long}"`);
    fireEvent.click(getByRole('button', { name: 'collapse' }));
    expect(text()).not.toContain('x'.repeat(51));
  });

  it('masks secret fields by default and shows them with mask={false}', () => {
    const value = {
      Data: { Authorization: TICKET, Nested: [{ VerifySign: 'F9yi6VNwc42SaxI+CcRaQPAV4XJz==' }] },
    };
    const masked = renderIn(<JsonTree value={value} expandDepth={9} />);
    expect(masked.container.innerHTML).not.toContain(TICKET);
    expect(masked.container.textContent).toContain('"tf_…cdef"');
    expect(masked.container.textContent).toContain('"F9yi6V…Jz=="');
    cleanup();
    const shown = renderIn(<JsonTree value={value} expandDepth={9} mask={false} />);
    expect(shown.container.textContent).toContain(TICKET);
  });

  it('is keyboard driven: arrows open, close and move between nodes', () => {
    const { container } = renderIn(<JsonTree value={{ a: { b: { c: 1 } }, d: { e: 2 } }} />);
    const a = toggleFor(container, 'a');
    a.focus();
    fireEvent.keyDown(a, { key: 'ArrowRight' });
    expect(a.getAttribute('aria-expanded')).toBe('true');
    fireEvent.keyDown(a, { key: 'ArrowRight' });
    const b = toggleFor(container, 'b');
    expect(document.activeElement).toBe(b);
    fireEvent.keyDown(b, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(toggleFor(container, 'd'));
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowUp' });
    expect(document.activeElement).toBe(b);
    fireEvent.keyDown(b, { key: 'ArrowLeft' });
    expect(document.activeElement).toBe(a);
    fireEvent.keyDown(a, { key: 'ArrowLeft' });
    expect(a.getAttribute('aria-expanded')).toBe('false');
    expect(container.querySelectorAll('.jt-toggle').length).toBe(3);
  });

  it('shows empty objects and arrays as leaves', () => {
    const { container } = renderIn(<JsonTree value={{ o: {}, a: [] }} />);
    expect(Array.from(container.querySelectorAll('.jt-empty')).map((e) => e.textContent)).toEqual([
      '{}',
      '[]',
    ]);
    expect(container.querySelectorAll('.jt-toggle').length).toBe(1);
  });
});
