/**
 * Turns a captured request/response pair into a DecodedCall: classification, answer envelope, signatures,
 * catalogue check and attribution. Never throws; only what could not be read lands in `problems`.
 */
import { createAttributor, type Attributor } from './attribute';
import { checkCall } from './catalogue';
import { classifyRequest } from './classify';
import {
  decodeEnvelope,
  decodeEnvelopeHead,
  decodeLoginAnswer,
  readBodyText,
  sizeShortfall,
} from './envelope';
import { diagnoseLogin } from './login-diagnosis';
import { decodeSignature, findVerifySigns, signatureTiming } from './signature';
import type {
  CatalogueCheck,
  ClassifyOptions,
  DecodedCall,
  DecodedSignature,
  HttpHeader,
  Identity,
  RawCall,
} from './types';

/** What decoding needs besides the call: who owns which ticket, and the user's configured endpoints. */
export interface DecodeContext {
  attributor: Attributor;
  classify?: ClassifyOptions;
  /** Read an api answer's envelope from its head and leave `data` undefined (`decodeEnvelopeHead`). */
  answerHead?: boolean;
}

type SignatureAt = DecodedSignature & { expired: boolean | null };

/** Decodes one captured call; null when it is not a CME call. A login teaches `ctx.attributor` its ticket. */
export function decodeCall(raw: RawCall, index: number, ctx: DecodeContext): DecodedCall | null {
  const cls = classifyRequest(raw.request, ctx.classify);
  if (cls.kind === 'other') return null;

  const response = raw.response;
  const httpStatus = response?.status ?? 0;
  const problems: string[] = [];
  let text: string | null = null;
  if (response !== null && httpStatus !== 0) {
    // The size check costs a UTF-8 count per body; it runs below only when the answer fails to parse.
    const body = readBodyText(response.body, 'response', false);
    text = body.text;
    problems.push(...body.problems);
  }
  // The body reader already said why there is no text; the decoder's own words would repeat it.
  const keepAnswerProblems = httpStatus === 0 || (text !== null && text !== '');

  const base = {
    index,
    method: raw.request.method,
    url: raw.request.url,
    httpStatus,
    startedAt: raw.startedAt,
    durationMs: raw.durationMs,
  };

  if (cls.kind === 'login') {
    const ans = decodeLoginAnswer(text, httpStatus);
    noteTruncation(response, text, ans.json, problems);
    if (keepAnswerProblems) problems.push(...ans.problems);
    const signature = signatureAt(cls.signature, raw.startedAt);
    problems.push(...undecodable('Signature', signature));
    const fields = signature.fields;
    const who: Identity = {
      platform: ans.platform ?? fields?.platform ?? null,
      userId: fields?.userId ?? ans.userId,
      appId: ans.appId,
    };
    const ticket = ans.authorization;
    if (ticket !== null) ctx.attributor.learn(ticket, who);
    return {
      ...base,
      kind: 'login',
      actionClass: null,
      action: 'Login',
      ok: ans.ok,
      code: ans.code,
      message: ans.message,
      englishMessage: ans.englishMessage,
      requestId: ans.requestId,
      ticket,
      user: who.platform === null && who.userId === null && who.appId === null ? null : who,
      signature,
      loginFindings: diagnoseLogin({
        fields,
        startedAtMs: raw.startedAt,
        durationMs: raw.durationMs,
        dateHeader: headerOf(response?.headers, 'date'),
        answeredPlatform: ans.platform,
        answeredUserId: ans.userId,
        ok: ans.ok,
      }),
      verifySign: null,
      proxied: !cls.official,
      requestBody: undefined,
      data: ans.data,
      catalogue: null,
      problems,
    };
  }

  const env =
    ctx.answerHead === true ? decodeEnvelopeHead(text, httpStatus) : decodeEnvelope(text, httpStatus);
  noteTruncation(response, text, env.json, problems);
  if (keepAnswerProblems) problems.push(...env.problems);
  const request = readRequestBody(raw.request.body);
  problems.push(...request.problems);
  const catalogue: CatalogueCheck = request.unreadable
    ? { ...checkCall(cls.actionClass, cls.action, {}), findings: [] }
    : checkCall(cls.actionClass, cls.action, request.value);
  let verifySign: SignatureAt | null = null;
  if (request.value !== undefined) {
    const found = findVerifySigns(request.value)[0];
    if (found !== undefined) {
      verifySign = signatureAt(found.signature, raw.startedAt);
      problems.push(...undecodable(`VerifySign (${found.path})`, verifySign));
    }
  }
  return {
    ...base,
    kind: 'api',
    actionClass: cls.actionClass,
    action: cls.action,
    ok: env.ok,
    code: env.code,
    message: env.message,
    englishMessage: env.englishMessage,
    requestId: env.requestId,
    ticket: cls.auth,
    user: ctx.attributor.identify(cls.auth),
    signature: null,
    loginFindings: [],
    verifySign,
    proxied: cls.proxied,
    ...(cls.rule === undefined ? {} : { rule: cls.rule }),
    requestBody: request.value,
    data: env.data,
    catalogue,
    problems,
  };
}

/**
 * Decodes every CME call of a capture, skipping the rest. Logins teach tickets in time order (by
 * `startedAt`), so an api call is attributed only to a login made before it; output keeps input order.
 */
export function decodeCalls(raws: RawCall[], ctx: Partial<DecodeContext> = {}): DecodedCall[] {
  const full: DecodeContext = { attributor: ctx.attributor ?? createAttributor(), classify: ctx.classify };
  const order = timeOrder(raws);
  const decoded: (DecodedCall | null)[] = new Array<DecodedCall | null>(raws.length).fill(null);
  for (const i of order) {
    const raw = raws[i];
    if (raw !== undefined) decoded[i] = decodeCall(raw, i, full);
  }
  return decoded.filter((d): d is DecodedCall => d !== null);
}

/** Indices of `raws` by start time (stable); the identity order when already sorted, as captures usually are. */
function timeOrder(raws: RawCall[]): number[] {
  const order = raws.map((_, i) => i);
  let sorted = true;
  for (let i = 1; i < raws.length && sorted; i++) {
    if ((raws[i]?.startedAt ?? 0) < (raws[i - 1]?.startedAt ?? 0)) sorted = false;
  }
  if (!sorted) order.sort((a, b) => (raws[a]?.startedAt ?? 0) - (raws[b]?.startedAt ?? 0) || a - b);
  return order;
}

function signatureAt(text: string, atMs: number): SignatureAt {
  const decoded = decodeSignature(text);
  const expired = decoded.fields === null ? null : signatureTiming(decoded.fields, atMs).expired;
  return { ...decoded, expired };
}

/** Adds the HAR-size truncation problem when the answer did not parse (a complete body would have). */
function noteTruncation(
  response: RawCall['response'],
  text: string | null,
  json: unknown,
  problems: string[],
): void {
  const body = response?.body;
  if (json !== undefined || text === null || text === '' || !body || body.truncated === true) return;
  const shortfall = sizeShortfall(body, text);
  if (shortfall !== null) problems.push(shortfall);
}

/**
 * A signature that could not be decoded at all is a problem of the call; the findings on a decoded one
 * (transport damage, odd fields) stay in its own `problems`, shown with the signature.
 */
function undecodable(label: string, sig: SignatureAt): string[] {
  return sig.fields === null ? sig.problems.map((p) => `${label}: ${p}`) : [];
}

/** The parsed JSON request body; absent → undefined without a problem, unreadable → a problem. */
function readRequestBody(body: RawCall['request']['body']): {
  value: unknown;
  unreadable: boolean;
  problems: string[];
} {
  if (body === null || body === undefined || body.text === null || body.text === '') {
    return { value: undefined, unreadable: false, problems: [] };
  }
  const read = readBodyText(body, 'request', false);
  if (read.text === null) return { value: undefined, unreadable: true, problems: read.problems };
  try {
    return { value: JSON.parse(read.text), unreadable: false, problems: read.problems };
  } catch {
    const shortfall = body.truncated === true ? null : sizeShortfall(body, read.text, 'request');
    const problems = shortfall === null ? read.problems : [...read.problems, shortfall];
    return { value: undefined, unreadable: true, problems: [...problems, 'Request body is not JSON'] };
  }
}

/** The first value of a header (names compared without case); null when absent. */
function headerOf(headers: readonly HttpHeader[] | undefined, name: string): string | null {
  for (const h of headers ?? []) if (h.name.toLowerCase() === name) return h.value;
  return null;
}
