/**
 * Shared generators and oracle of the issue 15 property tests (test/cme/secrets-property.test.ts and the
 * surfaces tested elsewhere: the panel's views, `cme-devtools inspect`, the sandbox's logs). A ticket or
 * signature is made known the way a tab learns it, then placed somewhere else in some encoding; the
 * oracle reads every string of an output raw, percent-decoded (both ways), JSON-unescaped, and every
 * Base64 run decoded, and fails when the secret is in any reading.
 *
 * SECRETS_PROPERTY_RUNS sets the runs per surface (default 10,000).
 */
import fc from 'fast-check';
import { base64Decode, base64Encode, percentDecode, utf8Encode } from '../../lib/cme/bytes';
import type { KnownSecret } from '../../lib/cme/secrets';
import type { HttpHeader, RawBody, RawCall } from '../../lib/cme/types';
import { answers, apiCall, loginCall } from './factories';

export const RUNS = Number(process.env.SECRETS_PROPERTY_RUNS ?? 10_000);
// Generous per surface: 10,000 runs take 2–8 s on a shared 2-core machine; CI may raise RUNS.
export const TIMEOUT = Math.max(60_000, RUNS * 20);
export const API = 'https://web-paas-api.cme.qcloud.com/PaaS/Material/ListMedia';

// ---- secrets -------------------------------------------------------------------------------------

export const HEX = '0123456789abcdef';
export const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export const ticketArb: fc.Arbitrary<KnownSecret> = fc
  .oneof(
    fc.string({ unit: fc.constantFrom(...HEX), minLength: 24, maxLength: 48 }).map((h) => `tf_${h}`),
    // Not every ticket looks like one: found by value only.
    fc.string({ unit: fc.constantFrom(...ALNUM), minLength: 16, maxLength: 40 }).map((s) => `k${s}`),
  )
  .map((value) => ({ value, kind: 'ticket' }));

export const signatureArb: fc.Arbitrary<KnownSecret> = fc
  .tuple(fc.uint8Array({ minLength: 20, maxLength: 20 }), fc.stringMatching(/^[a-z0-9_]{1,12}$/))
  .map(([mac, user]) => {
    const plain = `secretId=AKIDEXAMPLE&currentTimeStamp=1700000000&expireTime=1700000300&random=1&platform=p&action=Login&userId=${user}`;
    const bytes = new Uint8Array([...mac, ...utf8Encode(plain)]);
    return { value: base64Encode(bytes), kind: 'signature' as const };
  });

export const secretArb = fc.oneof(ticketArb, signatureArb);

// ---- encodings of a value --------------------------------------------------------------------------

export const hex2 = (b: number, lower: boolean) => {
  const h = b.toString(16).padStart(2, '0');
  return lower ? h : h.toUpperCase();
};

export type Enc =
  | { kind: 'raw' }
  | { kind: 'uri' }
  | { kind: 'pct'; lower: boolean; every: number }
  | { kind: 'json'; every: number; slash: boolean }
  | { kind: 'plus' };

export const encArb: fc.Arbitrary<Enc> = fc.oneof(
  fc.constant<Enc>({ kind: 'raw' }),
  fc.constant<Enc>({ kind: 'uri' }),
  fc.record({
    kind: fc.constant('pct' as const),
    lower: fc.boolean(),
    every: fc.integer({ min: 1, max: 5 }),
  }),
  fc.record({
    kind: fc.constant('json' as const),
    every: fc.integer({ min: 1, max: 5 }),
    slash: fc.boolean(),
  }),
  fc.constant<Enc>({ kind: 'plus' }),
);

export function encode(v: string, enc: Enc): string {
  switch (enc.kind) {
    case 'raw':
      return v;
    case 'uri':
      return encodeURIComponent(v);
    case 'plus':
      return v.replaceAll('+', ' ');
    case 'pct':
      return [...v]
        .map((c, i) => (i % enc.every === 0 ? `%${hex2(c.charCodeAt(0), enc.lower)}` : c))
        .join('');
    case 'json':
      return [...v]
        .map((c, i) =>
          c === '/' && enc.slash
            ? '\\/'
            : i % enc.every === 0
              ? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`
              : c,
        )
        .join('');
  }
}

// ---- where it is placed ----------------------------------------------------------------------------

export type Context = 'value' | 'url' | 'message';
export type BodyEnc = 'text' | 'base64' | 'base64-bad-byte' | 'base64-cut';
export interface Placement {
  where:
    | 'query'
    | 'req-header'
    | 'res-header'
    | 'req-body'
    | 'res-body'
    | 'comment'
    | 'initiator'
    | 'query-string';
  context: Context;
  /** Query key spelling: auth, %61uth, a%75th, or a name that is no secret name. */
  key: 'auth' | '%61uth' | 'a%75th' | 'q';
  header: string;
  field: string;
  depth: number;
  arrays: boolean;
  bodyEnc: BodyEnc;
  cut: number;
}

export const placementArb: fc.Arbitrary<Placement> = fc.record({
  where: fc.constantFrom(
    'query',
    'req-header',
    'res-header',
    'req-body',
    'res-body',
    'req-body',
    'res-body',
    'comment',
    'initiator',
    'query-string',
  ),
  context: fc.constantFrom<Context>('value', 'url', 'message'),
  key: fc.constantFrom('auth', '%61uth', 'a%75th', 'q'),
  header: fc.constantFrom(
    'X-CME-Auth',
    'Authorization',
    'X-Custom',
    'Referer',
    'Cookie',
    'Location',
    'X-Trace',
  ),
  field: fc.constantFrom('Authorization', 'auth', 'Ticket', 'VerifySign', 'Message', 'Url', 'x', 'Data'),
  depth: fc.oneof(
    { weight: 20, arbitrary: fc.integer({ min: 0, max: 80 }) },
    { weight: 4, arbitrary: fc.integer({ min: 60, max: 300 }) },
    { weight: 1, arbitrary: fc.integer({ min: 2000, max: 3000 }) },
  ),
  arrays: fc.boolean(),
  bodyEnc: fc.constantFrom<BodyEnc>('text', 'base64', 'base64-bad-byte', 'base64-cut'),
  cut: fc.nat(12),
});

export function fragment(enc: string, p: Placement, secret: KnownSecret): string {
  const key = secret.kind === 'signature' && p.key !== 'q' ? 'signature' : p.key;
  switch (p.context) {
    case 'value':
      return enc;
    case 'url':
      return `https://h.example/cb?x=1&${key}=${enc}&y=2`;
    case 'message':
      return `the ticket ${enc} is not valid here`;
  }
}

/** A JSON text with `frag` as a string `depth` levels down (built as text: no depth limit). */
export function nestedJson(frag: string, p: Placement): { text: string; secretEnd: number } {
  const open: string[] = [];
  const close: string[] = [];
  for (let i = 0; i < p.depth; i++) {
    if (p.arrays && i % 2 === 1) {
      open.push('[1,');
      close.push(']');
    } else {
      open.push(`{"n${i % 3}":`);
      close.push('}');
    }
  }
  const head = `${open.join('')}{"Code":"Success","${p.field}":"`;
  const text = `${head}${frag}"}${close.reverse().join('')}`;
  return { text, secretEnd: head.length + frag.length };
}

export function body(text: string, secretEnd: number, p: Placement): RawBody {
  if (p.bodyEnc === 'text') return { text, mimeType: 'application/json' };
  let bytes = utf8Encode(text);
  if (p.bodyEnc === 'base64-bad-byte') bytes = new Uint8Array([0xff, ...bytes, 0xc3]);
  let b64 = base64Encode(bytes);
  if (p.bodyEnc === 'base64-cut') {
    // Cut after the secret, anywhere mid-Base64 (the last group may be 1, 2 or 3 characters).
    const after = Math.ceil((utf8Encode(text.slice(0, secretEnd)).length * 4) / 3) + p.cut;
    b64 = b64.slice(0, Math.min(b64.length, after + 1));
  }
  return { text: b64, encoding: 'base64', mimeType: 'application/json' };
}

/** The call carrying the secret in the placement, and the string placed (for the text surfaces). */
export function placed(secret: KnownSecret, enc: Enc, p: Placement): { call: RawCall; text: string } {
  const e = encode(secret.value, enc);
  const frag = fragment(e, p, secret);
  const call = apiCall({ auth: 'tf_0000000000000000000000000000other', body: { ClassId: 1 } });
  const header = (value: string): HttpHeader => ({
    name: p.header,
    value: p.header === 'Authorization' ? `Bearer ${value}` : value,
  });
  switch (p.where) {
    case 'query': {
      const key = secret.kind === 'signature' && p.key !== 'q' ? 'signature' : p.key;
      call.request.url = `${API}?x=1&${key}=${e}`;
      return { call, text: call.request.url };
    }
    case 'query-string':
      call.request.queryString = [{ name: secret.kind === 'signature' ? 'signature' : 'auth', value: e }];
      return { call, text: e };
    case 'req-header':
      call.request.headers.push(header(frag));
      return { call, text: frag };
    case 'res-header':
      call.response!.headers.push(header(frag));
      return { call, text: frag };
    case 'comment':
      call.comment = frag;
      return { call, text: frag };
    case 'initiator':
      call.initiator = { type: 'script', url: frag, stack: { callFrames: [{ url: frag }] } };
      return { call, text: frag };
    case 'req-body':
    case 'res-body': {
      const json = nestedJson(frag, p);
      const b = body(json.text, json.secretEnd, p);
      if (p.where === 'req-body') call.request.body = b;
      else call.response!.body = b;
      return { call, text: json.text };
    }
  }
}

export type Intro = 'query' | 'login-current' | 'login-legacy' | 'verify-sign' | 'store';
export const introArb = fc.constantFrom<Intro>(
  'query',
  'login-current',
  'login-legacy',
  'verify-sign',
  'store',
);

/** How the tab learnt the secret: a call of its traffic, or null when it is only known from the store. */
export function introCall(secret: KnownSecret, intro: Intro): RawCall | null {
  if (intro === 'store') return null;
  if (secret.kind === 'signature') {
    return intro === 'verify-sign'
      ? apiCall({ auth: null, body: { VerifySign: secret.value } })
      : loginCall({ signature: secret.value, answer: answers.currentError() });
  }
  if (intro === 'login-current') return loginCall({ answer: answers.currentOk({ ticket: secret.value }) });
  if (intro === 'login-legacy') return loginCall({ answer: answers.legacyOk({ ticket: secret.value }) });
  return apiCall({ auth: secret.value });
}

export const scenarioArb = fc.record({ secret: secretArb, enc: encArb, p: placementArb, intro: introArb });

// ---- the oracle ------------------------------------------------------------------------------------

export function jsonUnescape(s: string): string {
  return s.replace(/\\(u[0-9a-fA-F]{4}|.)/g, (_m, e: string) =>
    e.length === 5 ? String.fromCharCode(parseInt(e.slice(1), 16)) : e,
  );
}

export function latin1(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += String.fromCharCode(b);
  return out;
}

/** Every reading of a string: raw, percent-decoded both ways, JSON-unescaped, and Base64 runs decoded. */
export function readings(s: string): string[] {
  const out = new Set<string>();
  const first = [s, percentDecode(s), percentDecode(s, true), jsonUnescape(s)];
  for (const r of first) {
    out.add(r);
    out.add(jsonUnescape(percentDecode(r)));
    for (const run of r.match(/[A-Za-z0-9+/_-]{16,}={0,2}/g) ?? []) {
      const trimmed = run.replace(/=+$/, '');
      const usable = trimmed.length % 4 === 1 ? trimmed.slice(0, -1) : trimmed;
      const bytes = base64Decode(usable);
      if (bytes === null) continue;
      const text = latin1(bytes);
      out.add(text);
      out.add(percentDecode(text));
      out.add(jsonUnescape(text));
    }
  }
  return [...out];
}

export function leaks(s: string, secret: KnownSecret): boolean {
  if (s.length < 4) return false;
  const forms = [secret.value];
  if (secret.value.includes('+')) forms.push(secret.value.replaceAll('+', ' '));
  return readings(s).some((r) => forms.some((f) => r.includes(f)));
}

/** Every string (and key) of a value, iteratively; Base64 bodies read as well by `leaks`. */
export function strings(value: unknown): string[] {
  const out: string[] = [];
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v === 'string') out.push(v);
    else if (typeof v === 'object' && v !== null) {
      for (const [k, x] of Object.entries(v)) {
        out.push(k);
        stack.push(x);
      }
    }
  }
  return out;
}

export function assertMasked(output: unknown, secret: KnownSecret, what: string): void {
  const leak = strings(output).find((s) => leaks(s, secret));
  if (leak !== undefined) {
    throw new Error(`${what}: ${secret.kind} ${secret.value} leaks in ${JSON.stringify(leak.slice(0, 300))}`);
  }
}

/** Known secrets of a scenario, as the tab would have them. */
export function known(
  secret: KnownSecret,
  intro: RawCall | null,
): { calls: RawCall[]; extra: KnownSecret[] } {
  return intro === null ? { calls: [], extra: [secret] } : { calls: [intro], extra: [] };
}
