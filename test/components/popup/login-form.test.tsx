// @vitest-environment happy-dom
import { cleanup, fireEvent, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { signSignature } from '../../../lib/cme/signature';
import { makeTicket } from '../../ui/popup/fakes';
import { $, renderPopup } from './popup-fixtures';

afterEach(cleanup);

const NOW = 1_700_000_000_000;

async function signatureFor(userId: string): Promise<{ sig: string }> {
  const sig = await signSignature(
    { secretId: 'AKIDEXAMPLE', platform: 'demo_platform', userId },
    'SECRETKEYEXAMPLE',
    {
      now: () => NOW,
    },
  );
  return { sig };
}

describe('popup login form', () => {
  it('decodes a pasted signature and shows it before logging in with it', async () => {
    const { sig } = await signatureFor('paste_user');
    const fresh = makeTicket({ id: 't9', userId: 'paste_user' });
    let tickets = [] as ReturnType<typeof makeTicket>[];
    const { container, rpc } = await renderPopup({
      tickets: [],
      handlers: {
        'tickets.list': () => tickets,
        'login.withSignature': () => {
          tickets = [fresh];
          return {
            ok: true,
            ticket: fresh,
            created: true,
            answer: {} as never,
            durationMs: 1,
            historyId: 'h',
          };
        },
      },
    });
    fireEvent.click($(container, '#popup-method-signature'));
    const submit = $<HTMLButtonElement>(container, '#popup-login-submit');
    expect(submit.disabled).toBe(true);
    fireEvent.input($(container, '#popup-login-signature'), { target: { value: sig } });
    await waitFor(() => expect(container.querySelector('.sig-view')).not.toBeNull());
    expect(container.querySelector('.sig-view')?.textContent).toContain('paste_user');
    expect(rpc.paramsOf('login.withSignature')).toEqual([]);
    expect(submit.disabled).toBe(false);
    fireEvent.click(submit);
    await waitFor(() =>
      expect(container.querySelector<HTMLSelectElement>('#popup-ticket')?.value).toBe('t9'),
    );
    expect(rpc.paramsOf('login.withSignature')[0]).toMatchObject({
      signature: sig,
      environmentId: 'tencent',
    });
  });

  it('says when the pasted text is not a CME signature', async () => {
    const { container } = await renderPopup({
      tickets: [],
      handlers: {},
    });
    fireEvent.click($(container, '#popup-method-signature'));
    fireEvent.input($(container, '#popup-login-signature'), { target: { value: 'hello' } });
    await waitFor(() => expect(container.textContent).toContain('This is not a CME signature.'));
    expect(container.textContent).toContain('The signature is not valid Base64.');
  });

  it('warns that production keys belong on a server before local signing', async () => {
    const { container, rpc } = await renderPopup({
      tickets: [],
      handlers: { 'keys.set': () => ({ present: true, secretId: 'AKID…MPLE' }) },
    });
    fireEvent.click($(container, '#popup-method-local'));
    expect(container.textContent).toContain('Production keys belong on your server, never in a browser.');
    fireEvent.input($(container, '#popup-secret-id'), { target: { value: 'AKIDEXAMPLE' } });
    fireEvent.input($(container, '#popup-secret-key'), { target: { value: 'SECRETKEYEXAMPLE' } });
    fireEvent.submit($(container, '#popup-keys-save').closest('form')!);
    await waitFor(() => expect(container.textContent).toContain('Keys for this session: AKID…MPLE'));
    expect(rpc.paramsOf('keys.set')).toEqual([{ secretId: 'AKIDEXAMPLE', secretKey: 'SECRETKEYEXAMPLE' }]);
    expect(container.innerHTML).not.toContain('SECRETKEYEXAMPLE');
  });

  it('shows a refused login with its Code explained', async () => {
    const { container } = await renderPopup({
      tickets: [],
      lang: 'zh_CN',
      handlers: {
        'login.fromDevServer': () => ({
          ok: false,
          stage: 'answer',
          code: 'SignatureExpired',
          message: 'The login was refused',
          serverMessage: null,
          serverEnglishMessage: null,
          httpStatus: 200,
          problems: [],
        }),
      },
    });
    fireEvent.input($(container, '#popup-login-user'), { target: { value: 'u' } });
    fireEvent.click($(container, '#popup-login-submit'));
    await waitFor(() => expect(container.textContent).toContain('服务端拒绝了请求'));
    expect(container.textContent).toContain('SignatureExpired');
    // The error dictionary loads when a Code is first explained.
    await waitFor(() => expect(container.textContent).toContain('签名已过期'));
  });
});
