import { signal } from '@preact/signals';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkSignature, signSignature } from '../../../lib/cme/signature';
import type { SignatureCheck } from '../../../lib/protocol';
import { createSignaturePaste } from '../../../lib/ui/popup/signature-paste';
import { deferred } from './fakes';

/** A signature as lib/cme/signature reads it. */
let REAL: SignatureCheck;
beforeAll(async () => {
  const sig = await signSignature(
    { secretId: 'AKIDEXAMPLE', platform: 'p', userId: 'u', currentTimeStamp: 1_700_000_000, random: 1 },
    'SECRETKEYEXAMPLE',
  );
  REAL = checkSignature(sig, 1_700_000_000_000);
});

/** A decoding that read a signature and repaired it to `base64` (the rest as lib/cme/signature reads one). */
const readAs = (base64: string): SignatureCheck => ({ ...REAL, base64 });

describe('pasted signature', () => {
  it('keeps the decoding of the latest text when an earlier one answers last', async () => {
    const gates = new Map([
      ['first', deferred<SignatureCheck>()],
      ['second', deferred<SignatureCheck>()],
    ]);
    const paste = createSignaturePaste({ decode: (t) => gates.get(t)!.promise, error: signal(null) });
    const first = paste.set('first');
    const second = paste.set('second');
    gates.get('second')!.resolve(readAs('SECOND'));
    await second;
    gates.get('first')!.resolve(readAs('FIRST'));
    await first;
    expect(paste.decoded.value?.base64).toBe('SECOND');
    expect(paste.toSend()).toBe('SECOND');
  });

  it('sends the repair only of the text it was read from, else the text trimmed', async () => {
    const paste = createSignaturePaste({ decode: async () => readAs('REPAIRED'), error: signal(null) });
    await paste.set(' dam aged ');
    expect(paste.toSend()).toBe('REPAIRED');
    paste.signature.value = ' typed after ';
    expect(paste.toSend()).toBe('typed after');
    await paste.set('  ');
    expect(paste.decoded.value).toBeNull();
    paste.reset();
    expect([paste.signature.value, paste.decoded.value]).toEqual(['', null]);
  });

  it('says why a text could not be decoded, unless a later text came meanwhile', async () => {
    const error = signal<string | null>(null);
    const gate = deferred<SignatureCheck>();
    const paste = createSignaturePaste({
      decode: (t) => (t === 'bad' ? Promise.reject(new Error('not base64')) : gate.promise),
      error,
    });
    await paste.set('bad');
    expect(error.value).toBe('not base64');
    expect(paste.decoded.value).toBeNull();
    error.value = null;
    const late = paste.set('late');
    await paste.set('');
    gate.resolve(readAs('LATE'));
    await late;
    expect(paste.decoded.value).toBeNull();
    expect(error.value).toBeNull();
  });
});
