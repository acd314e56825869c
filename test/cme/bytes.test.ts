import { unescape as qsUnescape } from 'node:querystring';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  base64Decode,
  base64DecodeDetailed,
  base64Encode,
  bytesToHex,
  hexToBytes,
  percentDecode,
  utf8Decode,
  utf8DecodeStrict,
  utf8Encode,
} from '../../lib/cme/bytes';

const ascii = (s: string): Uint8Array => new TextEncoder().encode(s);
const text = (b: Uint8Array | null): string | null => (b === null ? null : new TextDecoder().decode(b));

describe('base64Encode', () => {
  it.each([
    ['', ''],
    ['f', 'Zg=='],
    ['fo', 'Zm8='],
    ['foo', 'Zm9v'],
    ['foob', 'Zm9vYg=='],
    ['fooba', 'Zm9vYmE='],
    ['foobar', 'Zm9vYmFy'],
  ])('RFC 4648 vector %j → %s', (input, expected) => {
    expect(base64Encode(ascii(input))).toBe(expected);
  });

  it('uses + and / for 62 and 63', () => {
    expect(base64Encode(new Uint8Array([0xfb, 0xff, 0xbf]))).toBe('+/+/');
  });

  it('matches Buffer on arbitrary bytes, including large inputs', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 20000 }), (bytes) => {
        expect(base64Encode(bytes)).toBe(Buffer.from(bytes).toString('base64'));
      }),
      { numRuns: 200 },
    );
  });
});

describe('base64Decode', () => {
  it.each([
    ['padded', 'Zm9vYmE=', 'fooba'],
    ['unpadded (2 chars short)', 'Zm9vYg', 'foob'],
    ['unpadded (1 char short)', 'Zm9vYmE', 'fooba'],
    ['short padding', 'Zm9vYg=', 'foob'],
    ['empty', '', ''],
    ['surrounding whitespace', '  Zm9v\n', 'foo'],
    ['line-wrapped', 'Zm9v\r\nYmFy', 'foobar'],
    ['tabs and indentation', 'Zm9v\n    YmFy', 'foobar'],
    ['padding followed by whitespace', 'Zg==  \n', 'f'],
    ['vertical tab and form feed', 'Zm9v\v\fYmFy', 'foobar'],
    ['whitespace inside the padding', 'Zg=\n=', 'f'],
  ])('decodes %s', (_name, input, expected) => {
    expect(text(base64Decode(input))).toBe(expected);
  });

  it.each([
    ['standard', '+/+/'],
    ['base64url', '-_-_'],
    ['mixed alphabets', '+_-/'],
    ['url-safe with a space for + (raw URL paste)', '-/ /'],
  ])('decodes 62/63 in %s', (_name, input) => {
    expect(Array.from(base64Decode(input) ?? [])).toEqual([0xfb, 0xff, 0xbf]);
  });

  it.each([
    ['a stray character', 'Zm9v*mFy'],
    ['non-ASCII', 'Zm9vé'],
    ['= in the middle', 'Zg==Zm9v'],
    ['too much padding', 'Zm9v='],
    ['three = signs', 'Zg==='],
    ['a single dangling digit', 'Zm9vY'],
    ['percent-encoding (not Base64 itself)', 'Zm9v%2B'],
    ['a no-break space (not ASCII whitespace)', 'Zm9v\u00a0YmFy'],
    ['a digit after whitespace-split padding', 'Zg=\n=Zm9v'],
  ])('returns null for %s', (_name, input) => {
    expect(base64Decode(input)).toBeNull();
  });

  it.each([
    ['clean', 'Zm9v+/8=', { urlSafe: false, unpadded: false, whitespace: false, spaceAsPlus: false }],
    [
      'url-safe, unpadded',
      'Zm9v-_8',
      { urlSafe: true, unpadded: true, whitespace: false, spaceAsPlus: false },
    ],
    ['line break', 'Zm9v\n+/8=', { urlSafe: false, unpadded: false, whitespace: true, spaceAsPlus: false }],
    [
      'space without +',
      'Zm9v /8=',
      { urlSafe: false, unpadded: false, whitespace: false, spaceAsPlus: true },
    ],
    [
      'space beside a +',
      'Zm9v +/8=',
      { urlSafe: false, unpadded: false, whitespace: true, spaceAsPlus: false },
    ],
  ])('reports the tolerances used: %s', (_name, input, flags) => {
    const got = base64DecodeDetailed(input);
    expect(got).not.toBeNull();
    expect({
      urlSafe: got?.urlSafe,
      unpadded: got?.unpadded,
      whitespace: got?.whitespace,
      spaceAsPlus: got?.spaceAsPlus,
    }).toEqual(flags);
  });

  it.each([
    // auto reads the inner space as '+': 9 digits leave one dangling, so not Base64.
    ['auto', 'Zm9v Zm9v', null],
    ['skip', 'Zm9v Zm9v', '666f6f666f6f'],
    ['plus', 'Zm9v /8=', '666f6ffbff'],
    // `+/+/` pasted raw into a URL: the leading '+' became a space too, which auto would trim away.
    ['plus', ' / /', 'fbffbf'],
    ['plus', ' / /\n', 'fbffbf'],
  ] as const)('space mode %s on %j', (mode, input, expectedHex) => {
    const got = base64DecodeDetailed(input, mode);
    expect(got === null ? null : bytesToHex(got.bytes)).toBe(expectedHex);
  });

  it('round-trips arbitrary bytes through encode/decode, standard and url-safe', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => {
        expect(base64Decode(base64Encode(bytes))).toEqual(bytes);
        expect(base64Decode(Buffer.from(bytes).toString('base64url'))).toEqual(bytes);
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (s) => {
        const got = base64Decode(s);
        expect(got === null || got instanceof Uint8Array).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('reads the same bytes as base64DecodeDetailed, on any text', () => {
    // Base64 digits of both alphabets, padding, every kind of whitespace, and a few others.
    const unit = fc.constantFrom(...'AQZaz09+/-_=', ' ', '\t', '\n', '\v', '\f', '\r', '.', 'é');
    const texts = fc.oneof(
      fc.string({ unit, maxLength: 40 }),
      fc.uint8Array({ maxLength: 30 }).map((b) => Buffer.from(b).toString('base64').replaceAll('+', ' ')),
      fc.string({ unit: 'binary', maxLength: 40 }),
    );
    fc.assert(
      fc.property(texts, (s) => {
        expect(base64Decode(s)).toEqual(base64DecodeDetailed(s)?.bytes ?? null);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('utf8 and hex', () => {
  it.each([
    ['ascii', 'abc', '616263'],
    ['two-byte', 'é', 'c3a9'],
    ['three-byte', '你', 'e4bda0'],
    ['four-byte (emoji)', '😀', 'f09f9880'],
    ['lone surrogate becomes U+FFFD', '\ud800', 'efbfbd'],
  ])('utf8Encode %s', (_name, input, hex) => {
    expect(bytesToHex(utf8Encode(input))).toBe(hex);
  });

  it('utf8Decode replaces invalid bytes; utf8DecodeStrict returns null', () => {
    const bad = new Uint8Array([0x61, 0xff, 0x62]);
    expect(utf8Decode(bad)).toBe('a\ufffdb');
    expect(utf8DecodeStrict(bad)).toBeNull();
    expect(utf8DecodeStrict(utf8Encode('你好'))).toBe('你好');
  });

  it.each([
    ['', []],
    ['00ff10', [0, 255, 16]],
    ['ABcd', [0xab, 0xcd]],
  ])('hexToBytes %j', (hex, bytes) => {
    expect(Array.from(hexToBytes(hex) ?? [-1])).toEqual(bytes);
  });

  it.each(['abc', 'zz', '0g', ' 0'])('hexToBytes(%j) is null', (hex) => {
    expect(hexToBytes(hex)).toBeNull();
  });

  it('hex round-trips arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (bytes) => {
        const hex = bytesToHex(bytes);
        expect(hex).toBe(Buffer.from(bytes).toString('hex'));
        expect(hexToBytes(hex)).toEqual(bytes);
      }),
    );
  });
});

describe('percentDecode', () => {
  it.each([
    ['plain', 'abc', false, 'abc'],
    ['utf-8 sequence', '%E4%BD%A0%e5%a5%bd', false, '你好'],
    ['malformed escape stays literal', '100%ZZ', false, '100%ZZ'],
    ['% at the end', 'a%', false, 'a%'],
    ['% one digit from the end', 'a%4', false, 'a%4'],
    ['truncated utf-8 becomes U+FFFD', 'x%E4y', false, 'x\ufffdy'],
    ['+ kept by default', 'a+b', false, 'a+b'],
    ['+ as space', 'a+b%2Bc', true, 'a b+c'],
    ['+ as space without %', 'a+b', true, 'a b'],
    ['raw non-ASCII with escapes', 'é%20ü', false, 'é ü'],
  ])('%s', (_name, input, plusAsSpace, expected) => {
    expect(percentDecode(input, plusAsSpace)).toBe(expected);
  });

  // Raw text is ASCII here: on malformed input Node falls back to writing each UTF-16 unit as one byte,
  // mangling raw non-ASCII, where percentDecode UTF-8-encodes it (see 'raw non-ASCII with escapes').
  it("matches Node's querystring.unescape on arbitrary percent-laden text", () => {
    const piece = fc.oneof(
      fc.string({ unit: 'binary-ascii', maxLength: 4 }),
      fc.constantFrom('%', '%2', '%zz', '%E4', '%BD', '%A0', '%ff', '%41', '%C3%A9', '+'),
      fc.integer({ min: 0, max: 255 }).map((b) => '%' + b.toString(16).padStart(2, '0')),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
        const s = pieces.join('');
        expect(percentDecode(s)).toBe(qsUnescape(s));
      }),
      { numRuns: 1000 },
    );
  });
});
