/**
 * The login diagnosis of a login call (lib/cme/login-diagnosis.ts): when it was signed, until when,
 * when it was sent, and what that says — a clock ahead, a signature expired before it was sent, a long
 * validity, another platform or user answered — in the UI language, most serious first.
 */
import type { DecodedCall, LoginFinding } from '../../lib/cme/types';
import { useLang, useT } from '../i18n-context';
import './login-diagnosis.css';

const NOTE: Record<LoginFinding['severity'], string> = {
  error: 'note note-err',
  warning: 'note note-warn',
  info: 'note',
};

/** The section; nothing for an api call or a signature that could not be decoded. */
export function LoginDiagnosisSection({ call }: { call: DecodedCall }) {
  const t = useT();
  const lang = useLang();
  const fields = call.signature?.fields;
  if (call.kind !== 'login' || !fields) return null;
  const locale = lang === 'zh_CN' ? 'zh-CN' : 'en';
  const at = (seconds: number) => new Date(seconds * 1000).toLocaleString(locale);
  const findings = call.loginFindings;
  return (
    <section class="cme-section" data-section="login-diagnosis">
      <h4>{t('panelSectionLoginDiagnosis')}</h4>
      <dl class="cme-login-times">
        <dt>{t('panelLoginSigned')}</dt>
        <dd>{at(fields.currentTimeStamp)}</dd>
        <dt>{t('panelLoginExpires')}</dt>
        <dd>{at(fields.expireTime)}</dd>
        <dt>{t('panelLoginSent')}</dt>
        <dd>{new Date(call.startedAt).toLocaleString(locale)}</dd>
      </dl>
      {findings.length === 0 ? (
        <p class="note note-ok" data-finding="none">
          {t('panelLoginDiagnosisNone')}
        </p>
      ) : (
        findings.map((f) => (
          <p key={f.kind} class={NOTE[f.severity]} data-finding={f.kind} data-severity={f.severity}>
            {lang === 'zh_CN' ? f.zh : f.en}
          </p>
        ))
      )}
    </section>
  );
}
