// @vitest-environment happy-dom
import { cleanup, render } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { I18nProvider } from '../../components/i18n-context';
import { IdentityView, type IdentityViewProps } from '../../components/identity-view';
import type { Lang } from '../../lib/i18n/i18n';

const TICKET = 'tf_0123456789abcdef0123456789ab27ec';
const USER = { platform: 'my_platform', userId: 'user_001', appId: 1250000000 };

function view(props: IdentityViewProps, lang: Lang = 'en') {
  return render(
    <I18nProvider lang={lang}>
      <IdentityView {...props} />
    </I18nProvider>,
  ).container;
}

/** dt → dd text pairs. */
function pairs(c: Element): [string, string][] {
  const dts = Array.from(c.querySelectorAll('dt'));
  return dts.map((dt) => [dt.textContent ?? '', dt.nextElementSibling?.textContent ?? '']);
}

afterEach(cleanup);

describe('IdentityView', () => {
  it('lists platform, user and app, with the ticket masked', () => {
    const c = view({ user: USER, ticket: TICKET });
    expect(pairs(c)).toEqual([
      ['Platform', 'my_platform'],
      ['UserId', 'user_001'],
      ['AppId', '1250000000'],
      ['Ticket', 'tf_…27ec'],
    ]);
    expect(c.innerHTML).not.toContain(TICKET);
  });

  it('shows the full ticket only when revealed', () => {
    expect(view({ user: USER, ticket: TICKET, reveal: true }).textContent).toContain(TICKET);
  });

  it('shows a dash for unknown fields and no ticket row without a ticket', () => {
    expect(pairs(view({ user: { platform: 'p', userId: null, appId: null } }, 'zh_CN'))).toEqual([
      ['平台', 'p'],
      ['用户 ID', '—'],
      ['AppId', '—'],
    ]);
  });

  it('says the identity is unknown but still shows the ticket', () => {
    const c = view({ user: null, ticket: TICKET });
    expect(c.textContent).toContain('Identity unknown');
    expect(pairs(c)).toEqual([['Ticket', 'tf_…27ec']]);
  });
});
