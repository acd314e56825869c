// @vitest-environment happy-dom
import { cleanup, fireEvent, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { ticketLabel } from '../../../components/popup/identity-picker';
import { explainError } from '../../../lib/cme/errors';
import { createTranslator } from '../../../lib/i18n/i18n';
import type { CallOutcome } from '../../../lib/protocol';
import { deferred, makeAnswer, makeEnvironment, makeTicket } from '../../ui/popup/fakes';
import { $, renderPopup } from './popup-fixtures';
import { failure } from '../../../lib/background/deps';

afterEach(cleanup);

const failingAnswer = () =>
  makeAnswer({
    envelope: {
      ok: false,
      code: 'InvalidParameterValue.MaterialId',
      message: '媒体不存在',
      englishMessage: 'material not exist',
      requestId: 'req-9',
    },
    requestId: 'req-9',
    responseText: '{"Code":"InvalidParameterValue.MaterialId"}',
  });

describe('popup: identity', () => {
  it('labels tickets with platform, user, environment, label and status', () => {
    const t = createTranslator('en');
    const envs = [makeEnvironment()];
    expect(ticketLabel(t, makeTicket({ label: 'qa' }), envs)).toBe(
      'demo_platform / alice · Sandbox · qa · active',
    );
    expect(
      ticketLabel(t, makeTicket({ status: 'rejected', rejectedCode: 'AuthFailure.SessionInvalid' }), envs),
    ).toBe('demo_platform / alice · Sandbox · rejected (AuthFailure.SessionInvalid)');
    expect(
      ticketLabel(createTranslator('zh_CN'), makeTicket({ environment: 'tencent' }), [
        makeEnvironment({ id: 'tencent', kind: 'tencent' }),
      ]),
    ).toBe('demo_platform / alice · 腾讯云 · 有效');
  });

  it('shows the login form right away when no ticket is stored', async () => {
    const { container } = await renderPopup({ tickets: [] });
    expect(container.textContent).toContain('No stored ticket yet');
    expect(container.querySelector('#popup-login-submit')).not.toBeNull();
    expect(container.querySelector('#popup-login-toggle')).toBeNull();
  });

  it('offers "log in again" for a rejected ticket, prefilled with its identity', async () => {
    const rejected = makeTicket({ status: 'rejected', rejectedCode: 'AuthFailure.SessionInvalid' });
    const { container } = await renderPopup({ tickets: [rejected] });
    expect(container.textContent).toContain(
      'The server rejected this ticket with AuthFailure.SessionInvalid.',
    );
    fireEvent.click($(container, '#popup-relogin'));
    expect($<HTMLInputElement>(container, '#popup-login-user').value).toBe('alice');
    expect($<HTMLInputElement>(container, '#popup-login-platform').value).toBe('demo_platform');
    expect($<HTMLSelectElement>(container, '#popup-login-env').value).toBe('env-sandbox');
  });

  it('shows the ticket masked unless revealed', async () => {
    const { container } = await renderPopup();
    const ticket = makeTicket().authorization;
    expect(container.textContent).not.toContain(ticket);
    fireEvent.click($(container, '#popup-reveal'));
    expect(container.textContent).toContain(ticket);
  });
});

describe('popup: sending', () => {
  async function withAction(opts: Parameters<typeof renderPopup>[0] = {}) {
    const r = await renderPopup(opts);
    r.store.selectAction('Material', 'DeleteMaterial');
    await waitFor(() =>
      expect($<HTMLTextAreaElement>(r.container, '#popup-body').value).toContain('MaterialId'),
    );
    return r;
  }

  it('refuses an invalid body, naming the parameter and its line, and sends nothing', async () => {
    const { container, rpc } = await withAction();
    fireEvent.input($(container, '#popup-body'), { target: { value: '{\n  "MaterialId": 7\n}' } });
    fireEvent.click($(container, '#popup-send'));
    await waitFor(() => expect(container.textContent).toContain('Not sent: fix the body first.'));
    expect($(container, '#popup-body-issues').textContent).toContain(
      'Line 2:3 MaterialId should be String, got integer',
    );
    expect(container.querySelector('.popup-gutter-error')?.textContent).toBe('2');
    expect(rpc.paramsOf('call')).toEqual([]);
  });

  it('sends with Ctrl+Enter from the editor and shows the answer', async () => {
    const { container, rpc } = await withAction();
    fireEvent.input($(container, '#popup-body'), { target: { value: '{"MaterialId": "m1"}' } });
    fireEvent.keyDown($(container, '#popup-body'), { key: 'Enter', ctrlKey: true });
    await waitFor(() => expect($(container, '#popup-result').textContent).toContain('Success'));
    expect(rpc.paramsOf('call')).toHaveLength(1);
    expect($(container, '#popup-request-id').textContent).toBe('req-42');
    expect($(container, '#popup-duration').textContent).toBe('42 ms');
    expect(container.querySelectorAll('#popup-result .jt-node').length).toBeGreaterThan(0);
  });

  it('sends once however often Send is clicked, keeping Abort in place meanwhile', async () => {
    const answer = deferred<CallOutcome>();
    const { container, rpc } = await withAction({ handlers: { call: () => answer.promise } });
    fireEvent.input($(container, '#popup-body'), { target: { value: '{"MaterialId": "m1"}' } });
    const send = $<HTMLButtonElement>(container, '#popup-send');
    fireEvent.click(send);
    fireEvent.click(send);
    await waitFor(() => expect(send.disabled).toBe(true));
    fireEvent.click(send);
    expect($<HTMLButtonElement>(container, '#popup-abort').disabled).toBe(false);
    expect($(container, '.popup-sendstatus').textContent).toMatch(/^Sending…/);
    answer.resolve(makeAnswer());
    await waitFor(() => expect(send.disabled).toBe(false));
    expect(rpc.paramsOf('call')).toHaveLength(1);
    expect($<HTMLButtonElement>(container, '#popup-abort').disabled).toBe(true);
  });

  it.each([
    ['en', 'messageEn', 'hintEn'],
    ['zh_CN', 'messageZh', 'hintZh'],
  ] as const)('explains a failing Code in %s', async (lang, message, hint) => {
    const { container } = await withAction({ lang, handlers: { call: failingAnswer } });
    fireEvent.input($(container, '#popup-body'), { target: { value: '{"MaterialId": "nope"}' } });
    fireEvent.click($(container, '#popup-send'));
    const ex = explainError('InvalidParameterValue.MaterialId', 'api')!;
    await waitFor(() => expect($(container, '#popup-result').textContent).toContain(ex[message]));
    expect($(container, '#popup-result').textContent).toContain(ex[hint]!);
    expect($(container, '#popup-result .badge').className).toContain('badge-err');
  });

  it('shows a failure without an answer, and an unreachable background, in words', async () => {
    const { container, store } = await withAction({
      handlers: {
        call: () => failure('network', 'Timed out after 15000 ms'),
      },
    });
    fireEvent.input($(container, '#popup-body'), { target: { value: '{"MaterialId": "m"}' } });
    fireEvent.click($(container, '#popup-send'));
    await waitFor(() =>
      expect(container.textContent).toContain('No answer (network error, timeout or aborted)'),
    );
    expect(container.textContent).toContain('Timed out after 15000 ms');
    expect($(container, '#popup-result .badge').className).toContain('badge-net');
    expect(store.call.result.value?.outcome?.ok).toBe(false);
  });

  it('offers "log in again" when the answer rejected the ticket', async () => {
    const { container } = await withAction({
      handlers: {
        call: () =>
          makeAnswer({
            ticketRejected: true,
            envelope: { ...failingAnswer().envelope, code: 'AuthFailure.SessionInvalid' },
          }),
      },
    });
    fireEvent.input($(container, '#popup-body'), { target: { value: '{"MaterialId": "m"}' } });
    fireEvent.click($(container, '#popup-send'));
    await waitFor(() => expect(container.textContent).toContain('it is now marked rejected'));
  });

  it('re-runs and loads recent calls', async () => {
    const { container, rpc, store } = await renderPopup();
    expect(container.querySelector('.popup-recent-action')?.textContent).toBe('DeleteMaterial');
    fireEvent.click($(container, '.popup-recent-load'));
    expect(store.action.value).toBe('DeleteMaterial');
    expect($<HTMLTextAreaElement>(container, '#popup-body').value).toBe('{\n  "MaterialId": "m1"\n}');
    expect(rpc.paramsOf('call')).toEqual([]);
    fireEvent.click($(container, '.popup-recent-rerun'));
    await waitFor(() => expect(rpc.paramsOf('call')).toHaveLength(1));
  });
});
