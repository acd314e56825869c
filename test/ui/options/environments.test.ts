import { describe, expect, it, vi } from 'vitest';
import { TENCENT_ENVIRONMENT } from '../../../lib/store/schema';
import {
  createEnvironmentsStore,
  environmentOrigins,
  originPattern,
  validateEnvironment,
  type PermissionsLike,
} from '../../../lib/ui/options/environments';
import { deferred, fakeRpc, makeEnvironment, settle } from '../popup/fakes';

/** A fake `browser.permissions`: granted origins, with the prompt's answer under the test's control. */
function fakePermissions(granted: string[] = []) {
  const have = new Set(granted);
  const prompts: { origins: string[]; answer: (yes: boolean) => void }[] = [];
  const added = new Set<() => void>();
  const permissions: PermissionsLike = {
    request: vi.fn(({ origins }: { origins: string[] }) => {
      const d = deferred<boolean>();
      prompts.push({
        origins,
        answer: (yes) => {
          if (yes) origins.forEach((o) => have.add(o));
          d.resolve(yes);
        },
      });
      return d.promise;
    }),
    contains: vi.fn(async ({ origins }: { origins: string[] }) => origins.every((o) => have.has(o))),
    onAdded: { addListener: (l) => added.add(l), removeListener: (l) => added.delete(l) },
  };
  return { permissions, prompts, have, fireAdded: () => added.forEach((l) => l()) };
}

const SANDBOX = makeEnvironment({
  id: 'sb',
  loginUrl: 'http://127.0.0.1:8787',
  apiBase: 'http://127.0.0.1:8787',
});

function setup(
  envs = [TENCENT_ENVIRONMENT, SANDBOX],
  granted = ['https://open.cme.qcloud.com/*', 'https://web-paas-api.cme.qcloud.com/*'],
) {
  let stored = [...envs];
  const rpc = fakeRpc({
    'environments.list': () => stored,
    'environments.save': (p) => {
      const rec = makeEnvironment({ id: `id-${stored.length}`, ...p });
      stored = [...stored, rec];
      return rec;
    },
    'environments.delete': ({ environmentId }) => {
      stored = stored.filter((e) => e.id !== environmentId);
      return { deleted: true };
    },
  });
  const perms = fakePermissions(granted);
  return { rpc, ...perms, store: createEnvironmentsStore({ rpc, permissions: perms.permissions }) };
}

describe('origin patterns', () => {
  it.each([
    ['http://127.0.0.1:8787', 'http://127.0.0.1:8787/*'],
    ['https://proxy.example.com/cme/', 'https://proxy.example.com/*'],
    ['ftp://x', null],
    ['not a url', null],
  ])('%s → %s', (url, want) => {
    expect(originPattern(url)).toBe(want);
  });

  it('asks once for an environment whose login and API share a host', () => {
    expect(environmentOrigins(SANDBOX)).toEqual(['http://127.0.0.1:8787/*']);
    expect(environmentOrigins(TENCENT_ENVIRONMENT)).toHaveLength(2);
  });

  it.each([
    [{ name: ' ', loginUrl: 'http://a', apiBase: '' }, 'name-empty'],
    [{ name: 'x', loginUrl: 'a', apiBase: '' }, 'login-url'],
    [{ name: 'x', loginUrl: 'http://a', apiBase: 'file:///x' }, 'api-base'],
  ])('refuses %j', (form, error) => {
    expect(validateEnvironment(form)).toEqual({ ok: false, error });
  });

  it('uses the login URL as the API base when none is given, without trailing slashes', () => {
    expect(validateEnvironment({ name: ' Box ', loginUrl: 'http://127.0.0.1:8787/', apiBase: '' })).toEqual({
      ok: true,
      value: { name: 'Box', loginUrl: 'http://127.0.0.1:8787', apiBase: 'http://127.0.0.1:8787' },
    });
  });
});

describe('environments store', () => {
  it('shows which environments have host access', async () => {
    const { store } = setup();
    await store.refresh();
    expect(store.access.value).toEqual({ tencent: 'granted', sb: 'missing' });
  });

  it('requests access synchronously from the click, then shows the answer', async () => {
    const { store, permissions, prompts } = setup();
    await store.refresh();
    const answered = store.requestAccess(SANDBOX);
    // The browser was asked before requestAccess returned: still inside the user gesture.
    expect(permissions.request).toHaveBeenCalledWith({ origins: ['http://127.0.0.1:8787/*'] });
    expect(store.access.value.sb).toBe('asking');
    prompts[0]!.answer(true);
    await answered;
    expect(store.access.value.sb).toBe('granted');
  });

  it('shows a refusal as denied', async () => {
    const { store, prompts } = setup();
    await store.refresh();
    const answered = store.requestAccess(SANDBOX);
    prompts[0]!.answer(false);
    await answered;
    expect(store.access.value.sb).toBe('denied');
  });

  it('keeps "asking" while the prompt is open, even across a refresh', async () => {
    const { store } = setup();
    await store.refresh();
    void store.requestAccess(SANDBOX);
    await store.refresh();
    expect(store.access.value.sb).toBe('asking');
  });

  it('shows an error the browser throws (e.g. a host the manifest does not allow)', async () => {
    const { store, permissions } = setup();
    vi.mocked(permissions.request).mockImplementationOnce(() => {
      throw new Error('Only permissions specified in the manifest may be requested.');
    });
    await store.refresh();
    await store.requestAccess(SANDBOX);
    expect(store.access.value.sb).toBe('error');
    expect(store.error.value).toMatch(/manifest/);
  });

  it('adds an environment, asking for its host in the same click, without waiting for the answer', async () => {
    const { store, rpc, permissions } = setup([TENCENT_ENVIRONMENT]);
    await store.refresh();
    const saved = await store.add({ name: 'Box', loginUrl: 'http://127.0.0.1:9000', apiBase: '' });
    expect(permissions.request).toHaveBeenCalledWith({ origins: ['http://127.0.0.1:9000/*'] });
    expect(rpc.paramsOf('environments.save')).toEqual([
      { name: 'Box', loginUrl: 'http://127.0.0.1:9000', apiBase: 'http://127.0.0.1:9000' },
    ]);
    expect(saved?.name).toBe('Box');
    expect(store.environments.value.map((e) => e.name)).toEqual(['Tencent Cloud', 'Box']);
    expect(store.access.value[saved!.id]).toBe('asking');
  });

  it('refuses an invalid form without asking anything', async () => {
    const { store, rpc, permissions } = setup();
    expect(await store.add({ name: 'x', loginUrl: 'nope', apiBase: '' })).toBeNull();
    expect(store.formError.value).toBe('login-url');
    expect(permissions.request).not.toHaveBeenCalled();
    expect(rpc.paramsOf('environments.save')).toEqual([]);
  });

  it('follows a grant made elsewhere', async () => {
    const { store, have, fireAdded } = setup();
    await store.refresh();
    const stop = store.watch();
    have.add('http://127.0.0.1:8787/*');
    fireAdded();
    await settle();
    expect(store.access.value.sb).toBe('granted');
    stop();
  });

  it('deletes a custom environment', async () => {
    const { store } = setup();
    await store.refresh();
    await store.remove('sb');
    expect(store.environments.value.map((e) => e.id)).toEqual(['tencent']);
  });
});
