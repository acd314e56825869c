import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeEnvelope, decodeLoginAnswer, readBodyText, sizeShortfall } from '../../lib/cme/envelope';
import type { Envelope, LoginAnswer, RawBody } from '../../lib/cme/types';
import { answers, base64Body, FAKE_APP_ID, FAKE_TICKET, jsonBody, textBody } from './factories';

const json = (v: unknown) => JSON.stringify(v);

describe('readBodyText', () => {
  const rows: { name: string; body: RawBody | null | undefined; text: string | null; problems: string[] }[] =
    [
      { name: 'plain JSON', body: jsonBody({ a: 1 }), text: '{"a":1}', problems: [] },
      {
        name: 'missing body',
        body: null,
        text: null,
        problems: ['No response body (network failure or blocked)'],
      },
      {
        name: 'undefined body',
        body: undefined,
        text: null,
        problems: ['No response body (network failure or blocked)'],
      },
      {
        name: 'text not captured',
        body: textBody(null),
        text: null,
        problems: ['Response body was not captured'],
      },
      { name: 'empty', body: textBody(''), text: '', problems: ['Response body is empty'] },
      {
        name: 'empty text but a known size',
        body: textBody('', 'application/json', { size: 120 }),
        text: '',
        problems: ['Response body was not captured (120 bytes)'],
      },
      {
        name: 'base64 UTF-8 with Chinese',
        body: base64Body('{"Message":"成功"}'),
        text: '{"Message":"成功"}',
        problems: [],
      },
      {
        name: 'bad base64',
        body: { text: '!!!', encoding: 'base64' },
        text: null,
        problems: ['Response body is not valid base64'],
      },
      {
        name: 'base64 of invalid UTF-8',
        body: { text: btoa('\xff\xfe{}'), encoding: 'base64' },
        text: '\ufffd\ufffd{}',
        problems: ['Response body is not valid UTF-8 (bad bytes replaced)'],
      },
      {
        name: 'truncated by our capture',
        body: textBody('{"Code":"Succ', 'application/json', { truncated: true, size: 40 }),
        text: '{"Code":"Succ',
        problems: ['Response body was truncated at 13 of 40 bytes'],
      },
      {
        name: 'truncated, size unknown',
        body: textBody('{"Code', 'application/json', { truncated: true }),
        text: '{"Code',
        problems: ['Response body was truncated at 6 bytes'],
      },
      {
        name: 'HAR size larger than the text',
        body: textBody('{"a":"成', 'application/json', { size: 100 }),
        text: '{"a":"成',
        problems: ['Response body was truncated at 9 of 100 bytes'],
      },
      {
        name: 'HAR size equal to the UTF-8 bytes of Chinese text is not truncation',
        body: textBody('"成功"', 'application/json', { size: 8 }),
        text: '"成功"',
        problems: [],
      },
      {
        name: 'unknown encoding',
        body: { text: 'abc', encoding: 'gzip' },
        text: 'abc',
        problems: ['Response body has an unknown encoding "gzip" (read as text)'],
      },
    ];
  it.each(rows)('$name', ({ body, text, problems }) => {
    expect(readBodyText(body)).toEqual({ text, problems });
  });

  it('words request-side problems as such', () => {
    expect(readBodyText(null, 'request').problems).toEqual(['No request body']);
    expect(readBodyText(textBody(''), 'request').problems).toEqual(['Request body is empty']);
  });

  it('skips the HAR size comparison when asked (callers check after a failed parse)', () => {
    const body = textBody('{"a":"成', 'application/json', { size: 100 });
    expect(readBodyText(body, 'response', false).problems).toEqual([]);
    expect(sizeShortfall(body, '{"a":"成')).toBe('Response body was truncated at 9 of 100 bytes');
  });

  it('counts UTF-8 bytes exactly (property, against TextEncoder)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 1 }), (s) => {
        const bytes = new TextEncoder().encode(s).length;
        expect(sizeShortfall(textBody(s, 'text/plain', { size: bytes }), s)).toBeNull();
        expect(sizeShortfall(textBody(s, 'text/plain', { size: bytes + 1 }), s)).toBe(
          `Response body was truncated at ${bytes} of ${bytes + 1} bytes`,
        );
      }),
    );
  });

  it('round-trips any string through base64', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (s) => {
        expect(readBodyText(base64Body(s))).toEqual({
          text: s,
          problems: s === '' ? ['Response body is empty'] : [],
        });
      }),
    );
  });
});

describe('decodeEnvelope', () => {
  type Want = Partial<Envelope>;
  const rows: { name: string; text: string | null; status?: number; want: Want; problems: string[] }[] = [
    {
      name: 'PaaS success at 200',
      text: json(answers.paasOk({ TotalCount: 1 })),
      status: 200,
      want: { ok: true, code: 'Success', message: '成功', englishMessage: 'OK', data: { TotalCount: 1 } },
      problems: [],
    },
    {
      name: 'PaaS success without Data',
      text: json(answers.paasOk()),
      status: 200,
      want: { ok: true, code: 'Success', data: undefined },
      problems: [],
    },
    {
      name: 'PaaS failure at 200',
      text: json(answers.paasError()),
      status: 200,
      want: {
        ok: false,
        code: 'InvalidParameterValue.MaterialId',
        message: '媒体不存在',
        englishMessage: 'Material not exist',
      },
      problems: [],
    },
    {
      name: 'RequestId at top level',
      text: json({ ...answers.paasOk(), RequestId: 'rid-1' }),
      want: { ok: true, requestId: 'rid-1' },
      problems: [],
    },
    {
      name: 'RequestId inside Data',
      text: json(answers.paasOk({ RequestId: 'rid-2' })),
      want: { ok: true, requestId: 'rid-2' },
      problems: [],
    },
    {
      name: 'HTTP 500 with a JSON envelope still decodes Code',
      text: json(answers.paasError('InternalError', '内部错误', 'Internal Error')),
      status: 500,
      want: { ok: false, code: 'InternalError', englishMessage: 'Internal Error' },
      problems: [],
    },
    {
      name: 'Success code at HTTP 503 is not ok',
      text: json(answers.paasOk()),
      status: 503,
      want: { ok: false, code: 'Success' },
      problems: [],
    },
    {
      name: 'API 3.0 style error answer',
      text: json({
        Response: {
          Error: { Code: 'AuthFailure.SessionInvalid', Message: 'session invalid' },
          RequestId: 'r',
        },
      }),
      want: { ok: false, code: 'AuthFailure.SessionInvalid', message: 'session invalid', requestId: 'r' },
      problems: [],
    },
    {
      name: 'HTTP 502 with HTML',
      text: '<html><head><title>502 Bad Gateway</title></head><body></body></html>',
      status: 502,
      want: { ok: false, code: null, json: undefined },
      problems: ['Answer is not JSON (HTTP 502): starts with "<html><head><title>502 Bad Gateway</titl…"'],
    },
    {
      name: 'not an object',
      text: '[1,2]',
      status: 200,
      want: { ok: false, json: [1, 2] },
      problems: ['Answer is not a JSON object (array)'],
    },
    {
      name: 'missing Code',
      text: '{"Data":{}}',
      want: { ok: false, code: null, data: {} },
      problems: ['Answer has no Code'],
    },
    {
      name: 'numeric Code',
      text: '{"Code":0}',
      want: { ok: false, code: '0' },
      problems: ['Code is a number (0), expected a string'],
    },
    { name: 'empty text', text: '', status: 200, want: { ok: false }, problems: ['Answer body is empty'] },
    { name: 'no text', text: null, status: 200, want: { ok: false }, problems: ['No answer body'] },
    { name: 'status 0', text: null, status: 0, want: { ok: false }, problems: ['No response (status 0)'] },
    { name: 'byte order mark', text: '\ufeff{"Code":"Success"}', want: { ok: true }, problems: [] },
  ];
  it.each(rows)('$name', ({ text, status, want, problems }) => {
    const env = decodeEnvelope(text, status);
    expect(env).toMatchObject(want);
    expect(env.problems).toEqual(problems);
  });
});

describe('decodeLoginAnswer', () => {
  const rows: {
    name: string;
    text: string;
    status?: number;
    want: Partial<LoginAnswer>;
    problems: string[];
  }[] = [
    {
      name: 'current shape success',
      text: json(answers.currentOk()),
      want: {
        shape: 'current',
        ok: true,
        code: 'Success',
        authorization: FAKE_TICKET,
        appId: FAKE_APP_ID,
        platform: 'my_platform',
        tfUid: 'tfuid_0001',
        userId: null,
        requestId: '5d2bd0fe-8b3c-4a3e-9f8a-2c1f0e3d4b5a',
      },
      problems: [],
    },
    {
      name: 'current shape failure (signature.md example)',
      text: '{"Response":{"Error":{"Code":"InvalidParameterValue.Platform","Message":"platform not exist"},"RequestId":"<uuid>"}}',
      want: {
        shape: 'current',
        ok: false,
        code: 'InvalidParameterValue.Platform',
        message: 'platform not exist',
        englishMessage: 'platform not exist',
        requestId: '<uuid>',
        authorization: null,
      },
      problems: [],
    },
    {
      name: 'current shape failure with a Chinese message has no English message',
      text: json(answers.currentError('AuthFailure.SignatureFailure', '签名错误')),
      want: { ok: false, code: 'AuthFailure.SignatureFailure', message: '签名错误', englishMessage: null },
      problems: [],
    },
    {
      name: 'legacy shape success (signature.md example)',
      text: '{"Code":"Success","Message":"成功","EnglishMessage":"OK","Data":{"AppId":123,"Platform":"p","UserId":"u","Authorization":"tf_abc"}}',
      want: {
        shape: 'legacy',
        ok: true,
        code: 'Success',
        message: '成功',
        englishMessage: 'OK',
        appId: 123,
        platform: 'p',
        userId: 'u',
        authorization: 'tf_abc',
        tfUid: null,
      },
      problems: [],
    },
    {
      name: 'legacy shape failure (signature.md example)',
      text: '{"Code":"SignatureVerifyFail","Message":"签名校验失败","EnglishMessage":"Signature Verify Fail"}',
      want: {
        shape: 'legacy',
        ok: false,
        code: 'SignatureVerifyFail',
        message: '签名校验失败',
        englishMessage: 'Signature Verify Fail',
        authorization: null,
      },
      problems: [],
    },
    {
      name: 'AppId as a numeric string',
      text: json(answers.currentOk({ appId: '1250000001' })),
      want: { ok: true, appId: 1250000001 },
      problems: [],
    },
    {
      name: 'AppId not a number',
      text: json(answers.legacyOk({ appId: 'abc' })),
      want: { ok: true, appId: null },
      problems: ['AppId is not an integer (string)'],
    },
    {
      name: 'success without Authorization',
      text: '{"Response":{"AppId":1,"RequestId":"r"}}',
      want: { ok: false, code: 'Success', authorization: null },
      problems: ['Login answer has no Authorization'],
    },
    {
      name: 'neither shape',
      text: '{"foo":1}',
      want: { ok: false, shape: null },
      problems: ['Not a login answer (neither Response nor Code)'],
    },
    {
      name: 'HTML error page',
      text: '<!doctype html>',
      status: 403,
      want: { ok: false, shape: null },
      problems: ['Answer is not JSON (HTTP 403): starts with "<!doctype html>"'],
    },
  ];
  it.each(rows)('$name', ({ text, status, want, problems }) => {
    const ans = decodeLoginAnswer(text, status);
    expect(ans).toMatchObject(want);
    expect(ans.problems).toEqual(problems);
  });

  it('status 0 is a problem', () => {
    expect(decodeLoginAnswer(null, 0)).toMatchObject({ ok: false, problems: ['No response (status 0)'] });
  });
});

describe('the HTTP status boundary: a Success answer is ok below 400 only', () => {
  it.each([
    [200, true],
    [399, true],
    [400, false],
    [401, false],
  ])('HTTP %i: ok %s', (status, ok) => {
    expect(decodeEnvelope(json(answers.paasOk()), status)).toMatchObject({ ok, code: 'Success' });
    expect(decodeLoginAnswer(json(answers.legacyOk()), status)).toMatchObject({ ok, code: 'Success' });
    expect(decodeLoginAnswer(json(answers.currentOk()), status)).toMatchObject({ ok, code: 'Success' });
  });

  it('names the status in a problem from 400 on, not at 399', () => {
    expect(decodeEnvelope('<!doctype html>', 399).problems).toEqual([
      'Answer is not JSON: starts with "<!doctype html>"',
    ]);
    expect(decodeEnvelope('<!doctype html>', 400).problems).toEqual([
      'Answer is not JSON (HTTP 400): starts with "<!doctype html>"',
    ]);
  });
});

describe('decoders never throw', () => {
  const decoders = [decodeEnvelope, decodeLoginAnswer] as const;
  const status = fc.option(fc.integer({ min: 0, max: 599 }), { nil: undefined });

  it.each(decoders.map((d) => [d.name, d] as const))('%s over arbitrary strings', (_name, decode) => {
    fc.assert(
      fc.property(fc.option(fc.string(), { nil: null }), status, (text, st) => {
        const out = decode(text, st);
        expect(typeof out.ok).toBe('boolean');
        if (out.ok) expect(out.code).toBe('Success');
      }),
    );
  });

  it.each(decoders.map((d) => [d.name, d] as const))('%s over arbitrary JSON values', (_name, decode) => {
    fc.assert(
      fc.property(fc.jsonValue(), status, (value, st) => {
        const text = JSON.stringify(value);
        const out = decode(text, st);
        // Compared with a re-parse, not `value`: JSON has no -0.
        expect(out.json).toEqual(JSON.parse(text));
        expect(Array.isArray(out.problems)).toBe(true);
      }),
    );
  });

  it('decodeLoginAnswer over arbitrary Response objects', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom('AppId', 'Authorization', 'Error', 'RequestId', 'x'), fc.jsonValue()),
        (res) => {
          const out = decodeLoginAnswer(JSON.stringify({ Response: res }));
          expect(out.shape).toBe('current');
          if (out.appId !== null) expect(Number.isSafeInteger(out.appId)).toBe(true);
        },
      ),
    );
  });

  it('readBodyText over arbitrary bodies', () => {
    const body = fc.record(
      {
        text: fc.option(fc.string(), { nil: null }),
        encoding: fc.constantFrom('base64', 'BASE64', '', 'x'),
        size: fc.integer({ min: -1, max: 1e6 }),
        truncated: fc.boolean(),
      },
      { requiredKeys: ['text'] },
    );
    fc.assert(
      fc.property(body, (b) => {
        const out = readBodyText(b);
        expect(out.text === null || typeof out.text === 'string').toBe(true);
      }),
    );
  });
});
