import { describe, expect, it, vi } from 'vitest';
import type { LoginOutcome, SignatureCheck } from '../../../lib/protocol';
import { signSignature } from '../../../lib/cme/signature';
import { createLoginStore } from '../../../lib/ui/popup/login';
import { deferred, fakeRpc, makeTicket, settingsSignal, type FakeHandlers } from './fakes';

const check = (userId: string): SignatureCheck => ({
  fields: {
    secretId: 'AKIDEXAMPLE',
    currentTimeStamp: 1,
    expireTime: 2,
    random: 3,
    platform: 'demo_platform',
    action: 'Login',
    userId,
    extra: {},
  },
  raw: [],
  plaintext: '',
  hmacHex: '',
  problems: [],
  expired: false,
  notYetValid: false,
  secondsLeft: 100,
});
const notASignature: SignatureCheck = {
  fields: null,
  raw: [],
  plaintext: '',
  hmacHex: '',
  problems: ['not base64'],
  expired: null,
  notYetValid: null,
  secondsLeft: null,
};
const success = (): LoginOutcome => ({
  ok: true,
  ticket: makeTicket(),
  created: true,
  answer: {} as never,
  durationMs: 3,
  historyId: 'h',
});

function setup(
  handlers: FakeHandlers = {},
  template = 'http://127.0.0.1:8787/dev/signature?userId={userId}',
  decodeWith: (text: string) => SignatureCheck | Promise<SignatureCheck> = () => check('u'),
) {
  const rpc = fakeRpc({ 'keys.status': () => ({ present: false, secretId: null }), ...handlers });
  const onTicket = vi.fn();
  const decode = vi.fn(async (text: string) => decodeWith(text));
  const login = createLoginStore({
    rpc,
    settings: settingsSignal({ devServerUrlTemplate: template, defaultEnvironmentId: 'tencent' }),
    onTicket,
    decode,
  });
  return { rpc, login, onTicket, decode };
}

describe('login store', () => {
  it('decodes a pasted signature before anything is sent, the latest paste winning', async () => {
    const slow = deferred<SignatureCheck>();
    const { login, rpc, decode } = setup({}, undefined, (text) =>
      text === 'first' ? slow.promise : check('second-user'),
    );
    login.method.value = 'signature';
    const first = login.setSignature('first');
    await login.setSignature('second');
    slow.resolve(check('first-user'));
    await first;
    expect(login.decoded.value?.fields?.userId).toBe('second-user');
    expect(login.canSubmit.value).toBe(true);
    expect(decode.mock.calls).toEqual([['first'], ['second']]);
    expect(rpc.calls).toEqual([]);
  });

  it('cannot log in with text that is not a signature', async () => {
    const { login } = setup({}, undefined, () => notASignature);
    login.method.value = 'signature';
    await login.setSignature('hello');
    expect(login.canSubmit.value).toBe(false);
    expect(await login.submit()).toBe(false);
  });

  it('logs in with the pasted signature in the default environment', async () => {
    const { login, rpc, onTicket } = setup({ 'login.withSignature': success });
    login.method.value = 'signature';
    await login.setSignature('  SIG==  ');
    login.label.value = 'mine';
    expect(await login.submit()).toBe(true);
    expect(rpc.paramsOf('login.withSignature')).toEqual([
      { environmentId: 'tencent', signature: 'SIG==', label: 'mine' },
    ]);
    expect(onTicket).toHaveBeenCalledWith(makeTicket());
    expect(login.signature.value).toBe('');
  });

  it('logs in through the dev server with the settings template', async () => {
    const { login, rpc } = setup({ 'login.fromDevServer': success });
    login.environmentId.value = 'env-sandbox';
    login.userId.value = ' alice ';
    expect(await login.submit()).toBe(true);
    expect(rpc.paramsOf('login.fromDevServer')).toEqual([
      {
        environmentId: 'env-sandbox',
        urlTemplate: 'http://127.0.0.1:8787/dev/signature?userId={userId}',
        userId: 'alice',
        label: undefined,
      },
    ]);
  });

  it('keeps a refused login with its Code and the decoded signature', async () => {
    const { login, decode } = setup({
      'login.fromDevServer': () => ({
        ok: false,
        stage: 'answer',
        code: 'SignatureExpired',
        message: 'The login was refused',
        serverMessage: '签名过期',
        serverEnglishMessage: 'expired',
        httpStatus: 200,
        problems: [],
        signatureText: 'FETCHED==',
      }),
    });
    login.userId.value = 'alice';
    expect(await login.submit()).toBe(false);
    expect(login.failure.value?.code).toBe('SignatureExpired');
    expect(decode).toHaveBeenLastCalledWith('FETCHED==');
    expect(login.decoded.value?.fields?.userId).toBe('u');
  });

  it('says what is wrong with a refused login’s answer, read from its text', async () => {
    const { login } = setup({
      'login.fromDevServer': () => ({
        ok: false,
        stage: 'answer',
        code: null,
        message: 'The login was refused',
        serverMessage: null,
        serverEnglishMessage: null,
        httpStatus: 502,
        problems: [],
        responseText: '<html>Bad gateway</html>',
      }),
    });
    login.userId.value = 'alice';
    expect(await login.submit()).toBe(false);
    expect(login.failure.value?.problems).toEqual([
      'Answer is not JSON (HTTP 502): starts with "<html>Bad gateway</html>"',
    ]);
  });

  it('sends a damaged paste repaired, and never the repair of an earlier paste', async () => {
    const held = deferred<SignatureCheck>();
    const { login, rpc } = setup({ 'login.withSignature': success }, undefined, (text) =>
      text === 'a b+c' ? { ...check('u'), base64: 'a+b+c===' } : held.promise,
    );
    login.method.value = 'signature';
    await login.setSignature('a b+c');
    void login.setSignature('A B'); // still being decoded when sent: the earlier repair is not its own
    expect(await login.submit()).toBe(true);
    await login.setSignature('a b+c');
    expect(await login.submit()).toBe(true);
    expect(rpc.paramsOf('login.withSignature').map((p) => p.signature)).toEqual(['A B', 'a+b+c===']);
    held.resolve(notASignature);
  });

  it('signs locally only with keys present and a platform', async () => {
    const { login, rpc } = setup({
      'keys.set': ({ secretId }) => ({ present: true, secretId: `${secretId.slice(0, 4)}…` }),
      'login.localSign': success,
    });
    login.method.value = 'local';
    login.userId.value = 'u';
    login.platform.value = 'p';
    expect(login.canSubmit.value).toBe(false);
    expect(await login.setKeys('AKIDEXAMPLE', 'SECRETKEYEXAMPLE')).toBe(true);
    expect(login.canSubmit.value).toBe(true);
    await login.submit();
    expect(rpc.paramsOf('login.localSign')).toEqual([
      { environmentId: 'tencent', platform: 'p', userId: 'u', label: undefined },
    ]);
  });

  it('does not log in twice on a double click', async () => {
    const slow = deferred<LoginOutcome>();
    const { login, rpc } = setup({ 'login.fromDevServer': () => slow.promise });
    login.userId.value = 'u';
    const a = login.submit();
    expect(await login.submit()).toBe(false);
    slow.resolve(success());
    await a;
    expect(rpc.paramsOf('login.fromDevServer')).toHaveLength(1);
  });

  it.each([
    ['a dev-server template', 'http://x/{userId}', false, 'dev-server'],
    ['keys and no template', '', true, 'local'],
    ['neither', '', false, 'signature'],
  ])('prefills a rejected identity and picks %s', async (_n, template, keys, method) => {
    const { login } = setup(
      { 'keys.status': () => ({ present: keys, secretId: keys ? 'AKID…' : null }) },
      template,
    );
    await login.refreshKeys();
    login.prefill(makeTicket({ environment: 'env-x', userId: 'zed', platform: 'pf' }));
    expect([login.method.value, login.envId.value, login.userId.value, login.platform.value]).toEqual([
      method,
      'env-x',
      'zed',
      'pf',
    ]);
  });

  it('reads a paste whose first character was a + that a URL turned into a space (real decoding)', async () => {
    // A signature whose Base64 starts with '+' (its HMAC's first 6 bits are 62).
    let sig = '';
    for (let random = 0; !sig.startsWith('+'); random++) {
      sig = await signSignature(
        {
          secretId: 'AKIDEXAMPLE',
          platform: 'p',
          userId: 'edge_user',
          currentTimeStamp: 1_700_000_000,
          random,
        },
        'SECRETKEYEXAMPLE',
      );
    }
    const rpc = fakeRpc({
      'keys.status': () => ({ present: false, secretId: null }),
      'login.withSignature': success,
    });
    const login = createLoginStore({
      rpc,
      settings: settingsSignal({ defaultEnvironmentId: 'tencent' }),
      onTicket: vi.fn(),
    });
    login.method.value = 'signature';
    await login.setSignature(sig.replaceAll('+', ' '));
    expect(login.decoded.value?.fields?.userId).toBe('edge_user');
    expect(await login.submit()).toBe(true);
    expect(rpc.paramsOf('login.withSignature')[0]?.signature).toBe(sig);
  });
});
