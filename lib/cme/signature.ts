/**
 * CME client-access signature (客户端访问签名): build, sign, decode, verify and time-check.
 * signature = Base64(HMAC-SHA1(SecretKey, plaintext) || UTF-8 plaintext), plaintext a query string.
 * Pure TypeScript with WebCrypto; decoding is synchronous and never throws.
 */
import type { DecodedSignature, SignatureCheck, SignatureFields } from './types';
import { base64Encode, utf8Encode } from './bytes';
import { HMAC_BYTES, readSignature, STANDARD_FIELDS } from './signature-read';

/** What a signature is made of; defaults follow the official samples. */
export interface SignParams {
  secretId: string;
  platform: string;
  userId: string;
  /** `Login` (default), `OpenProject` or `Upload`. */
  action?: string;
  /** Unix seconds; default now. */
  currentTimeStamp?: number;
  /** Validity in seconds, used when `expireTime` is absent; default 300. */
  ttl?: number;
  /** Unix seconds; default `currentTimeStamp + ttl`. */
  expireTime?: number;
  /** 32-bit unsigned; default random. */
  random?: number;
  /** Optional fields after the standard ones, e.g. `openProject.projectId`. */
  extra?: Record<string, string>;
}

/** Injected globals of `signSignature`. */
export interface SignDeps {
  crypto?: Crypto;
  /** Epoch milliseconds (Date.now style). */
  now?: () => number;
  randomUint32?: () => number;
}

/**
 * Percent-encodes like Node's `querystring.escape` (UTF-8, upper-case hex; it leaves alone exactly what
 * encodeURIComponent does). Node throws on a lone surrogate; this encodes it as U+FFFD instead, matching
 * the UTF-8 bytes TextEncoder would sign.
 */
export function querystringEscape(text: string): string {
  return encodeURIComponent(text.toWellFormed());
}

function defaultRandomUint32(): number {
  return globalThis.crypto.getRandomValues(new Uint32Array(1))[0]!;
}

/**
 * The plaintext of a signature: documented order (secretId, currentTimeStamp, expireTime, random,
 * platform, action, userId) then `extra`, encoded as Node's `querystring.stringify` does.
 * Throws a RangeError/TypeError on a non-integer number or an `extra` key that repeats a standard one.
 */
export function buildSignaturePlaintext(
  params: SignParams,
  now: () => number = Date.now,
  randomUint32: () => number = defaultRandomUint32,
): string {
  const currentTimeStamp = params.currentTimeStamp ?? Math.floor(now() / 1000);
  const values: Record<string, unknown> = {
    ...params,
    currentTimeStamp,
    expireTime: params.expireTime ?? currentTimeStamp + (params.ttl ?? 300),
    random: params.random ?? randomUint32(),
    action: params.action ?? 'Login',
  };
  const pairs: [string, unknown][] = STANDARD_FIELDS.map((name) => [name, values[name]]);
  for (const [name, value] of pairs) {
    if (typeof value === 'number' && !Number.isSafeInteger(value)) {
      throw new RangeError(`${name} must be an integer, got ${value}.`);
    }
  }
  for (const [key, value] of Object.entries(params.extra ?? {})) {
    if (pairs.some(([name]) => name === key))
      throw new TypeError(`extra field ${key} repeats a standard field.`);
    pairs.push([key, value]);
  }
  return pairs
    .map(([key, value]) => querystringEscape(key) + '=' + querystringEscape(String(value)))
    .join('&');
}

async function hmacSha1(
  crypto: Crypto,
  secretKey: string,
  message: Uint8Array<ArrayBuffer>,
): Promise<Uint8Array<ArrayBuffer>> {
  let keyBytes = utf8Encode(secretKey);
  // WebCrypto refuses an empty HMAC key; HMAC zero-pads keys to the block size, so one zero byte is the same key.
  if (keyBytes.length === 0) keyBytes = new Uint8Array(1);
  const key = await crypto.subtle.importKey('raw', keyBytes, { name: 'HMAC', hash: 'SHA-1' }, false, [
    'sign',
  ]);
  return new Uint8Array(await crypto.subtle.sign('HMAC', key, message));
}

/** Makes a signature: Base64(HMAC-SHA1(secretKey, plaintext) || plaintext), as the developer's server would. */
export async function signSignature(
  params: SignParams,
  secretKey: string,
  deps: SignDeps = {},
): Promise<string> {
  const plaintext = buildSignaturePlaintext(params, deps.now, deps.randomUint32);
  const message = utf8Encode(plaintext);
  const mac = await hmacSha1(deps.crypto ?? globalThis.crypto, secretKey, message);
  const out = new Uint8Array(HMAC_BYTES + message.length);
  out.set(mac);
  out.set(message, HMAC_BYTES);
  // A few hundred bytes at most: btoa over a binary string is the smallest correct encoder here.
  let binary = '';
  for (const b of out) binary += String.fromCharCode(b);
  return btoa(binary);
}

/**
 * Decodes a signature in any field order, tolerating whitespace, `+` turned into spaces, percent-encoding
 * and base64url. `fields` is null only when it is not a CME signature at all; everything else is a problem.
 */
export function decodeSignature(sig: string): DecodedSignature {
  const read = readSignature(sig);
  return {
    fields: read.fields,
    raw: read.pairs,
    plaintext: read.plaintext,
    hmacHex: read.hmacHex,
    problems: read.problems,
    ...(read.bytes ? { base64: base64Encode(read.bytes) } : {}),
  };
}

/** Decode a signature and judge its timing at `atMs` (what the login form shows of a paste). */
export function checkSignature(sig: string, atMs: number): SignatureCheck {
  const decoded = decodeSignature(sig);
  if (!decoded.fields) return { ...decoded, expired: null, notYetValid: null, secondsLeft: null };
  return { ...decoded, ...signatureTiming(decoded.fields, atMs) };
}

/**
 * Recomputes the HMAC over the exact plaintext bytes the signature carries.
 * null when the text cannot be split into 20 HMAC bytes and a plaintext (not Base64, too short).
 */
export async function verifySignature(
  sig: string,
  secretKey: string,
  deps: { crypto?: Crypto } = {},
): Promise<boolean | null> {
  const read = readSignature(sig);
  if (!read.bytes) return null;
  const mac = await hmacSha1(deps.crypto ?? globalThis.crypto, secretKey, read.bytes.subarray(HMAC_BYTES));
  let diff = 0;
  for (let i = 0; i < HMAC_BYTES; i++) diff |= mac[i]! ^ read.bytes[i]!;
  return diff === 0;
}

/**
 * Expiry of a signature judged at a given time (for a captured call: the request's own time).
 * Valid through the second `expireTime` itself; `notYetValid` when signed more than `maxSkewSeconds` ahead.
 */
export function signatureTiming(
  fields: Pick<SignatureFields, 'currentTimeStamp' | 'expireTime'>,
  atMs: number,
  maxSkewSeconds = 300,
): { expired: boolean; notYetValid: boolean; secondsLeft: number } {
  const at = Math.floor(atMs / 1000);
  return {
    expired: at > fields.expireTime,
    notYetValid: fields.currentTimeStamp - at > maxSkewSeconds,
    secondsLeft: fields.expireTime - at,
  };
}

/**
 * Finds `VerifySign` string fields (CreateUploadMaterial, ProcessMaterial) in a request body, at any depth.
 * Accepts a parsed body or its JSON text; paths look like `VerifySign` or `Items[0].VerifySign`.
 */
export function findVerifySigns(body: unknown): { path: string; signature: string }[] {
  const found: { path: string; signature: string }[] = [];
  let root = body;
  if (typeof body === 'string') {
    try {
      root = JSON.parse(body);
    } catch {
      return found;
    }
  }
  const seen = new Set<object>();
  const walk = (node: unknown, path: string, depth: number): void => {
    if (depth > 32 || node === null || typeof node !== 'object' || seen.has(node)) return;
    seen.add(node);
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) walk(node[i], `${path}[${i}]`, depth + 1);
      return;
    }
    for (const [key, value] of Object.entries(node)) {
      const p = path ? `${path}.${key}` : key;
      // Matched case-insensitively: third-party clients spell it verifySign too.
      if (typeof value === 'string' && key.toLowerCase() === 'verifysign')
        found.push({ path: p, signature: value });
      else walk(value, p, depth + 1);
    }
  };
  try {
    walk(root, '', 0);
  } catch {
    // A hostile getter or proxy: keep what was found.
  }
  return found;
}

/** Cheap classifier check: the text decodes to HMAC + a plaintext with a `secretId` or `action` field. */
export function looksLikeSignature(text: string): boolean {
  // 21 bytes (20 HMAC + 1) need at least 28 Base64 characters.
  if (typeof text !== 'string' || text.length < 28) return false;
  return readSignature(text, false).cme;
}
