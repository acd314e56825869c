// @vitest-environment happy-dom
/**
 * Unknown parameters in the panel: the list row's badge (count, and a title naming each with the documented
 * one it likely meant) and the detail's full sentence, in English and Chinese.
 */
import { cleanup, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { CallDetail } from '../../../components/panel/call-detail';
import { CallList } from '../../../components/panel/call-list';
import { unknownParamsTitle } from '../../../components/panel/call-row';
import { createTranslator, type Lang } from '../../../lib/i18n/i18n';
import { answers, apiCall, loginCall, SESSION_START_MS } from '../../cme/factories';
import { makeRow } from '../../ui/panel/fixtures';
import { logOf, makeUi, renderPanel, settle } from './panel-fixtures';

afterEach(cleanup);

const deleteTask = (body: Record<string, unknown>, at = 10) =>
  apiCall({
    actionClass: 'Task',
    action: 'DeleteTask',
    body,
    startedAt: SESSION_START_MS + at,
    answer: answers.paasOk(),
  });

async function list(raws = [loginCall(), deleteTask({ taskId: 't-1' })], lang: Lang = 'en') {
  const { rows, bodies } = logOf(raws);
  const ui = await makeUi(rows, bodies);
  return { ui, view: renderPanel(ui, <CallList />, lang) };
}

const badges = (c: Element) =>
  [...c.querySelectorAll('.cme-unknown-badge')].map((b) => [b.textContent, b.getAttribute('title')]);

describe('unknown parameters in the call list', () => {
  it.each([
    ['en', '1 unknown parameter', 'taskId — did you mean TaskId?'],
    ['zh_CN', '1 个未知参数', 'taskId — 是否应为 TaskId？'],
  ] as [Lang, string, string][])('badges the row of a call with one (%s)', async (lang, text, title) => {
    const { view } = await list(undefined, lang);
    expect(badges(view.container)).toEqual([[text, title]]);
    const [login, call] = [...view.container.querySelectorAll('.cme-row')];
    expect(login?.querySelector('.cme-unknown-badge')).toBeNull();
    // The badge sits in the action cell, which stays shown while the detail is open.
    const cell = call?.querySelector('.cme-cell-action.has-badge');
    expect(cell?.querySelector('.cme-action-label')?.textContent).toBe('Task/DeleteTask');
    expect(cell?.querySelector('.cme-unknown-badge')).not.toBeNull();
  });

  it('counts in the plural, names each with or without a suggestion, and says how many more', async () => {
    const { view } = await list([
      deleteTask({ TaskId: 't', taskid: 1, Foo: 2 }, 1),
      deleteTask({ TaskId: 't', a: 1, b: 2, c: 3, d: 4, e: 5 }, 2),
    ]);
    expect(badges(view.container)).toEqual([
      ['2 unknown parameters', 'taskid — did you mean TaskId?\nFoo'],
      ['5 unknown parameters', 'a\nb\nc\n… and 2 more'],
    ]);
  });

  it('shows no badge on a call whose body the catalogue knows', async () => {
    const { view } = await list([deleteTask({ TaskId: 't-1' })]);
    expect(view.container.querySelectorAll('.cme-row')).toHaveLength(1);
    expect(view.container.querySelector('.cme-unknown-badge')).toBeNull();
    expect(view.container.querySelector('.has-badge')).toBeNull();
  });

  it('keeps the DOM of 10,000 badged rows as small as 30 plain ones', async () => {
    const unknownParams = { count: 1, names: [{ param: 'taskId', suggestion: 'TaskId' }] };
    const rows = Array.from({ length: 10_000 }, (_, i) => makeRow({ id: i + 1, seq: i + 1, unknownParams }));
    const ui = await makeUi(rows, new Map());
    const view = renderPanel(ui, <CallList />);
    const shown = view.container.querySelectorAll('.cme-row').length;
    expect(shown).toBeLessThan(50);
    expect(view.container.querySelectorAll('.cme-unknown-badge')).toHaveLength(shown);
    expect(view.container.querySelectorAll('*').length).toBeLessThan(700);
  });

  it('builds the title through the masker, like the row message', () => {
    const t = createTranslator('en');
    const title = unknownParamsTitle(
      { count: 1, names: [{ param: 'tf_secret', suggestion: 'TaskId' }] },
      t,
      (s) => s.replace('tf_secret', 'tf_…'),
    );
    expect(title).toBe('tf_… — did you mean TaskId?');
  });
});

describe('unknown parameters in the call detail', () => {
  it.each([
    [
      'en',
      'Unknown parameter taskId — did you mean TaskId? CME ignores parameters it does not know, without an error.',
    ],
    ['zh_CN', '未知参数 taskId — 是否应为 TaskId？CME 会忽略它不认识的参数，且不报错。'],
  ] as [Lang, string][])('says the full sentence in the Overview (%s)', async (lang, sentence) => {
    const { rows, bodies } = logOf([loginCall(), deleteTask({ taskId: 't-1' })]);
    const ui = await makeUi(rows, bodies);
    const view = renderPanel(ui, <CallDetail />, lang);
    ui.panel.select(2);
    await waitFor(() => expect(ui.detail.state.value.status).not.toBe('loading'), { timeout: 5000 });
    await settle(5);
    const items = [...view.container.querySelectorAll('[data-section="catalogue"] .cat-findings li')];
    const unknown = items.find((li) => li.getAttribute('data-problem') === 'unknown');
    expect(unknown?.textContent).toContain(sentence);
    // CME's own answer would only say TaskId is missing; both are listed.
    expect(items.map((li) => li.getAttribute('data-problem'))).toEqual(['missing', 'unknown']);
  });

  it('says a name with no likely spelling without a guess', async () => {
    const { rows, bodies } = logOf([deleteTask({ TaskId: 't', Extra: 1 })]);
    const ui = await makeUi(rows, bodies);
    const view = renderPanel(ui, <CallDetail />);
    ui.panel.select(1);
    await waitFor(() => expect(ui.detail.state.value.status).not.toBe('loading'), { timeout: 5000 });
    await settle(5);
    expect(view.container.querySelector('.cat-findings li[data-problem="unknown"]')?.textContent).toBe(
      'unknownUnknown parameter Extra. CME ignores parameters it does not know, without an error.',
    );
  });
});
