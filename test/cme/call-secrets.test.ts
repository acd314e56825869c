import { describe, expect, it } from 'vitest';
import { bodyText, collectSecrets, maskBody, maskText } from '../../lib/cme/call-secrets';
import { MASK, maskSecret } from '../../lib/cme/redact';
import type { RawBody } from '../../lib/cme/types';
import {
  answers,
  apiCall,
  base64Body,
  FAKE_TICKET,
  jsonBody,
  loginCall,
  makeRawCall,
  textBody,
  VECTOR_SIGNATURE,
} from './factories';

// Made-up values, long enough to be masked (4 characters at least).
const TICKET_2 = 'tf_fedcba9876543210fedcba98765432';
const VERIFY_SIGN = 'VerifySignExampleValue0123456789abcdefghij==';

const utf8 = (text: string) => new TextEncoder().encode(text);
const fromBase64 = (b64: string) =>
  new TextDecoder().decode(Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)));

describe('collectSecrets', () => {
  it('finds a ticket in the auth query value', () => {
    expect(collectSecrets([apiCall()])).toEqual([FAKE_TICKET]);
  });

  it('finds a signature as sent in the URL, percent-decoded, and with + read as a space', () => {
    const sent = encodeURIComponent(VECTOR_SIGNATURE);
    expect(sent).not.toBe(VECTOR_SIGNATURE);
    const found = collectSecrets([loginCall({ answer: answers.currentError() })]);
    expect(found).toEqual(expect.arrayContaining([sent, VECTOR_SIGNATURE]));
    // A raw `+` in a query value is a space to a form decoder: both readings are collected.
    const raw = collectSecrets([
      makeRawCall({ request: { url: 'https://h.example/?signature=ab+cd%2Bef' } }),
    ]);
    expect(raw.sort()).toEqual(['ab cd+ef', 'ab+cd%2Bef', 'ab+cd+ef'].sort());
  });

  it('reads auth and signature wherever they stand in the query, and no other parameter', () => {
    const url = 'https://h.example/PaaS/A/B?platform=p1&auth=tick_1234&user=u#signature=sig_5678';
    expect(collectSecrets([makeRawCall({ request: { url } })]).sort()).toEqual(['sig_5678', 'tick_1234']);
  });

  it('skips empty values and URLs without a query', () => {
    const calls = [
      makeRawCall({ request: { url: 'https://h.example/PaaS/A/B?auth=&signature=' } }),
      makeRawCall({ request: { url: 'https://h.example/PaaS/A/B' } }),
    ];
    expect(collectSecrets(calls)).toEqual([]);
  });

  it('finds secret-named string fields of request and response bodies at any depth, names in any case', () => {
    const call = apiCall({
      body: { Items: [{ VerifySign: VERIFY_SIGN }], Nested: { ticket: 'ticket_in_body_1' } },
      answer: { Code: 'Success', Data: { authorization: TICKET_2, SecretKey: 'skey_value_1' } },
    });
    expect(collectSecrets([call]).sort()).toEqual(
      [FAKE_TICKET, VERIFY_SIGN, 'ticket_in_body_1', TICKET_2, 'skey_value_1'].sort(),
    );
  });

  it("takes a login answer's Authorization", () => {
    expect(collectSecrets([loginCall({ answer: answers.legacyOk({ ticket: TICKET_2 }) })])).toContain(
      TICKET_2,
    );
  });

  it('reads bodies stored as base64 UTF-8 text', () => {
    const call = makeRawCall({
      request: {
        url: 'https://h.example/PaaS/A/B',
        body: base64Body(JSON.stringify({ Signature: 'sig_in_b64' })),
      },
      response: { body: base64Body(JSON.stringify({ Response: { Authorization: TICKET_2 } })) },
    });
    expect(collectSecrets([call]).sort()).toEqual(['sig_in_b64', TICKET_2].sort());
  });

  it('ignores non-string and empty secret fields, bodies that are not JSON, and binary bodies', () => {
    const binary: RawBody = { text: btoa(String.fromCharCode(0xff, 0xfe, 0x00)), encoding: 'base64' };
    const calls = [
      makeRawCall({
        request: { url: 'https://h.example/', body: jsonBody({ Authorization: 42, ticket: '', auth: null }) },
      }),
      makeRawCall({ request: { url: 'https://h.example/', body: textBody('Authorization=abcdefgh') } }),
      makeRawCall({ response: { body: binary } }),
    ];
    expect(collectSecrets(calls)).toEqual([]);
  });

  it('collects each value once across calls', () => {
    expect(collectSecrets([apiCall(), apiCall(), apiCall({ auth: TICKET_2 })]).sort()).toEqual(
      [FAKE_TICKET, TICKET_2].sort(),
    );
  });
});

describe('maskBody', () => {
  it('masks every occurrence of a collected secret in a text body, as sent and URL-encoded', () => {
    const text = `ticket ${FAKE_TICKET} again ${FAKE_TICKET} and ${encodeURIComponent(VECTOR_SIGNATURE)}`;
    const out = maskBody(textBody(text), [FAKE_TICKET, VECTOR_SIGNATURE]);
    expect(out.text).toBe(
      `ticket ${maskSecret(FAKE_TICKET)} again ${maskSecret(FAKE_TICKET)} and ${maskSecret(VECTOR_SIGNATURE)}`,
    );
    expect(out.mimeType).toBe('text/plain');
  });

  it('masks secret-named JSON fields the collection missed', () => {
    const body = jsonBody({ Data: { SecretKey: 'not_collected_key', Name: 'n' } });
    expect(JSON.parse(maskBody(body, []).text!)).toEqual({ Data: { SecretKey: MASK, Name: 'n' } });
  });

  it('masks inside a base64 UTF-8 body and encodes it again', () => {
    const body = base64Body(JSON.stringify({ Note: `用 ${FAKE_TICKET}` }));
    const out = maskBody(body, [FAKE_TICKET]);
    expect(out.encoding).toBe('base64');
    expect(fromBase64(out.text!)).toBe(JSON.stringify({ Note: `用 ${maskSecret(FAKE_TICKET)}` }));
  });

  it('returns a copy, unchanged, when there is nothing to mask, no text, or binary content', () => {
    const binary: RawBody = { text: btoa(String.fromCharCode(0xff, 0xfe)), encoding: 'base64', size: 2 };
    for (const body of [jsonBody({ Name: 'n' }), textBody(null), binary]) {
      const out = maskBody(body, [FAKE_TICKET]);
      expect(out).toEqual(body);
      expect(out).not.toBe(body);
    }
  });
});

describe('maskText and bodyText', () => {
  it('leaves a JSON text whose secret fields are already masked as the collected masking left it', () => {
    const text = JSON.stringify({ Authorization: FAKE_TICKET });
    expect(maskText(text, [FAKE_TICKET])).toBe(JSON.stringify({ Authorization: maskSecret(FAKE_TICKET) }));
  });

  it('reads plain text as is, base64 UTF-8 decoded, and binary or absent text as null', () => {
    expect(bodyText(textBody('abc'))).toBe('abc');
    expect(bodyText(base64Body('成功'))).toBe('成功');
    expect(bodyText({ text: btoa(String.fromCharCode(...utf8('ok'))), encoding: 'BASE64' })).toBe('ok');
    expect(bodyText({ text: btoa(String.fromCharCode(0xc3, 0x28)), encoding: 'base64' })).toBeNull();
    expect(bodyText(textBody(null))).toBeNull();
  });
});
