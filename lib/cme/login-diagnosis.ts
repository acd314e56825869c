/**
 * Why a login worked or failed, as only a tool that reads the signature can say: its own times
 * (`currentTimeStamp`, `expireTime`) against the clock of the server that answered (the answer's `Date`
 * header) and of this computer (the request's start), and what it was signed for against what the
 * answer granted. Plain words in zh and en; the same findings in the panel and the CLI.
 *
 * CME documents no clock tolerance: the thresholds below are ours, chosen to stay quiet on the few
 * seconds any two clocks differ by and the one-second resolution of `Date`.
 */
import type { LoginFinding, LoginFindingSeverity, SignatureFields } from './types';

export { worstSeverity } from './login-severity';

export type { LoginFinding, LoginFindingKind, LoginFindingSeverity } from './types';

/** Seconds a clock may differ before we mention it. */
export const CLOCK_TOLERANCE_SECONDS = 30;
/** A signature sent this long after it was made was probably cached or reused. */
export const STALE_AFTER_SECONDS = 300;
/** A validity longer than this is worth shortening (CME's samples sign for 5 minutes). */
export const LONG_VALIDITY_SECONDS = 86_400;

/** What a diagnosis reads. */
export interface LoginDiagnosisInput {
  /** The signature's fields; null when it could not be decoded (nothing to say then). */
  fields: Pick<SignatureFields, 'currentTimeStamp' | 'expireTime' | 'platform' | 'userId' | 'action'> | null;
  /** When the request started, by this computer's clock (epoch ms). */
  startedAtMs: number;
  /** Request duration in ms (0 or less when unknown). */
  durationMs: number;
  /** The answer's `Date` header as sent (the server's clock); null when absent. */
  dateHeader: string | null;
  /** Platform and user the answer names (current shape: Platform; older: Platform and UserId). */
  answeredPlatform: string | null;
  answeredUserId: string | null;
  /** Whether the login succeeded: what would make one fail is then only a warning. */
  ok?: boolean;
}

/** A duration in words: `40 s`, `7 min`, `3 h`, `30 days` / `40 秒`, `7 分钟`, `3 小时`, `30 天`. */
export function spanWords(seconds: number): { zh: string; en: string } {
  const s = Math.abs(Math.round(seconds));
  if (s < 120) return { zh: `${s} 秒`, en: `${s} s` };
  const min = Math.round(s / 60);
  if (min < 120) return { zh: `${min} 分钟`, en: `${min} min` };
  const h = Math.round(s / 3600);
  if (h < 48) return { zh: `${h} 小时`, en: `${h} h` };
  const d = Math.round(s / 86_400);
  return { zh: `${d} 天`, en: `${d} ${d === 1 ? 'day' : 'days'}` };
}

/** The `Date` header as epoch seconds; null when absent or not a date. */
export function serverSeconds(dateHeader: string | null): number | null {
  if (dateHeader === null || dateHeader.trim() === '') return null;
  const ms = Date.parse(dateHeader);
  return Number.isFinite(ms) ? Math.floor(ms / 1000) : null;
}

/**
 * The findings of one login, most serious first; [] when all is well or the signature was not decoded.
 * Times are judged by the server's clock when the answer says it (`Date`), else by this computer's.
 */
export function diagnoseLogin(input: LoginDiagnosisInput): LoginFinding[] {
  const f = input.fields;
  if (f === null || !Number.isFinite(f.currentTimeStamp) || !Number.isFinite(f.expireTime)) return [];
  const out: LoginFinding[] = [];
  const computer = Math.floor(input.startedAtMs / 1000);
  const server = serverSeconds(input.dateHeader);
  const now = server ?? computer;
  const by =
    server === null
      ? { zh: '按本机时钟', en: "by this computer's clock" }
      : { zh: '按服务端时钟', en: "by the server's clock" };

  const ahead = f.currentTimeStamp - now;
  if (ahead > CLOCK_TOLERANCE_SECONDS) {
    const w = spanWords(ahead);
    out.push({
      kind: 'signed-in-future',
      severity: 'error',
      seconds: ahead,
      zh: `签名时间在未来 ${w.zh}（${by.zh}）：签名服务器的时钟偏快。`,
      en: `Signed ${w.en} in the future (${by.en}): your signing server's clock is ahead.`,
    });
  }
  const overdue = now - f.expireTime;
  if (overdue > 0) {
    const w = spanWords(overdue);
    out.push({
      kind: 'expired-before-sent',
      severity: 'error',
      seconds: overdue,
      zh: `签名在发送前 ${w.zh} 已过期（${by.zh}）：请在登录前即时签名，并检查签名服务器的时钟。`,
      en: `Expired ${w.en} before it was sent (${by.en}): sign just before logging in, and check the signing server's clock.`,
    });
  } else if (-ahead > STALE_AFTER_SECONDS) {
    const w = spanWords(-ahead);
    out.push({
      kind: 'signed-long-before',
      severity: 'info',
      seconds: -ahead,
      zh: `签名于发送前 ${w.zh} 生成：是否缓存或重复使用了签名？`,
      en: `Signed ${w.en} before it was sent: is the signature cached or reused?`,
    });
  }
  const validity = f.expireTime - f.currentTimeStamp;
  if (validity <= 0) {
    out.push({
      kind: 'empty-validity',
      severity: 'error',
      seconds: validity,
      zh: '签名的有效期为空：expireTime 不晚于 currentTimeStamp。',
      en: 'The signature is valid for no time at all: expireTime is not after currentTimeStamp.',
    });
  } else if (validity > LONG_VALIDITY_SECONDS) {
    const w = spanWords(validity);
    out.push({
      kind: 'long-validity',
      severity: 'warning',
      seconds: validity,
      zh: `签名有效期为 ${w.zh}：越短越安全（CME 示例为 5 分钟）。`,
      en: `Valid for ${w.en}: shorter is safer (CME's samples sign for 5 minutes).`,
    });
  }
  if (f.action !== 'Login') {
    out.push({
      kind: 'not-login-action',
      severity: 'error',
      seconds: null,
      zh: `签名的 action 为 ${f.action}，登录需要 Login。`,
      en: `Signed for action ${f.action}; a login needs Login.`,
    });
  }
  if (input.answeredPlatform !== null && input.answeredPlatform !== f.platform) {
    out.push({
      kind: 'platform-mismatch',
      severity: 'error',
      seconds: null,
      zh: `签名的平台为 ${f.platform}，应答的平台为 ${input.answeredPlatform}。`,
      en: `Signed for platform ${f.platform}, answered for platform ${input.answeredPlatform}.`,
    });
  }
  if (input.answeredUserId !== null && input.answeredUserId !== f.userId) {
    out.push({
      kind: 'user-mismatch',
      severity: 'error',
      seconds: null,
      zh: `签名的用户为 ${f.userId}，应答的用户为 ${input.answeredUserId}。`,
      en: `Signed for user ${f.userId}, answered for user ${input.answeredUserId}.`,
    });
  }
  if (server !== null) {
    // The answer's Date was stamped between the request's start and its end (at one-second resolution).
    const duration = input.durationMs > 0 ? Math.ceil(input.durationMs / 1000) : 0;
    const behind = server - computer;
    const off = behind > 0 ? behind - duration : behind;
    if (Math.abs(off) > CLOCK_TOLERANCE_SECONDS) {
      const w = spanWords(off);
      out.push({
        kind: 'computer-clock',
        severity: 'info',
        seconds: off,
        zh: off > 0 ? `本机时钟比服务端慢 ${w.zh}。` : `本机时钟比服务端快 ${w.zh}。`,
        en:
          off > 0
            ? `This computer's clock is ${w.en} behind the server's.`
            : `This computer's clock is ${w.en} ahead of the server's.`,
      });
    }
  }
  const rank: Record<LoginFindingSeverity, number> = { error: 0, warning: 1, info: 2 };
  if (input.ok === true) for (const x of out) if (x.severity === 'error') x.severity = 'warning';
  return out.sort((a, b) => rank[a.severity] - rank[b.severity]);
}
