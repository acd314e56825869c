/**
 * Secrets of captured calls and their masking in bodies: every ticket and signature a set of calls carries
 * (query values, login answers, VerifySign), so exports and snippets can mask each occurrence anywhere.
 */
import { base64Decode, base64Encode, percentDecode, utf8DecodeStrict, utf8Encode } from './bytes';
import { MASK, maskJsonSecrets, maskSecretsInText } from './redact';
import type { RawBody, RawCall } from './types';

// JSON field names (lower case) whose string values are secrets; matches what maskJsonSecrets masks.
const SECRET_FIELDS = new Set(['authorization', 'auth', 'ticket', 'signature', 'verifysign', 'secretkey']);
const SECRET_PARAMS = new Set(['auth', 'signature']);

/**
 * Every secret the calls carry, in each form it may appear: `auth`/`signature` query values (as sent and
 * decoded), and secret-named JSON fields of request and response bodies (a login answer's Authorization,
 * VerifySign). Used to mask their every occurrence in any text of any call.
 */
export function collectSecrets(calls: RawCall[]): string[] {
  const found = new Set<string>();
  for (const call of calls) {
    const url = call.request.url;
    const q = url.indexOf('?');
    if (q >= 0) {
      for (const part of url.slice(q + 1).split(/[&#]/)) {
        const eq = part.indexOf('=');
        if (eq < 0 || !SECRET_PARAMS.has(part.slice(0, eq))) continue;
        const value = part.slice(eq + 1);
        if (value === '') continue;
        found.add(value);
        found.add(percentDecode(value));
        found.add(percentDecode(value, true));
      }
    }
    for (const body of [call.request.body, call.response?.body]) {
      const text = body ? bodyText(body) : null;
      if (text !== null) collectJsonSecrets(parseJson(text), found, 0);
    }
  }
  return [...found];
}

function collectJsonSecrets(value: unknown, found: Set<string>, depth: number): void {
  if (depth > 64 || value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (const v of value) collectJsonSecrets(v, found, depth + 1);
    return;
  }
  for (const [key, v] of Object.entries(value)) {
    if (typeof v === 'string' && SECRET_FIELDS.has(key.toLowerCase())) {
      if (v !== '') found.add(v);
    } else {
      collectJsonSecrets(v, found, depth + 1);
    }
  }
}

/**
 * A body with every secret masked: the collected secrets anywhere in its text, and secret-named JSON
 * fields the collection missed. A base64 body that is UTF-8 text is masked inside and re-encoded.
 */
export function maskBody(body: RawBody, secrets: string[]): RawBody {
  const text = bodyText(body);
  if (text === null) return { ...body };
  const masked = maskText(text, secrets);
  if (masked === text) return { ...body };
  if (body.encoding?.toLowerCase() === 'base64') return { ...body, text: base64Encode(utf8Encode(masked)) };
  return { ...body, text: masked };
}

/** Masks collected secrets in a text, then any secret-named JSON field still in clear. */
export function maskText(text: string, secrets: string[]): string {
  const out = maskSecretsInText(text, secrets);
  const json = parseJson(out);
  return json !== undefined && hasClearSecretField(json, 0) ? JSON.stringify(maskJsonSecrets(json)) : out;
}

function hasClearSecretField(value: unknown, depth: number): boolean {
  if (depth > 64 || value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some((v) => hasClearSecretField(v, depth + 1));
  for (const [key, v] of Object.entries(value)) {
    if (typeof v === 'string') {
      if (SECRET_FIELDS.has(key.toLowerCase()) && v !== '' && !v.includes(MASK)) return true;
    } else if (hasClearSecretField(v, depth + 1)) {
      return true;
    }
  }
  return false;
}

/** Text of a body; base64 bodies decoded when they are UTF-8 text; null for binary or absent text. */
export function bodyText(body: RawBody): string | null {
  if (typeof body.text !== 'string') return null;
  if (body.encoding?.toLowerCase() !== 'base64') return body.text;
  const bytes = base64Decode(body.text);
  return bytes === null ? null : utf8DecodeStrict(bytes);
}

function parseJson(text: string): unknown {
  const t = text.trimStart();
  if (!t.startsWith('{') && !t.startsWith('[')) return undefined;
  try {
    return JSON.parse(t) as unknown;
  } catch {
    return undefined;
  }
}
