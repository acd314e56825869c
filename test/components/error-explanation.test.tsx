// @vitest-environment happy-dom
import { cleanup, render } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { ErrorExplanationView, type ErrorExplanationProps } from '../../components/error-explanation';
import { I18nProvider } from '../../components/i18n-context';
import { explainError } from '../../lib/cme/errors';
import type { Lang } from '../../lib/i18n/i18n';

function view(props: ErrorExplanationProps, lang: Lang = 'en') {
  return render(
    <I18nProvider lang={lang}>
      <ErrorExplanationView {...props} />
    </I18nProvider>,
  ).container;
}

afterEach(cleanup);

describe('ErrorExplanationView', () => {
  it.each([null, 'Success', ''])('renders nothing for %j', (code) => {
    expect(view({ code }).innerHTML).toBe('');
  });

  it.each(['en', 'zh_CN'] as Lang[])('explains a known code in %s with its hint', (lang) => {
    const ex = explainError('SignatureVerifyFail', 'login')!;
    const c = view({ code: 'SignatureVerifyFail', scope: 'login' }, lang);
    expect(c.querySelector('.errx-code')?.textContent).toBe('SignatureVerifyFail');
    expect(c.querySelector('.errx-message')?.textContent).toBe(lang === 'en' ? ex.messageEn : ex.messageZh);
    expect(c.querySelector('.errx-hint')?.textContent).toBe(lang === 'en' ? ex.hintEn : ex.hintZh);
    expect(c.querySelector('.errx-renew')).toBeNull();
    expect(c.textContent).not.toContain('not in the code table');
  });

  it.each([
    ['en', 'The ticket was not accepted: log in again to get a new ticket.'],
    ['zh_CN', '票据未被接受：请重新登录以获取新的票据。'],
  ] as [Lang, string][])('asks to renew the ticket on an AuthFailure (%s), saying it once', (lang, text) => {
    const c = view({ code: 'AuthFailure.InvalidAuthorization' }, lang);
    expect(c.querySelector('.errx-renew')?.textContent).toBe(text);
    expect(c.querySelector('.errx-hint')).toBeNull();
  });

  it('marks an explanation guessed from the code family', () => {
    const c = view({ code: 'ResourceNotFound.Gadget' });
    expect(c.querySelector('.errx-message')?.textContent).toBe(
      explainError('ResourceNotFound.Gadget')!.messageEn,
    );
    expect(c.textContent).toContain('not in the code table');
  });

  it("shows the server's own message in the UI language when it adds something", () => {
    const props = {
      code: 'InvalidParameterValue.Gadget',
      message: '小工具不存在',
      englishMessage: 'gadget gone',
    };
    expect(view(props).querySelector('.errx-said-text')?.textContent).toBe('gadget gone');
    expect(view(props, 'zh_CN').querySelector('.errx-said-text')?.textContent).toBe('小工具不存在');
    expect(view({ code: 'X.Y', message: '只有中文' }).querySelector('.errx-said-text')?.textContent).toBe(
      '只有中文',
    );
  });

  it("hides the server's message when it repeats the explanation", () => {
    const ex = explainError('SignatureVerifyFail')!;
    const c = view({ code: 'SignatureVerifyFail', message: ex.messageZh, englishMessage: ex.messageEn });
    expect(c.querySelector('.errx-said')).toBeNull();
  });
});
