import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { base64Decode, utf8Decode } from '../../lib/cme/bytes';
import { decodeSignature, signSignature } from '../../lib/cme/signature';
import { parseQueryPairs } from '../../lib/cme/signature-read';
import { signatureFields, signLogin } from '../../lib/cme/signature-worker';

const KEY = 'SECRETKEYEXAMPLE';

/** The reading the worker made before (base64Decode, first value of each field): the reference. */
function fullFields(sig: string): Map<string, string> | null {
  const bytes = base64Decode(sig);
  if (!bytes || bytes.length <= 20) return null;
  const fields = new Map<string, string>();
  for (const [k, v] of parseQueryPairs(utf8Decode(bytes.subarray(20)))) if (!fields.has(k)) fields.set(k, v);
  return fields.has('secretId') || fields.has('action') ? fields : null;
}

const text = fc.string({ unit: fc.constantFrom(...'aZ09+/-_= \n\t%&'.split('')), maxLength: 12 });
const identity = fc.record({
  secretId: fc.string({ unit: 'binary', maxLength: 20 }),
  platform: fc.string({ unit: 'binary', maxLength: 20 }),
  userId: fc.string({ unit: 'binary', maxLength: 40 }),
});

describe('signLogin (the worker’s local signing)', () => {
  it('signs byte-identically to signSignature for any identity, key, time and random', async () => {
    await fc.assert(
      fc.asyncProperty(
        identity,
        fc.string({ unit: 'binary', maxLength: 30 }),
        fc.integer({ min: 0, max: 4e12 }),
        fc.integer({ min: 0, max: 0xffffffff }),
        async (id, key, nowMs, random) => {
          const deps = { now: () => nowMs, randomUint32: () => random };
          expect(await signLogin(id, key, deps)).toBe(await signSignature(id, key, deps));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('signs a Login valid 300 s with a fresh random by default', async () => {
    const id = { secretId: 'AKIDEXAMPLE', platform: 'p', userId: 'u' };
    const sig = await signLogin(id, KEY, { now: () => 1_700_000_000_000 });
    const { fields, problems } = decodeSignature(sig);
    expect(problems).toEqual([]);
    expect(fields).toMatchObject({
      ...id,
      action: 'Login',
      currentTimeStamp: 1_700_000_000,
      expireTime: 1_700_000_300,
    });
    expect(await signLogin(id, KEY, { now: () => 1_700_000_000_000 })).not.toBe(sig);
  });
});

describe('signatureFields (the worker’s short reading)', () => {
  it('reads the first value of each plaintext field of a readable signature', async () => {
    const sig = await signSignature(
      {
        secretId: 'AKIDEXAMPLE',
        platform: 'p1',
        userId: '用户_1',
        currentTimeStamp: 1_700_000_000,
        random: 7,
      },
      KEY,
    );
    const fields = signatureFields(sig);
    expect(fields?.get('userId')).toBe('用户_1');
    expect(fields?.get('platform')).toBe('p1');
    expect(fields?.get('action')).toBe('Login');
    expect(decodeSignature(sig).fields).toMatchObject({ userId: '用户_1', platform: 'p1' });
  });

  it('reads a signature with line breaks, in base64url or without padding, or with spaces for + (a dev server’s form-decoded answer)', async () => {
    let sig = '';
    for (let random = 0; !sig.includes('+') || !sig.endsWith('='); random++) {
      sig = await signSignature({ secretId: 'AKID', platform: 'p', userId: 'u?>', random }, KEY);
    }
    const want = signatureFields(sig);
    expect(want?.get('userId')).toBe('u?>');
    for (const damaged of [
      ` ${sig}\n`,
      sig.replace(/(.{16})/g, '$1\n'),
      sig.replaceAll('+', '-').replaceAll('/', '_'),
      sig.replace(/=+$/, ''),
    ]) {
      expect(signatureFields(damaged)).toEqual(want);
    }
    // A dev server's answer taken from a form-decoded query, and what the popup sends of such a paste.
    const pasted = sig.replaceAll('+', ' ');
    expect(signatureFields(pasted)).toEqual(want);
    expect(signatureFields(` ${pasted} `)).toEqual(want);
    expect(signatureFields(decodeSignature(pasted).base64!)).toEqual(want);
  });

  it.each([
    ['not Base64', 'hello'],
    ['too short for an HMAC and a plaintext', btoa('x'.repeat(20))],
    ['no secretId or action', btoa('h'.repeat(20) + 'platform=p&userId=u')],
    ['empty', '   '],
  ])('is null for %s', (_, text) => {
    expect(signatureFields(text)).toBeNull();
  });

  it('reads what decodeSignature repairs to the fields it reads (the popup sends the repaired text)', async () => {
    const sig = await signSignature({ secretId: 'AKID', platform: 'p', userId: 'u', random: 3 }, KEY);
    fc.assert(
      fc.property(fc.nat({ max: sig.length }), text, text, (at, a, b) => {
        const damaged = a + sig.slice(0, at) + b + sig.slice(at);
        const repaired = decodeSignature(damaged).base64;
        const want = fullFields(damaged);
        if (repaired !== undefined && want !== null) expect(signatureFields(repaired)).toEqual(want);
      }),
      { numRuns: 3000 },
    );
    await fc.assert(
      fc.asyncProperty(identity, fc.integer({ min: 0, max: 0xffffffff }), async (id, random) => {
        const fields = signatureFields(await signSignature({ ...id, random }, KEY));
        expect(fields && Object.fromEntries(fields)).toMatchObject({
          ...Object.fromEntries(Object.entries(id).map(([k, v]) => [k, v.toWellFormed()])),
          action: 'Login',
          random: String(random),
        });
      }),
      { numRuns: 300 },
    );
  });
});
