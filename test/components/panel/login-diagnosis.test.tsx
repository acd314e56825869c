// @vitest-environment happy-dom
import { cleanup, render } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { I18nProvider } from '../../../components/i18n-context';
import { LoginDiagnosisSection } from '../../../components/panel/login-diagnosis';
import { createAttributor } from '../../../lib/cme/attribute';
import { decodeCall } from '../../../lib/cme/decode-call';
import type { Lang } from '../../../lib/i18n/i18n';
import { apiCall, loginCall, SESSION_START_MS, VECTOR } from '../../cme/factories';

function view(raw: ReturnType<typeof loginCall>, lang: Lang = 'en') {
  const call = decodeCall(raw, 0, { attributor: createAttributor() })!;
  return render(
    <I18nProvider lang={lang}>
      <LoginDiagnosisSection call={call} />
    </I18nProvider>,
  ).container;
}

/** A login sent 7 minutes before its signature's time, by the answering server's Date. */
function skewed() {
  const sentAt = (VECTOR.currentTimeStamp - 420) * 1000;
  const raw = loginCall({ startedAt: sentAt });
  raw.response!.headers.push({ name: 'Date', value: new Date(sentAt).toUTCString() });
  return raw;
}

afterEach(cleanup);

describe('LoginDiagnosisSection', () => {
  it('says a signature was made in the future, in en and zh_CN', () => {
    const en = view(skewed());
    const finding = en.querySelector('[data-finding="signed-in-future"]')!;
    expect(finding.textContent).toBe(
      "Signed 7 min in the future (by the server's clock): your signing server's clock is ahead.",
    );
    // The login worked: a warning, not an error.
    expect(finding.className).toContain('note-warn');
    cleanup();
    const zh = view(skewed(), 'zh_CN');
    expect(zh.querySelector('h4')!.textContent).toBe('登录诊断');
    expect(zh.querySelector('[data-finding="signed-in-future"]')!.textContent).toContain(
      '签名时间在未来 7 分钟',
    );
  });

  it('lists the times and says when nothing is wrong', () => {
    const c = view(loginCall({ startedAt: SESSION_START_MS }));
    expect(Array.from(c.querySelectorAll('dt')).map((d) => d.textContent)).toEqual([
      'Signed',
      'Expires',
      'Sent (this computer)',
    ]);
    expect(c.querySelector('[data-finding="none"]')!.textContent).toBe(
      "No problem found in the signature's times or fields.",
    );
  });

  it('shows nothing for an api call', () => {
    expect(view(apiCall()).innerHTML).toBe('');
  });
});
