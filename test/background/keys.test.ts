import { describe, expect, it } from 'vitest';
import { forgetKeys, getKeys, keysStatus, setKeys } from '../../lib/background/keys';
import { fakeSession } from './fakes';

describe('local-signing keys', () => {
  it('live in the session area only, masked in status, gone when forgotten', async () => {
    const session = fakeSession();
    expect(await keysStatus(session)).toEqual({ present: false, secretId: null });
    const status = await setKeys(session, { secretId: ' AKIDEXAMPLE ', secretKey: 'SECRETKEYEXAMPLE' });
    expect(status.present).toBe(true);
    expect(status.secretId).not.toContain('AKIDEXAMPLE');
    expect(JSON.stringify(await keysStatus(session))).not.toContain('SECRETKEYEXAMPLE');
    expect(await getKeys(session)).toEqual({ secretId: 'AKIDEXAMPLE', secretKey: 'SECRETKEYEXAMPLE' });
    await forgetKeys(session);
    expect(await getKeys(session)).toBeNull();
    expect(session.data.size).toBe(0);
  });

  it.each([
    [{ secretId: '', secretKey: 'k' }, 'SecretId'],
    [{ secretId: 'i', secretKey: '  ' }, 'SecretKey'],
  ])('refuses empty keys %j', async (keys, what) => {
    const session = fakeSession();
    await expect(setKeys(session, keys)).rejects.toThrow(what);
    expect(session.data.size).toBe(0);
  });

  it('ignores an unusable stored value', async () => {
    const session = fakeSession();
    await session.set({ localSigningKeys: { secretId: 1 } });
    expect(await getKeys(session)).toBeNull();
  });
});
