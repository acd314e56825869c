/**
 * Body reading and answer decoding: captured bodies to text, PaaS `{Code, Message, EnglishMessage, Data}`
 * envelopes and both documented login answer shapes. Never throws: what cannot be read becomes a problem.
 */
import {
  answerFields,
  httpOk,
  isObject,
  loginFields,
  loginSource,
  parseJson,
  type AnswerFields,
  type JsonObject,
} from './answer';
import { utf8Decode, utf8DecodeStrict } from './bytes';
import type { Envelope, LoginAnswer, RawBody } from './types';

/** Which side of a call a body belongs to; only changes the wording of problems. */
export type BodySide = 'response' | 'request';

/**
 * Text of a captured body (base64 decoded as UTF-8) and what could not be read. Never throws.
 * `checkSize: false` skips comparing the text with a HAR `size` (an O(n) UTF-8 count on non-ASCII text);
 * callers that parse the text can run `sizeShortfall` only when parsing fails.
 */
export function readBodyText(
  body: RawBody | null | undefined,
  side: BodySide = 'response',
  checkSize = true,
): { text: string | null; problems: string[] } {
  const label = side === 'response' ? 'Response' : 'Request';
  if (body === null || body === undefined) {
    return {
      text: null,
      problems: [side === 'response' ? 'No response body (network failure or blocked)' : 'No request body'],
    };
  }
  const raw = body.text;
  if (typeof raw !== 'string') {
    return { text: null, problems: [`${label} body was not captured`] };
  }
  const size = knownSize(body);
  if (raw === '') {
    return {
      text: '',
      problems: [size ? `${label} body was not captured (${size} bytes)` : `${label} body is empty`],
    };
  }
  const problems: string[] = [];
  let text = raw;
  if (body.encoding !== undefined && body.encoding !== '') {
    if (isBase64(body)) {
      const decoded = decodeBase64Utf8(raw);
      if (decoded === null) return { text: null, problems: [`${label} body is not valid base64`] };
      text = decoded.text;
      if (decoded.lossy) problems.push(`${label} body is not valid UTF-8 (bad bytes replaced)`);
    } else {
      problems.push(`${label} body has an unknown encoding "${body.encoding}" (read as text)`);
    }
  }
  if (body.truncated === true || checkSize) {
    const shortfall = sizeShortfall(body, text, side);
    if (shortfall !== null) problems.push(shortfall);
  }
  if (text === '') problems.push(`${label} body is empty`);
  return { text, problems };
}

/**
 * The truncation problem of a body read as `text`, or null: flagged `truncated` by our capture, or
 * (when the flag is absent, as in HAR) shorter in UTF-8 bytes than the recorded `size`.
 */
export function sizeShortfall(body: RawBody, text: string, side: BodySide = 'response'): string | null {
  const label = side === 'response' ? 'Response' : 'Request';
  const size = knownSize(body);
  if (body.truncated === true) {
    const bytes = byteLength(body, text);
    return size && size > bytes
      ? `${label} body was truncated at ${bytes} of ${size} bytes`
      : `${label} body was truncated at ${bytes} bytes`;
  }
  // UTF-8 never takes fewer bytes than UTF-16 code units, so the exact count is only needed past this.
  if (body.truncated !== undefined || size === undefined || size <= text.length) return null;
  const bytes = byteLength(body, text);
  return size > bytes ? `${label} body was truncated at ${bytes} of ${size} bytes` : null;
}

function knownSize(body: RawBody): number | undefined {
  return typeof body.size === 'number' && body.size > 0 ? body.size : undefined;
}

function isBase64(body: RawBody): boolean {
  return typeof body.encoding === 'string' && body.encoding.toLowerCase() === 'base64';
}

/** Bytes the body had: from the base64 length when encoded, else the UTF-8 length of the text. */
function byteLength(body: RawBody, text: string): number {
  const raw = body.text;
  if (isBase64(body) && typeof raw === 'string') {
    const b64 = raw.replace(/[^A-Za-z0-9+/]/g, '');
    return Math.floor((b64.length * 3) / 4);
  }
  return utf8Length(text);
}

/** Decodes a PaaS answer envelope; ok only when Code is `Success` (and HTTP did not fail). Never throws. */
export function decodeEnvelope(text: string | null, httpStatus?: number): Envelope {
  const env = emptyEnvelope();
  const obj = parseObject(text, httpStatus, env);
  if (obj === null) return env;
  // An API 3.0 style answer (e.g. a gateway refusing the call before the PaaS handler runs) has Response.
  if (!readShape(obj, env, answerFields(obj, false))) env.problems.push('Answer has no Code');
  env.ok = env.code === 'Success' && httpOk(httpStatus);
  return env;
}

/** Answers shorter than this are parsed whole by `decodeEnvelopeHead` (the head saves little there). */
const HEAD_MIN_CHARS = 2048;

/**
 * `decodeEnvelope` for readers that show no Data (the CLI's `inspect`): when Data is the answer's last
 * top-level member and Code and RequestId come before it, as in CME's answers, only the part before Data
 * is parsed and `data` stays undefined (Data holds nearly all of a 1–50 KB answer: parsing it was a fifth
 * of inspect's time). Data is then not checked to be valid JSON; any other answer is parsed whole.
 */
export function decodeEnvelopeHead(text: string | null, httpStatus?: number): Envelope {
  const head = text !== null && text.length >= HEAD_MIN_CHARS ? envelopeHead(text) : null;
  if (head === null) return decodeEnvelope(text, httpStatus);
  const env = emptyEnvelope();
  if (httpStatus === 0) env.problems.push('No response (status 0)');
  env.json = head;
  readShape(head, env, answerFields(head, false));
  env.data = undefined;
  env.ok = env.code === 'Success' && httpOk(httpStatus);
  return env;
}

/** The members before a last top-level `"Data"` (Code and RequestId among them), parsed; else null. */
function envelopeHead(text: string): JsonObject | null {
  const at = text.indexOf('"Data"');
  if (at < 0) return null;
  let end = text.length - 1;
  while (end > at && /\s/.test(text[end]!)) end--;
  if (text.charCodeAt(end) !== 0x7d) return null;
  let head: unknown;
  try {
    // Valid only when the cut falls where a key of the top-level object may start.
    head = JSON.parse(`${text.slice(0, at)}"Data":null}`);
  } catch {
    return null;
  }
  if (!isObject(head) || typeof head.RequestId !== 'string' || !('Code' in head) || 'Response' in head) {
    return null;
  }
  return head;
}

/** Decodes a login answer of either documented shape (current `Response`, legacy `Code`/`Data`). Never throws. */
export function decodeLoginAnswer(text: string | null, httpStatus?: number): LoginAnswer {
  const ans: LoginAnswer = {
    ...emptyEnvelope(),
    shape: null,
    authorization: null,
    appId: null,
    platform: null,
    userId: null,
    tfUid: null,
  };
  const obj = parseObject(text, httpStatus, ans);
  if (obj === null) return ans;
  const fields = answerFields(obj, true);
  const shape = (ans.shape = readShape(obj, ans, fields));
  if (!shape) {
    ans.problems.push('Not a login answer (neither Response nor Code)');
    return ans;
  }
  // `data` is Data (legacy) or Response (current); the current shape carries the ticket only on success.
  Object.assign(ans, loginFields(fields));
  const appId = loginSource(fields)?.AppId;
  if (appId !== undefined && appId !== null && ans.appId === null) {
    ans.problems.push(`AppId is not an integer (${jsonKind(appId)})`);
  }
  if (ans.code === 'Success' && ans.authorization === null) {
    ans.problems.push('Login answer has no Authorization');
  }
  ans.ok = ans.code === 'Success' && ans.authorization !== null && httpOk(httpStatus);
  return ans;
}

function emptyEnvelope(): Envelope {
  return {
    ok: false,
    code: null,
    message: null,
    englishMessage: null,
    requestId: null,
    data: undefined,
    json: undefined,
    problems: [],
  };
}

/** One JSON.parse into `env.json`; the object when the answer is a JSON object, else null with a problem. */
function parseObject(text: string | null, httpStatus: number | undefined, env: Envelope): JsonObject | null {
  const problems = env.problems;
  if (httpStatus === 0) problems.push('No response (status 0)');
  if (text === null) {
    if (httpStatus !== 0) problems.push('No answer body');
    return null;
  }
  const json = parseJson(text);
  if (json === undefined) {
    const trimmed = text.trim();
    if (trimmed === '') problems.push('Answer body is empty');
    else problems.push(`Answer is not JSON${statusNote(httpStatus)}: starts with ${snippet(trimmed)}`);
    return null;
  }
  env.json = json;
  if (isObject(json)) return json;
  problems.push(`Answer is not a JSON object (${jsonKind(json)})${statusNote(httpStatus)}`);
  return null;
}

/**
 * The fields `answerFields` read of `obj` (answer.ts) put into `env`, and what is wrong with their shape:
 * a Code that is not a string, a `Response.Error` that is not an object. Answers the shape.
 */
function readShape(obj: JsonObject, env: Envelope, fields: AnswerFields): AnswerFields['shape'] {
  env.code = fields.code;
  env.message = fields.message;
  env.englishMessage = fields.englishMessage;
  env.requestId = fields.requestId;
  env.data = fields.data;
  if (fields.shape === 'legacy') codeProblem(obj.Code, env.problems);
  else if (fields.shape === 'current') {
    const error = (obj.Response as JsonObject).Error;
    if (error !== undefined && !isObject(error)) env.problems.push('Response.Error is not an object');
    else if (error !== undefined) codeProblem(error.Code, env.problems);
  }
  return fields.shape;
}

function codeProblem(value: unknown, problems: string[]): void {
  if (typeof value === 'string') return;
  if (typeof value === 'number' && Number.isFinite(value)) {
    problems.push(`Code is a number (${value}), expected a string`);
    return;
  }
  problems.push(value === undefined ? 'Answer has no Code' : `Code is not a string (${jsonKind(value)})`);
}

function statusNote(status: number | undefined): string {
  return status !== undefined && status >= 400 ? ` (HTTP ${status})` : '';
}

function snippet(text: string): string {
  const cut = text.length > 40 ? `${text.slice(0, 40)}…` : text;
  return JSON.stringify(cut.replace(/\s+/g, ' '));
}

function jsonKind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/** Bytes `text` takes in UTF-8 (lone surrogates count as the 3-byte replacement character). */
function utf8Length(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) bytes += 1;
    else if (c <= 0xdbff && c >= 0xd800 && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 2; // a surrogate pair: 4 bytes for 2 code units
      i++;
    } else bytes += 2;
  }
  return bytes;
}

function decodeBase64Utf8(b64: string): { text: string; lossy: boolean } | null {
  let binary: string;
  try {
    binary = atob(b64);
  } catch {
    return null;
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  const text = utf8DecodeStrict(bytes);
  return text === null ? { text: utf8Decode(bytes), lossy: true } : { text, lossy: false };
}
