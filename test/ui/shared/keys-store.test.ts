import { signal } from '@preact/signals';
import { describe, expect, it } from 'vitest';
import { rpcError } from '../../../lib/protocol';
import { createKeysStore } from '../../../lib/ui/shared/keys-store';
import { fakeRpc } from '../popup/fakes';

describe('keys store', () => {
  it('reads, sets and forgets the session keys through the background', async () => {
    const rpc = fakeRpc({
      'keys.status': () => ({ present: false, secretId: null }),
      'keys.set': ({ secretId }) => ({ present: true, secretId: `${secretId.slice(0, 4)}…` }),
      'keys.forget': () => ({ present: false, secretId: null }),
    });
    const error = signal<string | null>(null);
    const store = createKeysStore({ rpc, error });
    expect(store.keys.value).toBeNull();
    await store.refresh();
    expect(store.keys.value).toEqual({ present: false, secretId: null });
    error.value = 'an earlier refusal';
    expect(await store.set('AKIDEXAMPLE', 'SECRETKEYEXAMPLE')).toBe(true);
    expect(store.keys.value).toEqual({ present: true, secretId: 'AKID…' });
    expect(rpc.paramsOf('keys.set')).toEqual([{ secretId: 'AKIDEXAMPLE', secretKey: 'SECRETKEYEXAMPLE' }]);
    await store.forget();
    expect(store.keys.value).toEqual({ present: false, secretId: null });
    expect(error.value).toBeNull();
  });

  it("puts a refused request's reason in the page's error signal and keeps the last status", async () => {
    const rpc = fakeRpc({
      'keys.status': () => ({ present: true, secretId: 'AKID…' }),
      'keys.set': () => {
        throw rpcError('bad-request', 'secretKey is empty');
      },
    });
    const error = signal<string | null>(null);
    const store = createKeysStore({ rpc, error });
    await store.refresh();
    expect(await store.set('AKIDEXAMPLE', '')).toBe(false);
    expect(error.value).toBe('secretKey is empty');
    expect(store.keys.value).toEqual({ present: true, secretId: 'AKID…' });
    // No handler for keys.forget: refused too, its reason replaces the one before.
    await store.forget();
    expect(error.value).toMatch(/no fake handler for keys\.forget/);
    expect(store.keys.value).toEqual({ present: true, secretId: 'AKID…' });
  });

  it('reading the status leaves an earlier reason in place, and says why it could not read', async () => {
    const error = signal<string | null>('an earlier refusal');
    await createKeysStore({
      rpc: fakeRpc({ 'keys.status': () => ({ present: false, secretId: null }) }),
      error,
    }).refresh();
    expect(error.value).toBe('an earlier refusal');
    const failing = createKeysStore({ rpc: fakeRpc(), error });
    await failing.refresh();
    expect(error.value).toMatch(/no fake handler for keys\.status/);
    expect(failing.keys.value).toBeNull();
  });
});
