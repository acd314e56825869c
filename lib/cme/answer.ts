/**
 * The fields of a CME answer, read without judging it: Code, messages, RequestId and Data of either shape
 * (`{Code, Message, EnglishMessage, Data}`, or `{Response: {Error?, RequestId, ...}}`), and a login's
 * ticket and identity. What the background needs of the answers it fetches (a history row, a rejected
 * ticket, a stored one); what is wrong with an answer, the pages say (envelope.ts builds on this).
 * Never throws.
 */
import type { Envelope, LoginAnswer } from './types';

/** A JSON object. */
export type JsonObject = Record<string, unknown>;

/** The head of an answer: `ok` when its Code is `Success` and HTTP did not fail (for a login: with a ticket). */
export type AnswerHead = Pick<Envelope, 'ok' | 'code' | 'message' | 'englishMessage' | 'requestId'>;

/** A login answer's head: its shape, the ticket and the identity it grants. */
export type LoginHead = AnswerHead &
  Pick<LoginAnswer, 'shape' | 'authorization' | 'appId' | 'platform' | 'userId' | 'tfUid'>;

/** What `answerFields` reads. `shape` is null when the answer has neither `Code` nor `Response`. */
export interface AnswerFields extends Omit<AnswerHead, 'ok'> {
  shape: LoginAnswer['shape'];
  data: unknown;
}

/** A login's ticket and identity (null each where the answer has none). */
export type LoginFields = Pick<LoginAnswer, 'authorization' | 'appId' | 'platform' | 'userId' | 'tfUid'>;

/** Whether a value is a JSON object (not an array). */
export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value when it is a string, else null. */
export function str(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

/** The answer's JSON (a UTF-8 byte order mark skipped: legal in a body, not in JSON); undefined when it is none. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch {
    return undefined;
  }
}

/** An HTTP status that is not a failure (undefined: not known, as in a HAR without one). */
export function httpOk(status: number | undefined): boolean {
  return status === undefined || (status > 0 && status < 400);
}

/** A Code as text: a string, or a finite number written out; null otherwise. */
export function codeText(value: unknown): string | null {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return str(value);
}

/**
 * Code, messages, Data and RequestId of either shape: 'legacy' `{Code, Message, EnglishMessage, Data}` or
 * 'current' `{Response: {Error?, RequestId, ...}}` (tried first for a login, whose `data` is then Response).
 */
export function answerFields(obj: JsonObject, login: boolean): AnswerFields {
  const res = obj.Response;
  const fields: AnswerFields = {
    shape: null,
    code: null,
    message: null,
    englishMessage: null,
    requestId: str(obj.RequestId) ?? (isObject(obj.Data) ? str(obj.Data.RequestId) : null),
    data: obj.Data,
  };
  if ('Code' in obj && !(login && isObject(res))) {
    fields.shape = 'legacy';
    fields.code = codeText(obj.Code);
    fields.message = str(obj.Message);
    fields.englishMessage = str(obj.EnglishMessage);
    return fields;
  }
  if (!isObject(res)) return fields;
  fields.shape = 'current';
  if (login) fields.data = res;
  fields.requestId = str(res.RequestId);
  const error = res.Error;
  if (error === undefined) fields.code = 'Success';
  else if (isObject(error)) {
    fields.code = codeText(error.Code);
    const message = (fields.message = str(error.Message));
    // API 3.0 answers carry one message; it serves as the English one only when it is plain ASCII.
    fields.englishMessage = message !== null && /^[\x20-\x7e\t\r\n]*$/.test(message) ? message : null;
  }
  return fields;
}

/** Where a login answer carries its ticket: Data (legacy), or Response when it succeeded (current). */
export function loginSource(fields: AnswerFields): JsonObject | null {
  if (!fields.shape) return null;
  const src = fields.shape === 'current' && fields.code !== 'Success' ? null : fields.data;
  return isObject(src) ? src : null;
}

/** An AppId as a number: an integer, or its decimal digits; null otherwise. */
export function appIdOf(value: unknown): number | null {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
  return typeof value === 'string' && /^\d{1,15}$/.test(value) ? Number(value) : null;
}

/** A login answer's ticket and identity. */
export function loginFields(fields: AnswerFields): LoginFields {
  const src = loginSource(fields);
  const current = fields.shape === 'current';
  return {
    authorization: str(src?.Authorization),
    appId: appIdOf(src?.AppId),
    platform: str(src?.Platform),
    userId: current ? null : str(src?.UserId),
    tfUid: current ? str(src?.TfUid) : null,
  };
}

/** The fields of an answer text (`shape` null when it is not a JSON object of either shape). */
function read(text: string | null, login: boolean): AnswerFields {
  const json = text === null ? undefined : parseJson(text);
  return isObject(json)
    ? answerFields(json, login)
    : { shape: null, code: null, message: null, englishMessage: null, requestId: null, data: undefined };
}

/** The head of a client API answer. */
export function readAnswer(text: string | null, httpStatus: number): AnswerHead {
  const { code, message, englishMessage, requestId } = read(text, false);
  return { ok: code === 'Success' && httpOk(httpStatus), code, message, englishMessage, requestId };
}

/** The head of a login answer of either documented shape, with its ticket and identity. */
export function readLoginAnswer(text: string | null, httpStatus: number): LoginHead {
  const fields = read(text, true);
  const { shape, code, message, englishMessage, requestId } = fields;
  const login = loginFields(fields);
  const ok = code === 'Success' && login.authorization !== null && httpOk(httpStatus);
  return { ok, shape, code, message, englishMessage, requestId, ...login };
}
