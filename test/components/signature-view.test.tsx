// @vitest-environment happy-dom
import { cleanup, fireEvent, render, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { I18nProvider } from '../../components/i18n-context';
import {
  formatLocalDateTime,
  formatSpan,
  SignatureView,
  type SignatureViewProps,
} from '../../components/signature-view';
import { decodeSignature, verifySignature } from '../../lib/cme/signature';
import { createTranslator, type Lang } from '../../lib/i18n/i18n';
import { FAKE_SECRET_KEY, VECTOR, VECTOR_SIGNATURE } from '../cme/factories';

type Sig = SignatureViewProps['signature'];

function signature(overrides: Partial<Sig> = {}): Sig {
  return { ...decodeSignature(VECTOR_SIGNATURE), expired: false, ...overrides };
}

function view(props: Partial<SignatureViewProps> = {}, lang: Lang = 'en') {
  return render(
    <I18nProvider lang={lang}>
      <SignatureView signature={signature()} atMs={1700000100_000} {...props} />
    </I18nProvider>,
  );
}

/** th → td text of the fields table. */
function field(c: Element, name: string): string | undefined {
  const th = Array.from(c.querySelectorAll('th')).find((e) => e.textContent === name);
  return th?.nextElementSibling?.textContent ?? undefined;
}

afterEach(cleanup);

describe('SignatureView', () => {
  it('lists the decoded fields', () => {
    const { container } = view();
    expect(field(container, 'action')).toBe('Login');
    expect(field(container, 'platform')).toBe(VECTOR.platform);
    expect(field(container, 'userId')).toBe(VECTOR.userId);
    expect(field(container, 'secretId')).toBe(VECTOR.secretId);
    expect(field(container, 'random')).toBe('123456');
    // Masked: the HMAC with the plaintext would rebuild the whole signature.
    expect(field(container, 'HMAC-SHA1')).toBe('17dc…e172 Show');
    expect(field(container, 'validity')).toBe('5 min');
  });

  it('shows times as epoch seconds, local date-time and relative to the call', () => {
    const { container } = view();
    expect(field(container, 'currentTimeStamp')).toBe(
      `1700000000${formatLocalDateTime(1700000000_000)} · 1 min 40 s before the call`,
    );
    expect(field(container, 'expireTime')).toBe(
      `1700000300${formatLocalDateTime(1700000300_000)} · 3 min 20 s after the call`,
    );
  });

  it.each([
    ['en', false, 1700000100_000, 'Valid at the time of the call (3 min 20 s left)', 'note-ok'],
    ['zh_CN', false, 1700000100_000, '调用时有效（剩余 3 分 20 秒）', 'note-ok'],
    ['en', true, 1700000400_000, 'Expired at the time of the call (1 min 40 s earlier)', 'note-err'],
    ['zh_CN', true, 1700004080_000, '调用时已过期（已过期 1 小时 3 分钟）', 'note-err'],
    ['en', true, 1700003900_000, 'Expired at the time of the call (1 h earlier)', 'note-err'],
    ['en', null, 1700000100_000, 'Valid at the time of the call (3 min 20 s left)', 'note-ok'],
  ] as [Lang, boolean | null, number, string, string][])(
    '%s, expired %s at %d: "%s"',
    (lang, expired, atMs, text, cls) => {
      const { container } = view({ signature: signature({ expired }), atMs }, lang);
      const status = container.querySelector('.sig-status')!;
      expect(status.textContent).toBe(text);
      expect(status.classList.contains(cls)).toBe(true);
    },
  );

  it('warns when signed well ahead of the call (clock skew)', () => {
    const { container } = view({ atMs: 1699999000_000 });
    expect(container.querySelector('.sig-future')?.textContent).toBe(
      "Signed 16 min 40 s ahead of the call: check the signing server's clock",
    );
  });

  it('says when the text is not a CME signature and lists the problems', () => {
    const decoded = decodeSignature('definitely not a signature');
    const { container } = view({ signature: { ...decoded, expired: null } });
    expect(container.querySelector('.sig-status')?.textContent).toBe('Not a CME signature');
    expect(decoded.problems.length).toBeGreaterThan(0);
    const items = Array.from(container.querySelectorAll('.sig-problems li')).map((li) => li.textContent);
    expect(items).toEqual(decoded.problems);
  });

  it('lists problems of a readable signature', () => {
    const { container } = view({ signature: signature({ problems: ['duplicate field "random"'] }) });
    expect(container.querySelector('.sig-problems h4')?.textContent).toBe('Problems (1)');
    expect(container.querySelector('.sig-problems li')?.textContent).toBe('duplicate field "random"');
  });

  it('verifies with a SecretKey through onVerify, then forgets the key', async () => {
    const onVerify = vi.fn((key: string) => verifySignature(VECTOR_SIGNATURE, key));
    const { container, getByRole, getByPlaceholderText } = view({ onVerify });
    const input = getByPlaceholderText('SecretKey') as HTMLInputElement;
    expect(input.type).toBe('password');
    const button = getByRole('button', { name: 'Verify' }) as HTMLButtonElement;
    expect(button.disabled).toBe(true);

    fireEvent.input(input, { target: { value: FAKE_SECRET_KEY } });
    fireEvent.submit(container.querySelector('form')!);
    await waitFor(() =>
      expect(container.querySelector('.sig-verify-result')?.textContent).toBe(
        'Match: signed with this SecretKey',
      ),
    );
    expect(onVerify).toHaveBeenCalledWith(FAKE_SECRET_KEY);
    expect(input.value).toBe('');
    expect(container.innerHTML).not.toContain(FAKE_SECRET_KEY);

    fireEvent.input(input, { target: { value: 'WRONGKEY' } });
    fireEvent.submit(container.querySelector('form')!);
    await waitFor(() =>
      expect(container.querySelector('.sig-verify-result')?.textContent).toBe(
        'Mismatch: not signed with this SecretKey',
      ),
    );
  });

  it.each([
    [async () => null, 'Cannot verify: the signature could not be decoded'],
    [
      async () => {
        throw new Error('no crypto');
      },
      'Verification failed: no crypto',
    ],
  ] as [() => Promise<boolean | null>, string][])('reports a verify outcome: %s', async (onVerify, text) => {
    const { container, getByPlaceholderText } = view({ onVerify });
    fireEvent.input(getByPlaceholderText('SecretKey'), { target: { value: 'k' } });
    fireEvent.submit(container.querySelector('form')!);
    await waitFor(() => expect(container.querySelector('.sig-verify-result')?.textContent).toBe(text));
  });

  it('has no key input without onVerify', () => {
    expect(view().container.querySelector('input')).toBeNull();
  });
});

describe('formatSpan', () => {
  const en = createTranslator('en');
  const zh = createTranslator('zh_CN');
  it.each([
    [0, '0 s', '0 秒'],
    [59, '59 s', '59 秒'],
    [-100, '1 min 40 s', '1 分 40 秒'],
    [300, '5 min', '5 分钟'],
    [3600, '1 h', '1 小时'],
    [3600 + 180, '1 h 3 min', '1 小时 3 分钟'],
    [86400 + 59, '1 d', '1 天'],
    [2 * 86400 + 7200, '2 d 2 h', '2 天 2 小时'],
  ])('%d s → "%s" / "%s"', (s, wantEn, wantZh) => {
    expect(formatSpan(s, en)).toBe(wantEn);
    expect(formatSpan(s, zh)).toBe(wantZh);
  });
});

describe('formatLocalDateTime', () => {
  it('formats local time as YYYY-MM-DD HH:mm:ss', () => {
    const d = new Date(2024, 0, 2, 3, 4, 5);
    expect(formatLocalDateTime(d.getTime())).toBe('2024-01-02 03:04:05');
  });
});
