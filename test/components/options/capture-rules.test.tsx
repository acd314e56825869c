// @vitest-environment happy-dom
import { cleanup, fireEvent, waitFor } from '@testing-library/preact';
import { fakeBrowser } from 'wxt/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TENCENT_ENVIRONMENT, type EnvironmentRecord } from '../../../lib/store/schema';
import { $ } from '../popup/popup-fixtures';
import { makeEnvironment } from '../../ui/popup/fakes';
import { renderOptions } from './options-fixtures';

beforeEach(() => fakeBrowser.reset());
afterEach(cleanup);

const RULE = { pattern: '/api/cme/<Class>/<Action>', ticket: { in: 'header' as const, name: 'X-CME-Auth' } };

/** The options page over environments that `environments.save` replaces by id, as the store does. */
async function render(uiLanguage = 'en-US') {
  let envs: EnvironmentRecord[] = [TENCENT_ENVIRONMENT, makeEnvironment({ id: 'sb', name: 'Sandbox' })];
  const view = await renderOptions({
    uiLanguage,
    handlers: {
      'environments.list': () => envs,
      'environments.save': (p) => {
        const rec = { ...makeEnvironment({ id: p.id ?? 'new', ...p }), captureRules: p.captureRules ?? [] };
        envs = envs.map((e) => (e.id === rec.id ? rec : e));
        return rec;
      },
    },
  });
  return { ...view, saved: () => envs.find((e) => e.id === 'sb')?.captureRules };
}

const type = (root: HTMLElement, sel: string, value: string) =>
  fireEvent.input($(root, sel), { target: { value } });

describe('options: capture rules of an environment', () => {
  it('adds a rule checked as typed, with the parser error, and saves it with the environment', async () => {
    const { container, rpc, saved } = await render();
    expect(container.querySelector('.options-capture-rules[data-env-id="tencent"]')).toBeNull();
    const rules = $(container, '.options-capture-rules[data-env-id="sb"]');
    expect(rules.textContent).toContain('No capture rules');
    fireEvent.click($(rules, '.options-rule-add'));
    type(container, '#options-rule-sb-new-pattern', '/api/cme/<Class>');
    await waitFor(() =>
      expect($(container, '#options-rule-sb-new-status').textContent).toBe(
        'The pattern needs <Action> (the action name, such as ListMedia)',
      ),
    );
    expect($<HTMLButtonElement>(container, '#options-rule-sb-new-save').disabled).toBe(true);
    type(container, '#options-rule-sb-new-pattern', '/api/cme/<Class>/<Action>');
    type(container, '#options-rule-sb-new-name', 'X-CME-Auth');
    await waitFor(() => expect($(container, '#options-rule-sb-new-status').dataset.ok).toBe('true'));
    fireEvent.submit($(container, '#options-rule-sb-new-form'));
    await waitFor(() => expect(saved()).toEqual([RULE]));
    expect(rpc.paramsOf('environments.save').at(-1)).toMatchObject({
      id: 'sb',
      name: 'Sandbox',
      captureRules: [RULE],
    });
    await waitFor(() => expect(rules.textContent).toContain('/api/cme/<Class>/<Action>;header=X-CME-Auth'));
  });

  it('edits and removes a rule', async () => {
    const { container, saved } = await render();
    fireEvent.click($(container, '.options-rule-add'));
    type(container, '#options-rule-sb-new-pattern', '/api/cme/<Class>/<Action>');
    fireEvent.submit($(container, '#options-rule-sb-new-form'));
    await waitFor(() => expect(saved()).toEqual([RULE]));
    await waitFor(() => $(container, '.options-rule-edit'));
    fireEvent.click($(container, '.options-rule-edit'));
    fireEvent.change($(container, '#options-rule-sb-0-where'), { target: { value: 'body' } });
    type(container, '#options-rule-sb-0-name', 'meta.ticket');
    fireEvent.submit($(container, '#options-rule-sb-0-form'));
    await waitFor(() => expect(saved()).toEqual([{ ...RULE, ticket: { in: 'body', name: 'meta.ticket' } }]));
    await waitFor(() => $(container, '.options-rule-remove'));
    fireEvent.click($(container, '.options-rule-remove'));
    await waitFor(() => expect(saved()).toEqual([]));
  });

  it('says the parser error in Chinese', async () => {
    const { container } = await render('zh-CN');
    fireEvent.click($(container, '.options-rule-add'));
    type(container, '#options-rule-sb-new-pattern', '/api/cme/<Action>');
    await waitFor(() =>
      expect($(container, '#options-rule-sb-new-status').textContent).toBe(
        '模式缺少 <Class>（接口类别，如 Material）',
      ),
    );
  });
});
