// @vitest-environment happy-dom
import { cleanup, fireEvent, render } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { DiffView, type DiffViewProps } from '../../components/diff-view';
import { I18nProvider } from '../../components/i18n-context';
import type { Lang } from '../../lib/i18n/i18n';

const TICKET_A = 'tf_0123456789abcdef0123456789ab27ec';
const TICKET_B = 'tf_fedcba9876543210fedcba987654ffff';

function view(props: DiffViewProps, lang: Lang = 'en') {
  return render(
    <I18nProvider lang={lang}>
      <DiffView {...props} />
    </I18nProvider>,
  );
}

function rows(c: Element) {
  return Array.from(c.querySelectorAll('tbody tr')).map((tr) =>
    Array.from(tr.querySelectorAll('td')).map((td) => td.textContent),
  );
}

afterEach(cleanup);

describe('DiffView', () => {
  it('lists nested, array and type changes with before and after', () => {
    const before = { Code: 'Success', Data: { Total: 2, Items: ['a', 'b'], Flag: 1 } };
    const after = { Code: 'Success', Data: { Total: 3, Items: ['a', 'b', 'c'], Flag: '1', New: null } };
    const { container } = view({ before, after });
    expect(container.querySelector('.diff-summary')?.textContent).toBe(
      '4 differences: 2 added, 0 removed, 2 changed',
    );
    expect(rows(container)).toEqual([
      ['Data.Total', 'changed', '2', '3'],
      ['Data.Items[2]', 'added', '', '"c"'],
      ['Data.Flag', 'changedtype number → string', '1', '"1"'],
      ['Data.New', 'added', '', 'null'],
    ]);
    expect(
      Array.from(container.querySelectorAll('tbody tr')).map((tr) => tr.getAttribute('data-kind')),
    ).toEqual(['changed', 'added', 'changed', 'added']);
  });

  it('shows removed entries and the root path', () => {
    const { container } = view({ before: [1, 2], after: 'x' }, 'zh_CN');
    expect(rows(container)).toEqual([['（根）', '修改类型 array → string', '[1,2]', '"x"']]);
    cleanup();
    expect(rows(view({ before: { gone: { a: 1 } }, after: {} }).container)).toEqual([
      ['gone', 'removed', '{"a":1}', ''],
    ]);
  });

  it('says when there is no difference', () => {
    expect(view({ before: { a: [1] }, after: { a: [1] } }).container.textContent).toBe('No differences');
    expect(view({ before: 1, after: 1 }, 'zh_CN').container.textContent).toContain('无差异');
  });

  it('masks secrets in the values shown but still reports their change', () => {
    const before = { Data: { Authorization: TICKET_A, Inner: { auth: TICKET_A } } };
    const after = { Data: { Authorization: TICKET_B, Inner: { auth: TICKET_B } } };
    const { container } = view({ before, after });
    expect(rows(container)).toEqual([
      ['Data.Authorization', 'changed', '"tf_…27ec"', '"tf_…ffff"'],
      ['Data.Inner.auth', 'changed', '"tf_…27ec"', '"tf_…ffff"'],
    ]);
    expect(container.innerHTML).not.toContain(TICKET_A);
    expect(container.innerHTML).not.toContain(TICKET_B);
    cleanup();
    const added = view({ before: {}, after: { Data: { Authorization: TICKET_B } } }).container;
    expect(added.innerHTML).not.toContain(TICKET_B);
    cleanup();
    expect(view({ before, after, mask: false }).container.textContent).toContain(TICKET_B);
  });

  it('pages long diffs', () => {
    const before = Array.from({ length: 25 }, (_, i) => i);
    const after = before.map((i) => i + 1);
    const { container, getByRole } = view({ before, after, pageSize: 10 });
    expect(container.querySelectorAll('tbody tr').length).toBe(10);
    fireEvent.click(getByRole('button', { name: 'Show 10 more (of 25)' }));
    fireEvent.click(getByRole('button', { name: 'Show 5 more (of 25)' }));
    expect(container.querySelectorAll('tbody tr').length).toBe(25);
  });
});
