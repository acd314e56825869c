// @vitest-environment happy-dom
import { cleanup, render } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { CodeBadge, codeBadgeState, type CodeBadgeProps } from '../../components/code-badge';
import { I18nProvider } from '../../components/i18n-context';
import type { Lang } from '../../lib/i18n/i18n';

function badge(props: CodeBadgeProps, lang: Lang = 'en') {
  const { container } = render(
    <I18nProvider lang={lang}>
      <CodeBadge {...props} />
    </I18nProvider>,
  );
  return container.querySelector('.code-badge') as HTMLElement;
}

afterEach(cleanup);

describe('CodeBadge', () => {
  it.each([
    ['Success at 200', { code: 'Success', ok: true, httpStatus: 200 }, 'badge-ok', 'Success'],
    [
      'an error Code at HTTP 200',
      { code: 'AuthFailure', ok: false, httpStatus: 200 },
      'badge-err',
      'AuthFailure',
    ],
    [
      'an error Code at HTTP 500',
      { code: 'InternalError', ok: false, httpStatus: 500 },
      'badge-err',
      'InternalError · 500',
    ],
    ['no response (status 0)', { code: null, ok: false, httpStatus: 0 }, 'badge-net', 'No response'],
    [
      'status 0 even with a stale Code',
      { code: 'Success', ok: true, httpStatus: 0 },
      'badge-net',
      'No response',
    ],
    ['a response with no Code', { code: null, ok: false, httpStatus: 502 }, 'badge-muted', '? 502'],
    [
      'success without a Code (current login shape)',
      { code: null, ok: true, httpStatus: 200 },
      'badge-ok',
      'OK',
    ],
  ] as [string, CodeBadgeProps, string, string][])('%s → %s "%s"', (_name, props, cls, label) => {
    const el = badge(props);
    expect(el.classList.contains(cls)).toBe(true);
    expect(el.textContent).toBe(label);
    for (const other of ['badge-ok', 'badge-err', 'badge-net', 'badge-muted'].filter((c) => c !== cls))
      expect(el.classList.contains(other)).toBe(false);
  });

  it('says why an HTTP 200 is still an error', () => {
    expect(badge({ code: 'AuthFailure', ok: false, httpStatus: 200 }).title).toBe(
      'Error: HTTP 200, but the Code is not Success',
    );
  });

  it('speaks Chinese', () => {
    expect(badge({ code: null, ok: false, httpStatus: 0 }, 'zh_CN').textContent).toBe('无响应');
    expect(badge({ code: 'AuthFailure', ok: false, httpStatus: 200 }, 'zh_CN').title).toContain(
      '不是 Success',
    );
  });
});

describe('codeBadgeState', () => {
  it.each([
    [{ code: 'Success', ok: true, httpStatus: 200 }, 'ok'],
    [{ code: 'X', ok: false, httpStatus: 200 }, 'err'],
    [{ code: null, ok: false, httpStatus: 0 }, 'net'],
    [{ code: null, ok: false, httpStatus: 404 }, 'unknown'],
  ] as [CodeBadgeProps, string][])('%j → %s', (props, want) => {
    expect(codeBadgeState(props)).toBe(want);
  });
});
