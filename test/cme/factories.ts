/**
 * Test fixture factories for captured CME calls (RawCall), shared by the domain-core, HAR and CLI tests.
 * Every factory takes overrides; defaults describe one consistent fake session:
 * a login at 2023-11-14T22:15:00Z with the signature.md test vector, answered with FAKE_TICKET, then api calls.
 * Only obviously fake credentials (AKIDEXAMPLE / SECRETKEYEXAMPLE) appear here.
 */
import { signSignature, type SignParams } from '../../lib/cme/signature';
import type { HttpHeader, RawBody, RawCall } from '../../lib/cme/types';

/** Fake SecretId of the signature.md test vector. */
export const FAKE_SECRET_ID = 'AKIDEXAMPLE';
/** Fake SecretKey of the signature.md test vector. */
export const FAKE_SECRET_KEY = 'SECRETKEYEXAMPLE';
/** The signature.md test vector: Login, platform my_platform, user user_001, valid 1700000000–1700000300. */
export const VECTOR_SIGNATURE =
  'F9yi6VNwc42SaxI+CcRaQPAV4XJzZWNyZXRJZD1BS0lERVhBTVBMRSZjdXJyZW50VGltZVN0YW1wPTE3MDAwMDAwMDAmZXhwaXJlVGltZT0xNzAwMDAwMzAwJnJhbmRvbT0xMjM0NTYmcGxhdGZvcm09bXlfcGxhdGZvcm0mYWN0aW9uPUxvZ2luJnVzZXJJZD11c2VyXzAwMQ==';
/** Fields of VECTOR_SIGNATURE. */
export const VECTOR = {
  secretId: FAKE_SECRET_ID,
  currentTimeStamp: 1700000000,
  expireTime: 1700000300,
  random: 123456,
  platform: 'my_platform',
  action: 'Login',
  userId: 'user_001',
} as const;
/** Epoch ms inside VECTOR_SIGNATURE's validity: the default time of the fake session. */
export const SESSION_START_MS = 1700000100_000;
/** A fake ticket as a login answer returns it. */
export const FAKE_TICKET = 'tf_0123456789abcdef0123456789ab27ec';
/** A fake AppId. */
export const FAKE_APP_ID = 1250000000;

/** Official hosts, as URL bases. */
export const LOGIN_BASE = 'https://open.cme.qcloud.com';
export const API_BASE = 'https://web-paas-api.cme.qcloud.com';

/** Partial RawCall: top-level fields, and request/response fields merged over the defaults. */
export interface RawCallOverrides {
  startedAt?: number;
  durationMs?: number;
  request?: Partial<RawCall['request']>;
  /** null = no response at all (network failure). */
  response?: Partial<NonNullable<RawCall['response']>> | null;
}

/** A RawCall: by default a GET of https://example.com/ answered 200 with an empty JSON object. */
export function makeRawCall(overrides: RawCallOverrides = {}): RawCall {
  const response =
    overrides.response === null
      ? null
      : { status: 200, statusText: 'OK', headers: jsonHeaders(), body: jsonBody({}), ...overrides.response };
  return {
    startedAt: overrides.startedAt ?? SESSION_START_MS,
    durationMs: overrides.durationMs ?? 42,
    request: { method: 'GET', url: 'https://example.com/', headers: [], body: null, ...overrides.request },
    response,
  };
}

/** A JSON body (stringified unless already a string). */
export function jsonBody(value: unknown, extra: Partial<RawBody> = {}): RawBody {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return { text, mimeType: 'application/json', ...extra };
}

/** A text body with an explicit MIME type. */
export function textBody(
  text: string | null,
  mimeType = 'text/plain',
  extra: Partial<RawBody> = {},
): RawBody {
  return { text, mimeType, ...extra };
}

/** A body stored as HAR does for non-text content: UTF-8 bytes, base64. */
export function base64Body(text: string, mimeType = 'application/json'): RawBody {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return { text: btoa(binary), encoding: 'base64', mimeType, size: bytes.length };
}

/** Response headers of a JSON answer. */
export function jsonHeaders(): HttpHeader[] {
  return [{ name: 'Content-Type', value: 'application/json; charset=utf-8' }];
}

/** Login answers of both documented shapes (signature.md), with overridable values. */
export const answers = {
  /** Current shape, success. */
  currentOk: (o: { ticket?: string; appId?: number | string; platform?: string; tfUid?: string } = {}) => ({
    Response: {
      AppId: o.appId ?? FAKE_APP_ID,
      Authorization: o.ticket ?? FAKE_TICKET,
      Platform: o.platform ?? VECTOR.platform,
      RequestId: '5d2bd0fe-8b3c-4a3e-9f8a-2c1f0e3d4b5a',
      TfUid: o.tfUid ?? 'tfuid_0001',
    },
  }),
  /** Current shape, failure (the signature.md example). */
  currentError: (code = 'InvalidParameterValue.Platform', message = 'platform not exist') => ({
    Response: { Error: { Code: code, Message: message }, RequestId: '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0' },
  }),
  /** Legacy shape, success. */
  legacyOk: (o: { ticket?: string; appId?: number | string; platform?: string; userId?: string } = {}) => ({
    Code: 'Success',
    Message: '成功',
    EnglishMessage: 'OK',
    Data: {
      AppId: o.appId ?? FAKE_APP_ID,
      Platform: o.platform ?? VECTOR.platform,
      UserId: o.userId ?? VECTOR.userId,
      Authorization: o.ticket ?? FAKE_TICKET,
    },
  }),
  /** Legacy shape, failure (the signature.md example). */
  legacyError: () => ({
    Code: 'SignatureVerifyFail',
    Message: '签名校验失败',
    EnglishMessage: 'Signature Verify Fail',
  }),
  /** A PaaS success envelope. */
  paasOk: (data?: unknown) => ({
    Code: 'Success',
    Message: '成功',
    EnglishMessage: 'OK',
    ...(data === undefined ? {} : { Data: data }),
  }),
  /** A PaaS failure envelope. */
  paasError: (
    code = 'InvalidParameterValue.MaterialId',
    message = '媒体不存在',
    english = 'Material not exist',
  ) => ({
    Code: code,
    Message: message,
    EnglishMessage: english,
  }),
};

/** Options of loginCall. */
export interface LoginCallOptions {
  signature?: string;
  /** Base URL the login is sent to (default the official host). */
  base?: string;
  /** Put the signature into the URL without URL-encoding (its `+` become spaces when read). */
  rawSignature?: boolean;
  /** Answer JSON value, or a string body as is. Default: current-shape success. */
  answer?: unknown;
  status?: number;
  startedAt?: number;
  method?: string;
}

/** A login exchange: `GET <base>?signature=<sig>` answered with a login answer. */
export function loginCall(o: LoginCallOptions = {}): RawCall {
  const signature = o.signature ?? VECTOR_SIGNATURE;
  const value = o.rawSignature ? signature : encodeURIComponent(signature);
  const base = o.base ?? LOGIN_BASE;
  return makeRawCall({
    startedAt: o.startedAt,
    request: { method: o.method ?? 'GET', url: `${base}${base.includes('?') ? '&' : '?'}signature=${value}` },
    response: { status: o.status ?? 200, body: jsonBody(o.answer ?? answers.currentOk()) },
  });
}

/** Options of apiCall. */
export interface ApiCallOptions {
  actionClass?: string;
  action?: string;
  /** The ticket; null leaves out the `auth` parameter. */
  auth?: string | null;
  /** Base URL before `/PaaS/` (default the official API host). */
  base?: string;
  /** Request body JSON value, a string sent as is, or null for none. Default `{}`. */
  body?: unknown;
  /** Answer JSON value, or a string body as is. Default: PaaS success without Data. */
  answer?: unknown;
  status?: number;
  startedAt?: number;
  method?: string;
}

/** A client API call: `POST <base>/PaaS/<Class>/<Action>?auth=<ticket>` with a JSON body. */
export function apiCall(o: ApiCallOptions = {}): RawCall {
  const auth = o.auth === undefined ? FAKE_TICKET : o.auth;
  const path = `/PaaS/${o.actionClass ?? 'Material'}/${o.action ?? 'ListMedia'}`;
  const query = auth === null ? '' : `?auth=${encodeURIComponent(auth)}`;
  return makeRawCall({
    startedAt: o.startedAt,
    request: {
      method: o.method ?? 'POST',
      url: `${o.base ?? API_BASE}${path}${query}`,
      headers: [{ name: 'Content-Type', value: 'application/json' }],
      body: o.body === null ? null : jsonBody(o.body ?? {}),
    },
    response: { status: o.status ?? 200, body: jsonBody(o.answer ?? answers.paasOk()) },
  });
}

/**
 * A real signature made with the fake key: Login for my_platform/user_001, valid 1700000000–1700000300,
 * unless overridden. Giving `currentTimeStamp` or `ttl` without `expireTime` lets the signer derive it.
 */
export function makeSignature(params: Partial<SignParams> = {}): Promise<string> {
  const derived =
    params.expireTime === undefined && (params.ttl !== undefined || params.currentTimeStamp !== undefined);
  return signSignature(
    {
      secretId: FAKE_SECRET_ID,
      platform: VECTOR.platform,
      userId: VECTOR.userId,
      action: 'Login',
      currentTimeStamp: VECTOR.currentTimeStamp,
      expireTime: derived ? undefined : VECTOR.expireTime,
      random: VECTOR.random,
      ...params,
    },
    FAKE_SECRET_KEY,
  );
}
