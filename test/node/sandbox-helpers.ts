/**
 * Shared fixtures of the sandbox tests: a sandbox on an ephemeral port, an independent signer built on
 * node:crypto (not our signSignature), and small HTTP helpers.
 */
import { createHmac } from 'node:crypto';
import { startSandbox, type RunningSandbox, type StartOptions } from '../../lib/node/sandbox/main';

/** Obviously fake key pair used by the tests. */
export const TEST_KEY = { secretId: 'AKIDEXAMPLE', secretKey: 'SECRETKEYEXAMPLE' };
export const PLATFORM = 'test_platform';

/** Starts a quiet sandbox on 127.0.0.1 and an ephemeral port; errors are collected in `errors`. */
export async function startTestSandbox(
  overrides: StartOptions = {},
): Promise<RunningSandbox & { errors: string[] }> {
  const errors: string[] = [];
  const sb = await startSandbox({
    port: 0,
    host: '127.0.0.1',
    keys: [TEST_KEY],
    platforms: [PLATFORM],
    logError: (line) => errors.push(line),
    ...overrides,
  });
  return Object.assign(sb, { errors });
}

/** What an independent signer signs; times in Unix seconds. */
export interface SignInput {
  secretId?: string;
  secretKey?: string;
  platform?: string;
  userId?: string;
  action?: string;
  currentTimeStamp?: number;
  expireTime?: number;
}

/** Signs like the documented algorithm with node:crypto directly: Base64(HMAC-SHA1 || plaintext). */
export function signIndependently(input: SignInput = {}): string {
  const now = input.currentTimeStamp ?? Math.floor(Date.now() / 1000);
  const pairs: [string, string][] = [
    ['secretId', input.secretId ?? TEST_KEY.secretId],
    ['currentTimeStamp', String(now)],
    ['expireTime', String(input.expireTime ?? now + 300)],
    ['random', '123456'],
    ['platform', input.platform ?? PLATFORM],
    ['action', input.action ?? 'Login'],
    ['userId', input.userId ?? 'user_001'],
  ];
  const plaintext = pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
  const mac = createHmac('sha1', input.secretKey ?? TEST_KEY.secretKey)
    .update(plaintext, 'utf8')
    .digest();
  return Buffer.concat([mac, Buffer.from(plaintext, 'utf8')]).toString('base64');
}

/** JSON of an answer, with its HTTP status and headers. */
export interface Answer {
  status: number;
  headers: Headers;
  json: Record<string, unknown>;
}

/** GET `/?signature=` (URL-encoded) and the parsed answer. */
export async function loginWith(sb: RunningSandbox, signature: string): Promise<Answer> {
  const res = await fetch(`${sb.url}/?signature=${encodeURIComponent(signature)}`);
  return { status: res.status, headers: res.headers, json: (await res.json()) as Record<string, unknown> };
}

/** Logs in a user (current shape) and returns the ticket. */
export async function ticketFor(sb: RunningSandbox, userId = 'user_001'): Promise<string> {
  const ans = await loginWith(sb, signIndependently({ userId }));
  const response = ans.json.Response as Record<string, unknown> | undefined;
  const data = ans.json.Data as Record<string, unknown> | undefined;
  const ticket = response?.Authorization ?? data?.Authorization;
  if (typeof ticket !== 'string') throw new Error(`login failed: ${JSON.stringify(ans.json)}`);
  return ticket;
}

/** POSTs a client API call; `body` is sent as JSON unless it is a string (sent as is). */
export async function callApi(
  sb: RunningSandbox,
  path: string,
  body: unknown,
  auth: string | null,
  prefix = '',
): Promise<Answer> {
  const query = auth === null ? '' : `?auth=${encodeURIComponent(auth)}`;
  const res = await fetch(`${sb.url}${prefix}/PaaS/${path}${query}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, headers: res.headers, json: (await res.json()) as Record<string, unknown> };
}

/** A client bound to one sandbox and ticket: `call('Material/ListMedia', body)` → Answer. */
export function apiClient(
  sb: RunningSandbox,
  auth: string,
): (path: string, body: unknown) => Promise<Answer> {
  return (path, body) => callApi(sb, path, body, auth);
}

/** The Data of an answer as a record (empty when absent). */
export function dataOf(ans: Answer): Record<string, unknown> {
  const data = ans.json.Data;
  return typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : {};
}

/** A PERSON owner. */
export function person(id = 'user_001'): { Type: 'PERSON'; Id: string } {
  return { Type: 'PERSON', Id: id };
}

/** RFC 4122 UUID shape. */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
