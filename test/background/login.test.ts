import { describe, expect, it } from 'vitest';
import {
  fillTemplate,
  loginFromDevServer,
  loginLocalSign,
  loginUrl,
  loginWithSignature,
  signatureFromDevServer,
} from '../../lib/background/login';
import { setKeys } from '../../lib/background/keys';
import { checkSignature, signSignature } from '../../lib/cme/signature';
import { TENCENT_ENVIRONMENT } from '../../lib/store';
import { fakeFetch, json, makeDeps, loggedHistory } from './fakes';

const NOW = 1_700_000_100_000;
const sig = (userId = 'user_001', platform = 'my_platform') =>
  signSignature(
    { secretId: 'AKIDEXAMPLE', platform, userId, currentTimeStamp: 1_700_000_000 },
    'SECRETKEYEXAMPLE',
  );

const currentOk = {
  Response: {
    AppId: 1250000001,
    Authorization: 'tf_0123456789abcdef0123456789abcdef',
    Platform: 'my_platform',
    RequestId: 'r-1',
    TfUid: 'tfu_9',
  },
};
const legacyOk = {
  Code: 'Success',
  Message: '成功',
  EnglishMessage: 'OK',
  Data: {
    AppId: 1250000001,
    Platform: 'my_platform',
    UserId: 'user_001',
    Authorization: 'tf_legacy00000000000000000000000001',
  },
};

describe('loginWithSignature', () => {
  it.each([
    ['current', currentOk, 'tf_0123456789abcdef0123456789abcdef'],
    ['legacy', legacyOk, 'tf_legacy00000000000000000000000001'],
  ])('stores the ticket of a %s-shape answer with the identity', async (_shape, answer, auth) => {
    const net = fakeFetch(() => json(answer));
    const deps = makeDeps(net.fetch, NOW);
    const signature = await sig();
    const res = await loginWithSignature(deps, { environmentId: 'tencent', signature, label: 'me' });
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    expect(res.ticket).toMatchObject({
      authorization: auth,
      platform: 'my_platform',
      userId: 'user_001',
      appId: 1250000001,
      environment: 'tencent',
      source: 'signature',
      label: 'me',
      status: 'active',
    });
    // The signature went URL-encoded as a query value.
    const sent = new URL(net.requests[0]!.url);
    expect(sent.origin).toBe('https://open.cme.qcloud.com');
    expect(sent.searchParams.get('signature')).toBe(signature);
    expect(net.requests[0]!.url).not.toContain('+');
    expect(await deps.store.listTickets()).toHaveLength(1);
    const [row] = await loggedHistory(deps);
    expect(row).toMatchObject({ action: 'Login', status: 'done', code: 'Success' });
  });

  it('a refused login stores nothing and returns the CME Code', async () => {
    const net = fakeFetch(() =>
      json({
        Response: {
          Error: { Code: 'InvalidParameterValue.Platform', Message: 'platform not exist' },
          RequestId: 'x',
        },
      }),
    );
    const deps = makeDeps(net.fetch, NOW);
    const res = await loginWithSignature(deps, { environmentId: 'tencent', signature: await sig() });
    expect(res).toMatchObject({
      ok: false,
      stage: 'answer',
      code: 'InvalidParameterValue.Platform',
      serverMessage: 'platform not exist',
    });
    expect(await deps.store.listTickets()).toEqual([]);
  });

  it('a success without Authorization stores nothing', async () => {
    const deps = makeDeps(fakeFetch(() => json({ Code: 'Success', Data: {} })).fetch, NOW);
    const res = await loginWithSignature(deps, { environmentId: 'tencent', signature: await sig() });
    expect(res).toMatchObject({ ok: false, stage: 'answer' });
    expect(await deps.store.listTickets()).toEqual([]);
  });

  it('a refused login carries its answer for the page to say what is wrong with it', async () => {
    const page = '<html>Bad gateway</html>';
    const deps = makeDeps(fakeFetch(() => new Response(page, { status: 502 })).fetch, NOW);
    const res = await loginWithSignature(deps, { environmentId: 'tencent', signature: await sig() });
    expect(res).toMatchObject({
      ok: false,
      stage: 'answer',
      httpStatus: 502,
      responseText: page,
      problems: [],
    });
    expect(await deps.store.listTickets()).toEqual([]);
  });

  it('refuses text that is not a signature before any request', async () => {
    const net = fakeFetch(() => json(currentOk));
    const deps = makeDeps(net.fetch, NOW);
    const res = await loginWithSignature(deps, { environmentId: 'tencent', signature: 'hello world' });
    expect(res).toMatchObject({ ok: false, stage: 'signature' });
    expect(net.requests).toEqual([]);
  });

  it('logs in with what the popup sends of a paste whose + became spaces (the repaired text)', async () => {
    let signature = '';
    for (let i = 0; !signature.includes('+'); i++) signature = await sig(`user_${i}`);
    const userId = new URLSearchParams(atob(signature).slice(20)).get('userId');
    const net = fakeFetch(() => json(currentOk));
    const deps = makeDeps(net.fetch, NOW);
    const repaired = checkSignature(signature.replaceAll('+', ' '), NOW).base64!;
    const res = await loginWithSignature(deps, { environmentId: 'tencent', signature: repaired });
    expect(res).toMatchObject({ ok: true, ticket: { userId } });
    expect(new URL(net.requests[0]!.url).searchParams.get('signature')).toBe(signature);
  });

  it('a network failure is a failure with a failed history row, not a crash', async () => {
    const deps = makeDeps(fakeFetch(() => Promise.reject(new TypeError('Failed to fetch'))).fetch, NOW);
    const res = await loginWithSignature(deps, { environmentId: 'tencent', signature: await sig() });
    expect(res).toMatchObject({ ok: false, stage: 'network' });
    expect((await loggedHistory(deps))[0]).toMatchObject({ status: 'failed' });
    expect(await deps.store.listTickets()).toEqual([]);
  });

  it('an unknown environment is refused', async () => {
    const deps = makeDeps(fakeFetch(() => json(currentOk)).fetch, NOW);
    expect(await loginWithSignature(deps, { environmentId: 'nope', signature: await sig() })).toMatchObject({
      ok: false,
      stage: 'input',
    });
  });
});

describe('checkSignature', () => {
  it('judges expiry at the given time', async () => {
    const s = await sig();
    expect(checkSignature(s, 1_700_000_100_000).expired).toBe(false);
    expect(checkSignature(s, 1_700_000_400_000).expired).toBe(true);
    expect(checkSignature('nonsense', NOW).fields).toBeNull();
  });

  it('builds the login URL with the signature encoded', async () => {
    const s = await sig();
    const url = loginUrl(TENCENT_ENVIRONMENT, s);
    expect(new URL(url).searchParams.get('signature')).toBe(s);
  });
});

describe('dev server', () => {
  it.each([
    ['bare text', 'SIG', 'SIG'],
    ['JSON signature', '{"signature":"SIG"}', 'SIG'],
    ['JSON Signature', '{"Signature":"SIG"}', 'SIG'],
    ['nested Data', '{"Code":"Success","Data":{"Signature":"SIG"}}', 'SIG'],
    ['JSON string', '"SIG"', 'SIG'],
    ['JSON without it', '{"other":1}', null],
    ['empty', '  ', null],
  ])('reads a signature from %s', (_name, text, want) => {
    expect(signatureFromDevServer(text)).toBe(want);
  });

  it('fills the URL template with encoded values', () => {
    expect(
      fillTemplate('http://localhost:3000/sign?userId={userId}&p={platform}', {
        userId: '张 三',
        platform: 'a&b',
      }),
    ).toBe('http://localhost:3000/sign?userId=%E5%BC%A0%20%E4%B8%89&p=a%26b');
  });

  it('logs in with the dev server signature', async () => {
    const s = await sig('dev_user');
    const net = fakeFetch((url) => (url.host === 'localhost:3000' ? new Response(s) : json(currentOk)));
    const deps = makeDeps(net.fetch, NOW);
    const res = await loginFromDevServer(deps, {
      environmentId: 'tencent',
      urlTemplate: 'http://localhost:3000/sign?userId={userId}',
      userId: 'dev_user',
    });
    expect(res).toMatchObject({ ok: true, ticket: { userId: 'dev_user', source: 'dev-server' } });
    expect(net.requests[0]!.url).toBe('http://localhost:3000/sign?userId=dev_user');
  });

  it.each([
    ['HTTP 500', () => new Response('boom', { status: 500 }), 'HTTP 500'],
    ['no signature', () => json({ nope: true }), 'no signature'],
    ['unreachable', () => Promise.reject(new TypeError('Failed to fetch')), 'unreachable'],
  ])('reports a dev server that answers %s', async (_n, route, text) => {
    const deps = makeDeps(fakeFetch(route).fetch, NOW);
    const res = await loginFromDevServer(deps, {
      environmentId: 'tencent',
      urlTemplate: 'http://localhost:3000/s?u={userId}',
      userId: 'u',
    });
    expect(res).toMatchObject({ ok: false, stage: 'dev-server' });
    expect(!res.ok && res.message).toContain(text);
  });

  it('refuses a template that is not an http(s) URL, fetching nothing', async () => {
    const net = fakeFetch(() => json({}));
    const deps = makeDeps(net.fetch, NOW);
    for (const urlTemplate of ['not a url {userId}', 'data:text/plain,{userId}', 'file:///sig?u={userId}']) {
      expect(
        await loginFromDevServer(deps, { environmentId: 'tencent', urlTemplate, userId: 'u' }),
      ).toMatchObject({
        ok: false,
        stage: 'input',
      });
    }
    expect(net.requests).toHaveLength(0);
  });
});

describe('local signing', () => {
  it('needs keys in the session', async () => {
    const deps = makeDeps(fakeFetch(() => json(currentOk)).fetch, NOW);
    expect(
      await loginLocalSign(deps, { environmentId: 'tencent', platform: 'p', userId: 'u' }),
    ).toMatchObject({
      ok: false,
      stage: 'keys',
    });
  });

  it('signs with the session keys and logs in', async () => {
    const net = fakeFetch(() => json(currentOk));
    const deps = makeDeps(net.fetch, NOW);
    await setKeys(deps.session, { secretId: 'AKIDEXAMPLE', secretKey: 'SECRETKEYEXAMPLE' });
    const res = await loginLocalSign(deps, {
      environmentId: 'tencent',
      platform: 'my_platform',
      userId: 'local',
    });
    expect(res).toMatchObject({ ok: true, ticket: { source: 'local-signing', userId: 'local' } });
    const sent = new URL(net.requests[0]!.url).searchParams.get('signature')!;
    expect(checkSignature(sent, NOW).fields).toMatchObject({
      secretId: 'AKIDEXAMPLE',
      userId: 'local',
      action: 'Login',
    });
  });
});
