/**
 * A decoded login / VerifySign signature: its fields, times as local date-time and relative to the call,
 * expiry judged at the call's own time, the problems found, and an optional SecretKey check (never stored).
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { ComponentChildren } from 'preact';
import { signatureTiming } from '../lib/cme/signature';
import type { DecodedSignature } from '../lib/cme/types';
import type { Translate } from '../lib/i18n/i18n';
import { useT } from './i18n-context';
import './theme.css';
import './signature-view.css';

/** Props of {@link SignatureView}. */
export interface SignatureViewProps {
  signature: DecodedSignature & { expired: boolean | null };
  /** The call's time (epoch ms): expiry and relative times are judged against it. */
  atMs: number;
  /** Recomputes the HMAC with a SecretKey: true match, false mismatch, null not verifiable. */
  onVerify?: (key: string) => Promise<boolean | null>;
  /**
   * Whether the HMAC shows in full at first (settings.revealSecrets); default masked. The plaintext fields
   * always show: with the HMAC they would make the whole signature, so the HMAC is revealed only on
   * request, for this view and this signature.
   */
  revealHmac?: boolean;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** `YYYY-MM-DD HH:mm:ss` in local time (unambiguous in both languages). */
export function formatLocalDateTime(ms: number): string {
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return '—';
  return (
    `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ` +
    `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`
  );
}

/** A span of seconds in its two largest units, a zero second unit dropped: `45 s`, `4 min 55 s`, `5 min`, `2 h 3 min`. */
export function formatSpan(seconds: number, t: Translate): string {
  const s = Math.round(Math.abs(seconds));
  if (s < 60) return t('sigSpanS', s);
  if (s < 3600) {
    const [m, rest] = [Math.floor(s / 60), s % 60];
    return rest ? t('sigSpanMS', m, rest) : t('sigSpanM', m);
  }
  if (s < 86400) {
    const [h, rest] = [Math.floor(s / 3600), Math.floor((s % 3600) / 60)];
    return rest ? t('sigSpanHM', h, rest) : t('sigSpanH', h);
  }
  const [d, rest] = [Math.floor(s / 86400), Math.floor((s % 86400) / 3600)];
  return rest ? t('sigSpanDH', d, rest) : t('sigSpanD', d);
}

/** Where a time lies relative to the call: `5 min before the call`, `at the call`, `2 s after the call`. */
function relativeToCall(seconds: number, atMs: number, t: Translate): string {
  const delta = seconds - Math.floor(atMs / 1000);
  if (delta === 0) return t('sigAtCall');
  return delta < 0 ? t('sigBeforeCall', formatSpan(delta, t)) : t('sigAfterCall', formatSpan(delta, t));
}

function TimeValue({ seconds, atMs }: { seconds: number; atMs: number }) {
  const t = useT();
  return (
    <>
      {seconds}
      <span class="sig-time">
        {formatLocalDateTime(seconds * 1000)} · {relativeToCall(seconds, atMs, t)}
      </span>
    </>
  );
}

/** The decoded signature, its expiry at the call, its problems and a key check. */
export function SignatureView({ signature, atMs, onVerify, revealHmac = false }: SignatureViewProps) {
  const t = useT();
  const [hmacShown, setHmacShown] = useState(revealHmac);
  const f = signature.fields;
  const timing = f ? signatureTiming(f, atMs) : null;
  const expired = signature.expired ?? timing?.expired ?? null;
  return (
    <div class="sig-view">
      {!f ? (
        <p class="note note-err sig-status">{t('sigNotCme')}</p>
      ) : (
        <>
          <p
            class={`note sig-status ${expired === true ? 'note-err' : expired === false ? 'note-ok' : ''}`}
            data-expired={String(expired)}
          >
            {expired === true && timing
              ? t('sigExpiredAtCall', formatSpan(timing.secondsLeft, t))
              : expired === false && timing
                ? t('sigValidAtCall', formatSpan(timing.secondsLeft, t))
                : t('sigExpiryUnknown')}
          </p>
          {timing?.notYetValid && (
            <p class="note note-warn sig-future">
              {t('sigNotYetValid', formatSpan(f.currentTimeStamp - Math.floor(atMs / 1000), t))}
            </p>
          )}
          <table class="table sig-fields">
            <tbody>
              <Row name="action" value={f.action} />
              <Row name="platform" value={f.platform} />
              <Row name="userId" value={f.userId} />
              <Row name="secretId" value={f.secretId} />
              <Row name="currentTimeStamp" value={<TimeValue seconds={f.currentTimeStamp} atMs={atMs} />} />
              <Row name="expireTime" value={<TimeValue seconds={f.expireTime} atMs={atMs} />} />
              <Row
                name={t('sigValidity')}
                value={
                  <span class={f.expireTime <= f.currentTimeStamp ? 'text-err' : undefined}>
                    {f.expireTime - f.currentTimeStamp < 0 ? '−' : ''}
                    {formatSpan(f.expireTime - f.currentTimeStamp, t)}
                  </span>
                }
                plain
              />
              <Row name="random" value={String(f.random)} />
              {Object.entries(f.extra).map(([k, v]) => (
                <Row key={k} name={k} value={v} />
              ))}
              <Row
                name="HMAC-SHA1"
                value={
                  <HmacValue
                    hex={signature.hmacHex}
                    shown={hmacShown}
                    onToggle={() => setHmacShown(!hmacShown)}
                  />
                }
              />
            </tbody>
          </table>
        </>
      )}
      {!f && signature.raw.length > 0 && (
        <table class="table sig-fields">
          <tbody>
            {signature.raw.map(([k, v], i) => (
              <Row key={`${i}:${k}`} name={k} value={v} />
            ))}
          </tbody>
        </table>
      )}
      {signature.problems.length > 0 && (
        <div class="sig-problems">
          <h4>{t('sigProblems', signature.problems.length)}</h4>
          <ul>
            {signature.problems.map((p, i) => (
              <li key={i}>{p}</li>
            ))}
          </ul>
        </div>
      )}
      {signature.plaintext && (
        <details class="sig-plaintext">
          <summary>{t('sigPlaintext')}</summary>
          <pre>{signature.plaintext}</pre>
        </details>
      )}
      {onVerify && <VerifyForm key={signature.hmacHex + signature.plaintext} onVerify={onVerify} />}
    </div>
  );
}

/** The HMAC masked (`17dc…e172`) unless shown, with its own Reveal/Hide toggle. */
function HmacValue({ hex, shown, onToggle }: { hex: string; shown: boolean; onToggle: () => void }) {
  const t = useT();
  if (hex === '') return <>—</>;
  return (
    <>
      <span class="sig-hmac" data-revealed={shown}>
        {shown ? hex : `${hex.slice(0, 4)}…${hex.slice(-4)}`}
      </span>{' '}
      <button type="button" class="btn-link sig-hmac-reveal" aria-pressed={shown} onClick={onToggle}>
        {shown ? t('ticketHide') : t('ticketReveal')}
      </button>
    </>
  );
}

function Row({ name, value, plain }: { name: string; value: ComponentChildren; plain?: boolean }) {
  return (
    <tr>
      <th scope="row" class={plain ? undefined : 'mono'}>
        {name}
      </th>
      <td class="mono">{value}</td>
    </tr>
  );
}

type VerifyState =
  | { kind: 'idle' }
  | { kind: 'pending' }
  | { kind: 'done'; result: boolean | null }
  | { kind: 'error'; message: string };

/** The SecretKey check; the key lives in this form's state only and is cleared once used. */
function VerifyForm({ onVerify }: { onVerify: (key: string) => Promise<boolean | null> }) {
  const t = useT();
  const [key, setKey] = useState('');
  const [state, setState] = useState<VerifyState>({ kind: 'idle' });
  const alive = useRef(true);
  useEffect(
    () => () => {
      alive.current = false;
    },
    [],
  );
  const submit = async (e: Event) => {
    e.preventDefault();
    if (!key || state.kind === 'pending') return;
    const k = key;
    setKey('');
    setState({ kind: 'pending' });
    try {
      const result = await onVerify(k);
      if (alive.current) setState({ kind: 'done', result });
    } catch (err) {
      if (alive.current)
        setState({ kind: 'error', message: err instanceof Error ? err.message : String(err) });
    }
  };
  return (
    <form class="sig-verify" onSubmit={(e) => void submit(e)} autocomplete="off">
      <label class="sig-verify-label">
        <span>{t('sigVerifyKey')}</span>
        <input
          type="password"
          value={key}
          autocomplete="off"
          spellcheck={false}
          placeholder="SecretKey"
          onInput={(e) => setKey(e.currentTarget.value)}
        />
      </label>
      <button type="submit" disabled={!key || state.kind === 'pending'}>
        {t('sigVerify')}
      </button>
      <span class="sig-verify-result" role="status" aria-live="polite">
        {state.kind === 'pending' && <span class="muted">{t('sigVerifying')}</span>}
        {state.kind === 'done' && state.result === true && <span class="text-ok">{t('sigVerifyMatch')}</span>}
        {state.kind === 'done' && state.result === false && (
          <span class="text-err">{t('sigVerifyMismatch')}</span>
        )}
        {state.kind === 'done' && state.result === null && (
          <span class="muted">{t('sigVerifyUnavailable')}</span>
        )}
        {state.kind === 'error' && <span class="text-err">{t('sigVerifyError', state.message)}</span>}
      </span>
      <p class="faint sig-verify-note">{t('sigVerifyNote')}</p>
    </form>
  );
}
