import { describe, expect, it } from 'vitest';
import { createAttributor } from '../../lib/cme/attribute';
import type { Identity } from '../../lib/cme/types';
import { FAKE_TICKET } from './factories';

const alice: Identity = { platform: 'p1', userId: 'alice', appId: 1 };
const bob: Identity = { platform: 'p2', userId: 'bob', appId: 2 };

describe('createAttributor', () => {
  it('identifies a learned ticket and nothing else', () => {
    const a = createAttributor();
    a.learn(FAKE_TICKET, alice);
    expect(a.identify(FAKE_TICKET)).toEqual(alice);
    expect(a.identify('tf_other')).toBeNull();
    expect(a.identify('')).toBeNull();
  });

  it('is seeded from known (stored) tickets', () => {
    const a = createAttributor([{ authorization: 'tf_stored', ...bob }]);
    expect(a.identify('tf_stored')).toEqual(bob);
  });

  it.each([
    ['a newer identity wins', alice, bob, bob],
    [
      'a newer login with unknown fields keeps the older values',
      alice,
      { platform: null, userId: 'alice2', appId: null },
      { platform: 'p1', userId: 'alice2', appId: 1 },
    ],
  ])('%s', (_name, first, second, want) => {
    const a = createAttributor();
    a.learn('tf_x', first);
    a.learn('tf_x', second);
    expect(a.identify('tf_x')).toEqual(want);
  });

  it('ignores an empty ticket', () => {
    const a = createAttributor();
    a.learn('', alice);
    expect(a.identify('')).toBeNull();
  });

  it('returns copies: mutating a result does not change what it knows', () => {
    const a = createAttributor();
    a.learn('tf_x', alice);
    const got = a.identify('tf_x');
    if (got) got.userId = 'mallory';
    expect(a.identify('tf_x')?.userId).toBe('alice');
  });
});
