import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeLoginAnswer } from '../../lib/cme/envelope';
import type { RunningSandbox } from '../../lib/node/sandbox/main';
import {
  callApi,
  loginWith,
  PLATFORM,
  signIndependently,
  startTestSandbox,
  TEST_KEY,
  UUID,
  type SignInput,
} from './sandbox-helpers';

const nowS = (): number => Math.floor(Date.now() / 1000);

describe('sandbox login (current shape)', () => {
  let sb: RunningSandbox;
  beforeAll(async () => {
    sb = await startTestSandbox({ platforms: [PLATFORM, 'second_platform'] });
  });
  afterAll(() => sb.close());

  it('accepts a signature made independently with node:crypto and issues a fresh tf_ ticket', async () => {
    const first = await loginWith(sb, signIndependently({ userId: 'alice' }));
    const second = await loginWith(sb, signIndependently({ userId: 'alice' }));
    expect(first.status).toBe(200);
    const res = first.json.Response as Record<string, unknown>;
    expect(res).toMatchObject({ Platform: PLATFORM, AppId: expect.any(Number), TfUid: expect.any(String) });
    expect(res.RequestId).toMatch(UUID);
    expect(res.Authorization).toMatch(/^tf_[0-9a-f]{32}$/);
    expect((second.json.Response as Record<string, unknown>).Authorization).not.toBe(res.Authorization);
    const decoded = decodeLoginAnswer(JSON.stringify(first.json), 200);
    expect(decoded).toMatchObject({ ok: true, shape: 'current', authorization: res.Authorization });
  });

  it('binds the ticket to the platform and user of the signature', async () => {
    const ans = await loginWith(sb, signIndependently({ userId: 'bob', platform: 'second_platform' }));
    const ticket = (ans.json.Response as Record<string, unknown>).Authorization as string;
    const bound = sb.state.tickets.find((t) => t.ticket === ticket);
    expect(bound).toMatchObject({ platform: 'second_platform', userId: 'bob' });
    const classes = await callApi(
      sb,
      'Material/DescribeClass',
      { Platform: 'second_platform', Owner: { Type: 'PERSON', Id: 'bob' } },
      ticket,
    );
    expect(classes.json.Code).toBe('Success');
  });

  const cases: [string, SignInput | string, string, RegExp][] = [
    ['a wrong SecretKey', { secretKey: 'WRONGKEYEXAMPLE' }, 'SignatureVerifyFail', /HMAC/],
    ['an unknown secretId', { secretId: 'AKIDOTHEREXAMPLE' }, 'SignatureVerifyFail', /secretId/],
    ['text that is not Base64', 'not a signature!!', 'SignatureVerifyFail', /decoded/],
    ['an empty signature', '', 'SignatureVerifyFail', /empty|decoded/],
    [
      'an expired signature',
      { currentTimeStamp: nowS() - 1000, expireTime: nowS() - 700 },
      'SignatureExpired',
      /expired/,
    ],
    [
      'a signature from the far future',
      { currentTimeStamp: nowS() + 3600, expireTime: nowS() + 3900 },
      'SignatureVerifyFail',
      /future/,
    ],
    ['action Upload at login', { action: 'Upload' }, 'SignatureVerifyFail', /action/],
    [
      'an unknown platform',
      { platform: 'nope_platform' },
      'InvalidParameterValue.Platform',
      /platform not exist/,
    ],
  ];

  it.each(cases)('refuses %s with HTTP 200 and the right Code', async (_name, input, code, message) => {
    const sig = typeof input === 'string' ? input : signIndependently(input);
    const ans = await loginWith(sb, sig);
    expect(ans.status).toBe(200);
    const error = ans.json.Response as {
      Error: { Code: string; Message: string };
      RequestId: string;
      SandboxDetail?: { en: string };
    };
    expect(error.Error.Code).toBe(code);
    // The documented message (or, for a Code of ours, the dictionary's), our detail beside it.
    expect(`${error.Error.Message} ${error.SandboxDetail?.en ?? ''}`).toMatch(message);
    expect(error.RequestId).toMatch(UUID);
  });

  it('refuses a signature sent without URL-encoding (+ read as space), explaining why', async () => {
    let sig = signIndependently({ userId: 'plus' });
    for (let i = 0; !sig.includes('+') && i < 200; i++) sig = signIndependently({ userId: `plus${i}` });
    expect(sig).toContain('+');
    const res = await fetch(`${sb.url}/?signature=${sig}`);
    const json = (await res.json()) as {
      Response: { Error: { Code: string; Message: string }; SandboxDetail: { en: string } };
    };
    expect(json.Response.Error).toEqual({ Code: 'SignatureVerifyFail', Message: 'Signature Verify Fail' });
    expect(json.Response.SandboxDetail.en).toMatch(/URL-encod/);
  });

  it('serves /dev/signature as JSON (POST) and as bare text (GET), both accepted by the login', async () => {
    const posted = await fetch(`${sb.url}/dev/signature`, {
      method: 'POST',
      body: JSON.stringify({ userId: 'carol', platform: 'second_platform' }),
    });
    const { signature } = (await posted.json()) as { signature: string };
    const login = await loginWith(sb, signature);
    expect(login.json.Response).toMatchObject({ Platform: 'second_platform' });

    const text = await (await fetch(`${sb.url}/dev/signature?userId=dave`)).text();
    expect(text).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect((await loginWith(sb, text)).json.Response).toMatchObject({ Platform: PLATFORM });
  });

  it('answers /dev/signature without a userId with 400', async () => {
    const res = await fetch(`${sb.url}/dev/signature`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(/userId/);
  });
});

describe('sandbox login (legacy shape)', () => {
  let sb: RunningSandbox;
  beforeAll(async () => {
    sb = await startTestSandbox({ loginShape: 'legacy' });
  });
  afterAll(() => sb.close());

  it('answers success as {Code, Message, EnglishMessage, Data}', async () => {
    const ans = await loginWith(sb, signIndependently({ userId: 'erin' }));
    expect(ans.json).toMatchObject({
      Code: 'Success',
      Message: '成功',
      EnglishMessage: 'OK',
      Data: {
        Platform: PLATFORM,
        UserId: 'erin',
        AppId: expect.any(Number),
        Authorization: expect.stringMatching(/^tf_/),
      },
    });
    expect(decodeLoginAnswer(JSON.stringify(ans.json), 200)).toMatchObject({
      ok: true,
      shape: 'legacy',
      userId: 'erin',
    });
  });

  it.each([
    [{ secretKey: 'WRONGKEYEXAMPLE' }, 'SignatureVerifyFail', '签名校验失败'],
    [{ currentTimeStamp: nowS() - 1000, expireTime: nowS() - 700 }, 'SignatureExpired', '签名已过期'],
    [{ platform: 'nope_platform' }, 'InvalidParameterValue.Platform', '平台参数取值错误'],
  ])('answers a failure in the legacy shape with zh and en messages', async (input, code, zh) => {
    const ans = await loginWith(sb, signIndependently(input));
    expect(ans.json.Code).toBe(code);
    expect(ans.json.Message).toContain(zh);
    expect(ans.json.EnglishMessage).toEqual(expect.any(String));
    expect(ans.json.Data).toBeUndefined();
  });
});

describe('sandbox tickets', () => {
  it('refuses a ticket once --ticket-ttl has passed', async () => {
    let now = Date.now();
    const sb = await startTestSandbox({ ticketTtlSeconds: 60, now: () => now });
    try {
      const ans = await loginWith(sb, signIndependently({ currentTimeStamp: Math.floor(now / 1000) }));
      const ticket = (ans.json.Response as Record<string, unknown>).Authorization as string;
      const body = { TeamIds: [] };
      expect((await callApi(sb, 'Team/DescribeTeams', body, ticket)).json.Code).toBe('Success');
      now += 61_000;
      const late = await callApi(sb, 'Team/DescribeTeams', body, ticket);
      expect(late.json.Code).toBe('AuthFailure.SessionInvalid');
      expect(late.json.EnglishMessage).toMatch(/expired/);
    } finally {
      await sb.close();
    }
  });

  it('accepts a configured key pair and refuses the demo key then', async () => {
    const sb = await startTestSandbox({
      keys: [{ secretId: 'AKIDOTHEREXAMPLE', secretKey: 'OTHERSECRETEXAMPLE' }],
    });
    try {
      const good = await loginWith(
        sb,
        signIndependently({ secretId: 'AKIDOTHEREXAMPLE', secretKey: 'OTHERSECRETEXAMPLE' }),
      );
      expect(good.json.Response).toHaveProperty('Authorization');
      const old = await loginWith(
        sb,
        signIndependently({ secretId: TEST_KEY.secretId, secretKey: TEST_KEY.secretKey }),
      );
      expect((old.json.Response as { Error: { Code: string } }).Error.Code).toBe('SignatureVerifyFail');
    } finally {
      await sb.close();
    }
  });
});
