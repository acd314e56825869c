import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createAttributor } from '../../lib/cme/attribute';
import { decodeCall, decodeCalls } from '../../lib/cme/decode-call';
import type { DecodedCall, RawCall } from '../../lib/cme/types';
import {
  answers,
  apiCall,
  base64Body,
  FAKE_APP_ID,
  FAKE_TICKET,
  loginCall,
  makeRawCall,
  makeSignature,
  SESSION_START_MS,
  textBody,
  VECTOR,
  VECTOR_SIGNATURE,
} from './factories';

const ctx = () => ({ attributor: createAttributor() });
const must = (d: DecodedCall | null): DecodedCall => {
  expect(d).not.toBeNull();
  return d as DecodedCall;
};

describe('decodeCall: login', () => {
  it('fills every field of a successful official login', () => {
    const raw = loginCall();
    const d = must(decodeCall(raw, 3, ctx()));
    expect(d).toMatchObject({
      index: 3,
      kind: 'login',
      actionClass: null,
      action: 'Login',
      method: 'GET',
      url: raw.request.url,
      httpStatus: 200,
      ok: true,
      code: 'Success',
      requestId: '5d2bd0fe-8b3c-4a3e-9f8a-2c1f0e3d4b5a',
      startedAt: SESSION_START_MS,
      durationMs: 42,
      ticket: FAKE_TICKET,
      user: { platform: 'my_platform', userId: 'user_001', appId: FAKE_APP_ID },
      verifySign: null,
      proxied: false,
      requestBody: undefined,
      catalogue: null,
      problems: [],
    });
    expect(d.signature).toMatchObject({ expired: false, fields: { ...VECTOR, extra: {} } });
    expect(d.data).toMatchObject({ Authorization: FAKE_TICKET });
  });

  it('takes userId from the legacy Data.UserId when the signature has none', () => {
    const d = must(
      decodeCall(
        loginCall({ signature: 'garbage-signature', answer: answers.legacyOk({ userId: 'legacy_u' }) }),
        0,
        ctx(),
      ),
    );
    expect(d.user).toEqual({ platform: 'my_platform', userId: 'legacy_u', appId: FAKE_APP_ID });
    expect(d.signature?.fields).toBeNull();
    expect(d.signature?.expired).toBeNull();
    expect(d.problems.some((p) => p.startsWith('Signature: '))).toBe(true);
  });

  it('reports a failed login with its code and no ticket', () => {
    const d = must(decodeCall(loginCall({ answer: answers.legacyError() }), 0, ctx()));
    expect(d).toMatchObject({ ok: false, code: 'SignatureVerifyFail', ticket: null, problems: [] });
    // Who tried is still known from the signature.
    expect(d.user).toEqual({ platform: 'my_platform', userId: 'user_001', appId: null });
  });

  it.each([
    ['made before expireTime is not expired, whatever today is', 1700000299_000, false],
    ['made exactly at expireTime is not expired', 1700000300_999, false],
    ['made after expireTime is expired', 1700000301_000, true],
  ])('expiry judged at request time: %s', (_name, startedAt, expired) => {
    const d = must(decodeCall(loginCall({ startedAt }), 0, ctx()));
    expect(d.signature?.expired).toBe(expired);
  });

  it('recognises a proxied login and marks it proxied', async () => {
    const sig = await makeSignature({ userId: 'proxy_user' });
    const d = must(
      decodeCall(loginCall({ signature: sig, base: 'https://app.example.com/cme-login' }), 0, ctx()),
    );
    expect(d).toMatchObject({ kind: 'login', proxied: true, user: { userId: 'proxy_user' } });
  });

  it('keeps signature findings with the signature, not in problems', () => {
    // Unencoded in the URL: its '+' are read back as spaces, which decodeSignature tolerates and reports.
    const d = must(decodeCall(loginCall({ rawSignature: true }), 0, ctx()));
    expect(d.signature?.fields?.userId).toBe('user_001');
    expect(d.signature?.problems.length).toBeGreaterThan(0);
    expect(d.problems).toEqual([]);
  });
});

describe('decodeCall: login diagnosis', () => {
  it("says a login was signed in the future by the answering server's Date", () => {
    const sentAt = (VECTOR.currentTimeStamp - 420) * 1000;
    const raw = loginCall({ startedAt: sentAt });
    raw.response!.headers.push({ name: 'date', value: new Date(sentAt).toUTCString() });
    const call = decodeCall(raw, 0, { attributor: createAttributor() })!;
    // The login worked: what would fail a stricter server is a warning.
    expect(call.loginFindings.map((f) => `${f.kind}:${f.severity}`)).toEqual(['signed-in-future:warning']);
    expect(call.loginFindings[0]!.en).toContain('7 min in the future');
  });

  it('finds nothing for a login signed just before it was sent, and nothing on api calls', () => {
    const call = decodeCall(loginCall({ startedAt: SESSION_START_MS }), 0, {
      attributor: createAttributor(),
    })!;
    expect(call.loginFindings).toEqual([]);
    expect(decodeCall(apiCall(), 1, { attributor: createAttributor() })!.loginFindings).toEqual([]);
  });
});

describe('decodeCall: api', () => {
  it('attributes an api call to the earlier login with the same ticket', () => {
    const c = ctx();
    decodeCall(loginCall(), 0, c);
    const d = must(decodeCall(apiCall({ body: { Platform: 'my_platform' } }), 1, c));
    expect(d.user).toEqual({ platform: 'my_platform', userId: 'user_001', appId: FAKE_APP_ID });
    expect(d.ticket).toBe(FAKE_TICKET);
  });

  it('leaves the user null for an unknown ticket', () => {
    const c = ctx();
    decodeCall(loginCall(), 0, c);
    expect(must(decodeCall(apiCall({ auth: 'tf_unknown' }), 1, c)).user).toBeNull();
  });

  it('fills every field of a successful call', () => {
    const raw = apiCall({
      actionClass: 'Material',
      action: 'ListMedia',
      body: { Platform: 'my_platform', ClassId: 0, Owner: { Type: 'PERSON', Id: 'user_001' }, Limit: 10 },
      answer: { ...answers.paasOk({ TotalCount: 0, MaterialInfoSet: [] }), RequestId: 'rid' },
    });
    const d = must(decodeCall(raw, 7, ctx()));
    expect(d).toMatchObject({
      index: 7,
      kind: 'api',
      actionClass: 'Material',
      action: 'ListMedia',
      method: 'POST',
      httpStatus: 200,
      ok: true,
      code: 'Success',
      message: '成功',
      englishMessage: 'OK',
      requestId: 'rid',
      ticket: FAKE_TICKET,
      signature: null,
      verifySign: null,
      proxied: false,
      requestBody: {
        Platform: 'my_platform',
        ClassId: 0,
        Owner: { Type: 'PERSON', Id: 'user_001' },
        Limit: 10,
      },
      data: { TotalCount: 0, MaterialInfoSet: [] },
      catalogue: { catalogued: true, documented: true, findings: [] },
      problems: [],
    });
  });

  it('keeps catalogue findings apart from problems', () => {
    const d = must(decodeCall(apiCall({ action: 'DeleteMaterial', body: { MaterialID: 'x' } }), 0, ctx()));
    expect(d.catalogue?.findings.map((f) => f.problem).sort()).toEqual(['missing', 'unknown']);
    expect(d.problems).toEqual([]);
  });

  it('decodes the VerifySign of a CreateUploadMaterial body, expiry at request time', async () => {
    const sign = await makeSignature({ action: 'Upload' });
    const body = {
      Owner: { Type: 'PERSON', Id: 'user_001' },
      Name: 'a.mp4',
      MaterialType: 'VIDEO',
      VerifySign: sign,
    };
    const fresh = must(decodeCall(apiCall({ action: 'CreateUploadMaterial', body }), 0, ctx()));
    expect(fresh.verifySign).toMatchObject({
      expired: false,
      fields: { action: 'Upload', userId: 'user_001' },
    });
    const late = must(
      decodeCall(apiCall({ action: 'CreateUploadMaterial', body, startedAt: 1800000000_000 }), 0, ctx()),
    );
    expect(late.verifySign?.expired).toBe(true);
    expect(late.problems).toEqual([]);
  });

  it('a request body that is not JSON is a problem, and the catalogue does not guess', () => {
    const raw = apiCall({ action: 'DeleteMaterial' });
    raw.request.body = textBody('MaterialId=1', 'application/x-www-form-urlencoded');
    const d = must(decodeCall(raw, 0, ctx()));
    expect(d.requestBody).toBeUndefined();
    expect(d.problems).toEqual(['Request body is not JSON']);
    expect(d.catalogue).toEqual({ catalogued: true, documented: true, findings: [] });
  });

  it('a truncated request body is reported as such', () => {
    const raw = apiCall();
    raw.request.body = textBody('{"MaterialId":"成', 'application/json', { size: 40 });
    expect(must(decodeCall(raw, 0, ctx())).problems).toEqual([
      'Request body was truncated at 18 of 40 bytes',
      'Request body is not JSON',
    ]);
  });

  it('reads a base64 response body', () => {
    const raw = apiCall();
    if (raw.response) raw.response.body = base64Body(JSON.stringify(answers.paasOk({ n: '成' })));
    expect(must(decodeCall(raw, 0, ctx()))).toMatchObject({ ok: true, data: { n: '成' }, problems: [] });
  });

  it.each<[string, (raw: RawCall) => void, Partial<DecodedCall>]>([
    [
      'no response at all',
      (raw) => {
        raw.response = null;
      },
      { httpStatus: 0, ok: false, code: null, problems: ['No response (status 0)'] },
    ],
    [
      'status 0',
      (raw) => {
        if (raw.response) raw.response = { ...raw.response, status: 0, body: null };
      },
      { httpStatus: 0, ok: false, problems: ['No response (status 0)'] },
    ],
    [
      'HTTP 502 with HTML',
      (raw) => {
        if (raw.response)
          raw.response = {
            ...raw.response,
            status: 502,
            body: textBody('<html>Bad Gateway</html>', 'text/html'),
          };
      },
      {
        httpStatus: 502,
        ok: false,
        problems: ['Answer is not JSON (HTTP 502): starts with "<html>Bad Gateway</html>"'],
      },
    ],
    [
      'empty body',
      (raw) => {
        if (raw.response) raw.response.body = textBody('');
      },
      { ok: false, problems: ['Response body is empty'] },
    ],
    [
      'whitespace-only body',
      (raw) => {
        if (raw.response) raw.response.body = textBody(' \n');
      },
      { ok: false, problems: ['Answer body is empty'] },
    ],
    [
      'truncated body',
      (raw) => {
        if (raw.response)
          raw.response.body = textBody('{"Code":"Succ', 'application/json', { truncated: true, size: 400 });
      },
      {
        ok: false,
        problems: [
          'Response body was truncated at 13 of 400 bytes',
          'Answer is not JSON: starts with "{\\"Code\\":\\"Succ"',
        ],
      },
    ],
    [
      'HAR size beyond the text, unflagged, and unparseable: truncated',
      (raw) => {
        if (raw.response) raw.response.body = textBody('{"Data":"成', 'application/json', { size: 300 });
      },
      {
        ok: false,
        problems: [
          'Response body was truncated at 12 of 300 bytes',
          'Answer is not JSON: starts with "{\\"Data\\":\\"成"',
        ],
      },
    ],
    [
      'HAR size beyond the text but the answer parses: not reported',
      (raw) => {
        if (raw.response)
          raw.response.body = textBody(JSON.stringify(answers.paasOk()), 'application/json', { size: 9999 });
      },
      { ok: true, problems: [] },
    ],
    [
      'failure envelope',
      (raw) => {
        if (raw.response) raw.response.body = textBody(JSON.stringify(answers.paasError()));
      },
      {
        ok: false,
        code: 'InvalidParameterValue.MaterialId',
        englishMessage: 'Material not exist',
        problems: [],
      },
    ],
  ])('%s', (_name, mutate, want) => {
    const raw = apiCall();
    mutate(raw);
    expect(must(decodeCall(raw, 0, ctx()))).toMatchObject(want);
  });

  it('returns null for a non-CME call', () => {
    expect(decodeCall(makeRawCall(), 0, ctx())).toBeNull();
  });
});

describe('decodeCalls', () => {
  it('skips other traffic, keeps input order and indices', () => {
    const raws = [makeRawCall(), loginCall(), makeRawCall(), apiCall()];
    const out = decodeCalls(raws);
    expect(out.map((d) => [d.index, d.kind])).toEqual([
      [1, 'login'],
      [3, 'api'],
    ]);
    expect(out[1]?.user?.userId).toBe('user_001');
  });

  it('attributes by time: a login listed after an api call but made before it still counts', () => {
    const api = apiCall({ startedAt: SESSION_START_MS + 1000 });
    const login = loginCall({ startedAt: SESSION_START_MS });
    const out = decodeCalls([api, login]);
    expect(out.map((d) => d.kind)).toEqual(['api', 'login']);
    expect(out[0]?.user?.userId).toBe('user_001');
  });

  it('does not attribute an api call made before the login', () => {
    const api = apiCall({ startedAt: SESSION_START_MS - 1000 });
    const out = decodeCalls([api, loginCall()]);
    expect(out[0]?.user).toBeNull();
  });

  it('uses known tickets of a given attributor and the configured endpoints', () => {
    const attributor = createAttributor([
      { authorization: 'tf_stored', platform: 'p', userId: 'u', appId: 9 },
    ]);
    const raw = apiCall({ auth: 'tf_stored', base: 'http://127.0.0.1:8787' });
    const [d] = decodeCalls([raw], { attributor, classify: { apiBases: ['http://127.0.0.1:8787'] } });
    expect(d).toMatchObject({ proxied: false, user: { userId: 'u', appId: 9 } });
  });

  it('never throws on arbitrary bodies and statuses', () => {
    const body = fc.option(
      fc.record({
        text: fc.option(
          fc.oneof(
            fc.string(),
            fc.jsonValue().map((v) => JSON.stringify(v)),
          ),
          { nil: null },
        ),
      }),
      { nil: null },
    );
    fc.assert(
      fc.property(body, body, fc.integer({ min: 0, max: 599 }), fc.boolean(), (req, res, status, login) => {
        const raw = login ? loginCall() : apiCall();
        raw.request.body = req;
        raw.response = { status, headers: [], body: res };
        const d = must(decodeCall(raw, 0, ctx()));
        expect(d.httpStatus).toBe(status);
        if (d.ok) expect(d.code).toBe('Success');
      }),
    );
  });
});

describe('signature vector sanity', () => {
  it('the default login carries the signature.md vector', () => {
    expect(loginCall().request.url).toContain(encodeURIComponent(VECTOR_SIGNATURE));
  });
});
