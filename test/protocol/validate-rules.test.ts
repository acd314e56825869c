import { describe, expect, it } from 'vitest';
import { validateRequest } from '../../lib/protocol/validate';

const env = { name: 'App', loginUrl: 'http://127.0.0.1:8787', apiBase: 'http://127.0.0.1:8787' };
const rule = { pattern: '/api/cme/<Class>/<Action>', ticket: { in: 'header', name: 'X-CME-Auth' } };

describe('environments.save with capture rules', () => {
  it('passes rules of the right shape, and none', () => {
    expect(validateRequest('environments.save', { ...env, captureRules: [rule] }).ok).toBe(true);
    expect(validateRequest('environments.save', { ...env, captureRules: [] }).ok).toBe(true);
    expect(validateRequest('environments.save', env).ok).toBe(true);
  });

  it('refuses another place, a stray field, a long pattern, too many rules', () => {
    for (const captureRules of [
      [{ ...rule, ticket: { in: 'cookie', name: 'x' } }],
      [{ ...rule, extra: 1 }],
      [{ ...rule, pattern: `/${'a'.repeat(400)}` }],
      Array.from({ length: 21 }, () => rule),
      'not a list',
    ]) {
      expect(validateRequest('environments.save', { ...env, captureRules }).ok).toBe(false);
    }
  });
});
