// @vitest-environment happy-dom
import { cleanup, render } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { ErrorExplanationView, type ErrorExplanationProps } from '../../components/error-explanation';
import { I18nProvider } from '../../components/i18n-context';
import { ERROR_ROWS } from '../../lib/cme/error-data';
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

describe('ErrorExplanationView: where the entry comes from', () => {
  const LINES: Record<string, Record<Lang, string>> = {
    'client-docs': { en: "From CME's client API docs.", zh_CN: '来自 CME 客户端 API 文档。' },
    'server-docs': {
      en: 'Not documented by CME for the client API: a server API (API 3.0) code.',
      zh_CN: 'CME 未为客户端 API 记录此错误码：这是服务端 API（API 3.0）的错误码。',
    },
    'third-party': {
      en: "Not in CME's docs: seen only in third-party code.",
      zh_CN: '不在 CME 文档中：仅见于第三方代码。',
    },
    sandbox: { en: "Not a CME code: our sandbox's own.", zh_CN: '不是 CME 的错误码：本地沙箱自定义。' },
  };
  const MARKS = {
    translation: { en: 'our translation', zh_CN: '我们的译文' },
    wording: { en: 'our wording', zh_CN: '我们的措辞' },
  } as const;

  // code, scope, source, the mark on the message in en and in zh_CN
  const CASES: [string, 'login' | 'api', string, keyof typeof MARKS | null, keyof typeof MARKS | null][] = [
    ['InvalidParameterValue.MaterialId', 'api', 'client-docs', null, null],
    ['SignatureVerifyFail', 'login', 'client-docs', null, null],
    ['InvalidParameterValue', 'api', 'client-docs', 'translation', null],
    ['MissingParameter', 'api', 'server-docs', 'translation', null],
    ['InvalidParameterValue.TeamId', 'api', 'server-docs', 'translation', null],
    ['AuthFailure.SessionInvalid', 'api', 'third-party', 'wording', 'wording'],
    ['InvalidParameter.JsonParse', 'api', 'sandbox', 'wording', 'wording'],
    ['SignatureExpired', 'login', 'sandbox', 'wording', 'wording'],
  ];

  describe.each(['en', 'zh_CN'] as Lang[])('in %s', (lang) => {
    it.each(CASES)('%s (%s): the %s line', (code, scope, source, markEn, markZh) => {
      const c = view({ code, scope }, lang);
      const line = c.querySelector('.errx-source');
      expect(line?.textContent).toBe(LINES[source]![lang]);
      expect(line?.getAttribute('data-source')).toBe(source);
      const mark = lang === 'en' ? markEn : markZh;
      const badge = c.querySelector('.errx-mark');
      if (mark === null) expect(badge).toBeNull();
      else {
        expect(badge?.textContent).toBe(MARKS[mark][lang]);
        expect(badge?.getAttribute('title')).toBeTruthy();
      }
      expect(c.textContent).not.toContain(lang === 'en' ? 'not in the code table' : '未收录');
    });

    it('keeps only the family-guess badge for an unknown code', () => {
      const c = view({ code: 'ResourceNotFound.Gadget', scope: 'api' }, lang);
      expect(c.querySelector('.errx-source')).toBeNull();
      expect(c.querySelector('.errx-mark')).toBeNull();
      expect(c.textContent).toContain(lang === 'en' ? 'not in the code table' : '未收录');
    });

    it('marks the message exactly where the one shown is not CME’s own text', () => {
      const codes = new Set(ERROR_ROWS.map((r) => r.code).filter((code) => code !== 'Success'));
      for (const code of codes) {
        const ex = explainError(code, 'api')!;
        const official = lang === 'en' ? ex.official.en : ex.official.zh;
        const c = view({ code, scope: 'api' }, lang);
        expect(c.querySelector('.errx-mark') !== null, code).toBe(!official);
        expect(c.querySelector('.errx-source')?.getAttribute('data-source'), code).toBe(ex.source);
        cleanup();
      }
    });
  });
});
