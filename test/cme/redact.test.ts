import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MASK,
  maskHeaders,
  maskJsonSecrets,
  maskSecret,
  maskSecretsInText,
  maskSignature,
  maskTicket,
  maskUrl,
} from '../../lib/cme/redact';
import { FAKE_TICKET, VECTOR_SIGNATURE } from './factories';

const ticketArb = fc
  .string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 1, maxLength: 64 })
  .map((hex) => `tf_${hex}`);

describe('maskTicket', () => {
  it.each([
    [FAKE_TICKET, 'tf_…27ec'],
    ['abcdefghijklmnopqrstuvwxyz', 'abc…wxyz'],
    ['longprefix_0123456789abcdef', 'lon…cdef'],
    ['tf_short', MASK],
    ['', MASK],
  ])('%s → %s', (input, want) => {
    expect(maskTicket(input)).toBe(want);
  });

  it('reveals on request', () => {
    expect(maskTicket(FAKE_TICKET, true)).toBe(FAKE_TICKET);
  });
});

describe('maskSignature', () => {
  it.each([
    [VECTOR_SIGNATURE, 'F9yi6V…MQ=='],
    ['short', MASK],
  ])('%s → %s', (input, want) => {
    expect(maskSignature(input)).toBe(want);
  });

  it('reveals on request', () => {
    expect(maskSignature(VECTOR_SIGNATURE, true)).toBe(VECTOR_SIGNATURE);
  });
});

describe('maskUrl', () => {
  const enc = encodeURIComponent(VECTOR_SIGNATURE);
  it.each([
    [
      `https://web-paas-api.cme.qcloud.com/PaaS/Material/ListMedia?auth=${FAKE_TICKET}&x=1`,
      'https://web-paas-api.cme.qcloud.com/PaaS/Material/ListMedia?auth=tf_…27ec&x=1',
    ],
    [`https://open.cme.qcloud.com?signature=${enc}`, 'https://open.cme.qcloud.com?signature=F9yi6V…MQ=='],
    [`/PaaS/X/Y?a=%zz&auth=${FAKE_TICKET}#frag?auth=keep`, '/PaaS/X/Y?a=%zz&auth=tf_…27ec#frag?auth=keep'],
    ['not a url ?auth=&signature', 'not a url ?auth=&signature'],
    [
      'https://example.com/path?oauth=secretvalue12345678',
      'https://example.com/path?oauth=secretvalue12345678',
    ],
    ['https://example.com/no-query', 'https://example.com/no-query'],
  ])('%s', (input, want) => {
    expect(maskUrl(input)).toBe(want);
  });

  it('reveals on request', () => {
    const url = `https://x/?auth=${FAKE_TICKET}`;
    expect(maskUrl(url, true)).toBe(url);
  });

  it('never lets a full ticket through (property)', () => {
    fc.assert(
      fc.property(ticketArb, fc.string(), (ticket, other) => {
        const url = `https://h/PaaS/A/B?q=${encodeURIComponent(other)}&auth=${ticket}`;
        const out = maskUrl(url);
        expect(out.slice(out.lastIndexOf('auth=') + 5)).not.toContain(ticket);
        expect(out.startsWith(`https://h/PaaS/A/B?q=${encodeURIComponent(other)}&auth=`)).toBe(true);
      }),
    );
  });
});

describe('maskSecretsInText', () => {
  it('masks the plain and the URL-encoded form', () => {
    const text = `sig=${VECTOR_SIGNATURE} url=?signature=${encodeURIComponent(VECTOR_SIGNATURE)} ticket ${FAKE_TICKET}.`;
    const out = maskSecretsInText(text, [VECTOR_SIGNATURE, FAKE_TICKET]);
    expect(out).toBe('sig=F9yi6V…MQ== url=?signature=F9yi6V…MQ== ticket tf_…27ec.');
  });

  it('masks a URL-encoded secret after a backslash that reads like an escape (\\b before bAAA…)', () => {
    // Found by the secrets property (seed 827670250): `\b` was read as a JSON backspace, eating the 'b'.
    const secret =
      'bAAAAAAAAAAAAAAAAAAAAAAAAABzZWNyZXRJZD1BS0lERVhBTVBMRSZjdXJyZW50VGltZVN0YW1wPTE3MDAwMDAwMDAmZXhwaXJlVGltZT0xNzAwMDAwMzAwJnJhbmRvbT0xJnBsYXRmb3JtPXAmYWN0aW9uPUxvZ2luJnVzZXJJZD0wXw==';
    const text = `\\${encodeURIComponent(secret)}\\`;
    const out = maskSecretsInText(text, [secret]);
    expect(out).not.toContain(encodeURIComponent(secret).slice(6, 40));
    expect(out).not.toContain(secret.slice(6, 40));
    expect(out.startsWith('\\')).toBe(true);
  });

  it('ignores empty and very short secrets', () => {
    expect(maskSecretsInText('a b c', ['', 'a'])).toBe('a b c');
  });

  it('reveals on request', () => {
    expect(maskSecretsInText(FAKE_TICKET, [FAKE_TICKET], true)).toBe(FAKE_TICKET);
  });

  describe('overlapping secrets: the longer wins, whatever the order given', () => {
    // Made-up values: the short one is the start of the long one, or overlaps its start.
    const long = 'tf_0011223344556677XYZW8899';
    const prefix = 'tf_0011223344556677';
    const overlapping = 'abcd0011223344556677XYZW';

    it.each([
      ['given short first', [prefix, long]],
      ['given long first', [long, prefix]],
    ])('one contains the other, %s', (_name, secrets) => {
      const out = maskSecretsInText(`${long} ${prefix}`, secrets);
      expect(out).toBe(`${maskSecret(long)} ${maskSecret(prefix)}`);
      expect(out).not.toContain('XYZW');
    });

    it.each([
      ['given short first', [overlapping, `0011223344556677XYZW8899_long`]],
      ['given long first', [`0011223344556677XYZW8899_long`, overlapping]],
    ])('one overlaps the start of the other, %s', (_name, secrets) => {
      const out = maskSecretsInText('abcd0011223344556677XYZW8899_long', secrets);
      expect(out).toBe(`abcd${maskSecret('0011223344556677XYZW8899_long')}`);
    });
  });

  it('never lets a full ticket through (property)', () => {
    fc.assert(
      fc.property(ticketArb, fc.array(fc.string()), (ticket, filler) => {
        const text = [...filler, ticket, ticket + ticket, encodeURIComponent(ticket)].join(' ');
        const out = maskSecretsInText(text, [ticket]);
        if (ticket.length >= 4) expect(out).not.toContain(ticket);
      }),
    );
  });
});

describe('maskJsonSecrets', () => {
  it('masks secret fields at any depth and leaves the input untouched', () => {
    const input = {
      Code: 'Success',
      Data: { Authorization: FAKE_TICKET, AppId: 1 },
      list: [{ VerifySign: VECTOR_SIGNATURE }, { ticket: FAKE_TICKET }],
      signature: VECTOR_SIGNATURE,
      Signature: VECTOR_SIGNATURE,
      SecretKey: 'SECRETKEYEXAMPLE',
      auth: 42,
    };
    const copy = structuredClone(input);
    expect(maskJsonSecrets(input)).toEqual({
      Code: 'Success',
      Data: { Authorization: 'tf_…27ec', AppId: 1 },
      list: [{ VerifySign: 'F9yi6V…MQ==' }, { ticket: 'tf_…27ec' }],
      signature: 'F9yi6V…MQ==',
      Signature: 'F9yi6V…MQ==',
      SecretKey: MASK,
      auth: 42,
    });
    expect(input).toEqual(copy);
  });

  it('reveals on request', () => {
    const v = { Authorization: FAKE_TICKET };
    expect(maskJsonSecrets(v, true)).toEqual(v);
  });

  it('never lets a full ticket through (property)', () => {
    const key = fc.constantFrom('Authorization', 'auth', 'Ticket', 'other');
    fc.assert(
      fc.property(ticketArb, fc.jsonValue(), key, (ticket, filler, k) => {
        const value = { wrap: [{ [k]: ticket, filler }] };
        const out = JSON.stringify(maskJsonSecrets(value));
        if (k !== 'other') expect(out).not.toContain(`"${ticket}"`);
      }),
    );
  });
});

describe('maskHeaders', () => {
  it('masks credentials and keeps the rest', () => {
    const headers = [
      { name: 'Authorization', value: `Bearer ${FAKE_TICKET}` },
      { name: 'cookie', value: `sid=${FAKE_TICKET}; theme=dark` },
      { name: 'Set-Cookie', value: `sid=${FAKE_TICKET}; Path=/; HttpOnly` },
      { name: 'Referer', value: `https://app.example.com/?auth=${FAKE_TICKET}` },
      { name: 'Content-Type', value: 'application/json' },
    ];
    expect(maskHeaders(headers)).toEqual([
      { name: 'Authorization', value: 'Bearer tf_…27ec' },
      { name: 'cookie', value: `sid=tf_…27ec; theme=${MASK}` },
      { name: 'Set-Cookie', value: 'sid=tf_…27ec; Path=/; HttpOnly' },
      { name: 'Referer', value: 'https://app.example.com/?auth=tf_…27ec' },
      { name: 'Content-Type', value: 'application/json' },
    ]);
    expect(maskHeaders(headers, true)).toEqual(headers);
  });
});
