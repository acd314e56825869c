import { describe, expect, it } from 'vitest';
import { TENCENT_ENVIRONMENT, type EnvironmentInput } from '../../lib/store';
import { makeStore } from './fixtures';

const sandbox: EnvironmentInput = {
  name: 'Local sandbox',
  loginUrl: 'http://127.0.0.1:8787/',
  apiBase: 'http://127.0.0.1:8787//',
};

describe('environments', () => {
  it('adds a custom environment after the built-in one, trimming trailing slashes', async () => {
    const { store, clock } = makeStore();
    const saved = await store.putEnvironment(sandbox);
    expect(saved).toEqual({
      id: 'id-1',
      name: 'Local sandbox',
      kind: 'custom',
      loginUrl: 'http://127.0.0.1:8787',
      apiBase: 'http://127.0.0.1:8787',
      captureRules: [],
      createdAt: clock.now,
    });
    expect(await store.listEnvironments()).toEqual([TENCENT_ENVIRONMENT, saved]);
    expect(await store.getEnvironment('id-1')).toEqual(saved);
  });

  it('changes an environment keeping its creation time', async () => {
    const { store, clock } = makeStore();
    const saved = await store.putEnvironment(sandbox);
    clock.now += 1000;
    const renamed = await store.putEnvironment({ ...sandbox, id: saved.id, name: 'Proxy' });
    expect(renamed).toMatchObject({ id: saved.id, name: 'Proxy', createdAt: saved.createdAt });
  });

  it.each<[string, Partial<EnvironmentInput>, RegExp]>([
    ['no name', { name: '' }, /"name"/],
    ['a non-URL login', { loginUrl: 'open.cme' }, /"loginUrl" is not a URL/],
    ['a non-http API base', { apiBase: 'ftp://x.example' }, /"apiBase" must be an http or https URL/],
    ['the built-in id', { id: 'tencent' }, /cannot be changed/],
  ])('refuses %s', async (_, override, message) => {
    const { store } = makeStore();
    await expect(store.putEnvironment({ ...sandbox, ...override })).rejects.toThrow(message);
    expect(await store.listEnvironments()).toEqual([TENCENT_ENVIRONMENT]);
  });

  it('deletes a custom environment but never the built-in one', async () => {
    const { store } = makeStore();
    const saved = await store.putEnvironment(sandbox);
    expect(await store.deleteEnvironment(saved.id)).toBe(true);
    expect(await store.deleteEnvironment(saved.id)).toBe(false);
    await expect(store.deleteEnvironment('tencent')).rejects.toThrow(/cannot be deleted/);
    expect(await store.listEnvironments()).toEqual([TENCENT_ENVIRONMENT]);
  });
});
