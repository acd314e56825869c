/**
 * Signature checks of the sandbox: the login exchange (`GET /?signature=`) and the `VerifySign` body fields.
 * Decoding, HMAC and timing come from lib/cme/signature; the sandbox only decides what it accepts.
 */
import { decodeSignature, signatureTiming, verifySignature } from '../../cme/signature';
import type { SignatureFields } from '../../cme/types';
import { fail, invented, loginAnswer, type Failure, type Note } from './answers';
import { findPlatform, isoTime, issueTicket, type SandboxState } from './model';
import type { SandboxOptions, SandboxKey } from './options';
import { ensurePlatform, ensureUser } from './seed';

/** A signature that passed every check, with its fields. */
export interface AcceptedSignature {
  ok: true;
  fields: SignatureFields;
}

/** What a signature check needs. */
export interface SignatureRules {
  keys: SandboxKey[];
  nowMs: number;
  /** Accepted `action` values. */
  actions: string[];
  /** Code for an expired signature (login: `SignatureExpired`; VerifySign: `SignatureVerifyFail`). */
  expiredCode: string;
  /** Prefix of the English detail, e.g. `VerifySign: `. */
  label?: string;
}

const STRICT_BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * Checks a signature as the real server would: standard Base64, every field readable, a known secretId,
 * a matching HMAC, an accepted action, not expired and not signed implausibly far in the future.
 */
export async function checkSignature(
  sig: string,
  rules: SignatureRules,
): Promise<AcceptedSignature | Failure> {
  const label = rules.label ?? '';
  const bad = (en: string, code = 'SignatureVerifyFail'): Failure => fail(code, label + en);
  const decoded = decodeSignature(sig);
  if (!STRICT_BASE64.test(sig) || sig.length % 4 !== 0) {
    // The decoder tolerates transport damage; the server does not, and says why.
    const why = decoded.problems[0] ?? 'it is not standard Base64 (RFC 4648 with + / and = padding)';
    return bad(`the signature cannot be decoded: ${why}`);
  }
  const fields = decoded.fields;
  if (!fields)
    return bad(`the signature cannot be decoded: ${decoded.problems.join(' ') || 'unknown format'}`);
  if (decoded.problems.length > 0) return bad(decoded.problems.join(' '));
  const key = rules.keys.find((k) => k.secretId === fields.secretId);
  if (!key) return bad(`unknown secretId "${fields.secretId}"`);
  const valid = await verifySignature(sig, key.secretKey);
  if (valid !== true) return bad('the HMAC does not match (wrong SecretKey, or the plaintext was changed)');
  if (!rules.actions.includes(fields.action)) {
    return bad(`action "${fields.action}" is not accepted here (expected ${rules.actions.join(' or ')})`);
  }
  const timing = signatureTiming(fields, rules.nowMs);
  if (timing.expired) {
    return bad(
      `the signature expired at ${isoTime(fields.expireTime * 1000)} (expireTime ${fields.expireTime})`,
      rules.expiredCode,
    );
  }
  if (timing.notYetValid) {
    const ahead = fields.currentTimeStamp - Math.floor(rules.nowMs / 1000);
    return invented(
      bad(`currentTimeStamp is ${ahead} s in the future; check the signing server's clock`),
      'signature from the future refused',
      'The docs do not say that CME refuses a signature whose currentTimeStamp lies ahead of its clock; the sandbox does.',
      '文档未说明 CME 会拒绝 currentTimeStamp 超前的签名；沙箱会拒绝。',
    );
  }
  return { ok: true, fields };
}

/** A login answer and what it did. */
export interface LoginResult {
  body: Record<string, unknown>;
  code: string;
  /** The state changed (a ticket was issued). */
  changed: boolean;
  /** What of the answer CME's docs do not define (header, log). */
  notes: Note[];
}

/** Exchanges a signature for a ticket (`GET /?signature=`); every answer is HTTP 200 in the chosen shape. */
export async function handleLogin(
  signature: string,
  state: SandboxState,
  options: SandboxOptions,
  nowMs: number,
  requestId: string,
): Promise<LoginResult> {
  const refuse = (f: Failure): LoginResult => ({
    ...loginAnswer(options.loginShape, f, requestId, options.strict),
    changed: false,
  });
  const checked = await checkSignature(signature, {
    keys: options.keys,
    nowMs,
    actions: ['Login'],
    expiredCode: 'SignatureExpired',
  });
  if (!checked.ok) return refuse(checked);
  const { platform, userId } = checked.fields;
  if (!options.platforms.includes(platform)) {
    return refuse(
      fail(
        'InvalidParameterValue.Platform',
        `"${platform}" is not served by this sandbox (serving: ${options.platforms.join(', ')})`,
      ),
    );
  }
  const p = findPlatform(state, platform) ?? ensurePlatform(state, platform, nowMs);
  ensureUser(p, userId, nowMs);
  const ticket = issueTicket(state, platform, userId, nowMs, options.ticketTtlSeconds);
  const tfUid = p.users.find((u) => u.UserId === userId)?.TfUid ?? '';
  const grant = { appId: p.appId, platform, userId, tfUid, authorization: ticket.ticket };
  return { ...loginAnswer(options.loginShape, grant, requestId, options.strict), changed: true };
}
