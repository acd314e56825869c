/**
 * Secrets of captured calls and their masking in bodies: every ticket and signature a set of calls carries
 * (query values, login answers, VerifySign, credential headers, any `auth=` or secret-named field in any
 * text), so exports and snippets can mask each occurrence anywhere. A thin layer over ./secrets.
 */
import { base64Decode, utf8DecodeStrict } from './bytes';
import { maskerOf, secretsOf, secretValues, type KnownSecret } from './secrets';
import type { CaptureRule, RawBody, RawCall } from './types';

/**
 * Every secret the calls carry (plus `extra` known values: stored tickets, keys), in each form it may
 * appear: `auth`/`signature` query values (as sent and decoded), credential headers, and secret-named JSON
 * fields or `name=value` pairs of request and response bodies (a login answer's Authorization of either
 * shape, VerifySign), Base64 bodies included. Used to mask their every occurrence in any text of any call;
 * the list remembers each value's kind (a key is never shown in part). With capture `rules`, the ticket a
 * rule reads from a proxied call (any header, body field or query parameter it names) is one too.
 */
export function collectSecrets(
  calls: RawCall[],
  extra: Iterable<string | KnownSecret> = [],
  rules: readonly CaptureRule[] = [],
): string[] {
  return secretValues(secretsOf(calls, extra, rules));
}

/**
 * A body with every secret masked: the collected secrets anywhere in its text in any encoding, and any
 * secret it names itself. A Base64 body is decoded (valid UTF-8 or not), masked and re-encoded; one that
 * cannot be decoded is dropped (text null) with a note in its comment — never kept in clear.
 */
export function maskBody(body: RawBody, secrets: readonly string[]): RawBody {
  return maskerOf(secrets).body(body).body;
}

/** Masks collected secrets in a text, in any encoding, and any secret the text names itself. */
export function maskText(text: string, secrets: readonly string[]): string {
  return maskerOf(secrets).text(text);
}

/** Text of a body; base64 bodies decoded when they are UTF-8 text; null for binary or absent text. */
export function bodyText(body: RawBody): string | null {
  if (typeof body.text !== 'string') return null;
  if (body.encoding?.toLowerCase() !== 'base64') return body.text;
  const bytes = base64Decode(body.text);
  return bytes === null ? null : utf8DecodeStrict(bytes);
}
