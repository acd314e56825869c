import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createAttributor } from '../../lib/cme/attribute';
import { decodeCall } from '../../lib/cme/decode-call';
import { jsString, shellQuote, toCurl, toFetch, toWebSdk } from '../../lib/cme/snippets';
import type { DecodedCall, RawCall } from '../../lib/cme/types';
import { FAKE_TICKET, VECTOR_SIGNATURE, apiCall, loginCall, makeRawCall, makeSignature } from './factories';

const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (
  ...args: string[]
) => (...args: unknown[]) => Promise<unknown>;

/** Runs a fetch snippet with a stub fetch and returns what it was called with. */
async function runFetchSnippet(code: string): Promise<{ url: string; init: RequestInit }> {
  let seen: { url: string; init: RequestInit } | null = null;
  const stub = async (url: string, init: RequestInit): Promise<{ json(): Promise<unknown> }> => {
    seen = { url, init };
    return { json: async () => ({}) };
  };
  await new AsyncFunction('fetch', code)(stub);
  if (seen === null) throw new Error('fetch was not called');
  return seen;
}

/** Runs a Web SDK snippet against a stub `CME` global; returns the sign and the fetch arguments. */
async function runWebSdkSnippet(code: string): Promise<{ sign: string; path?: string; params?: unknown }> {
  const seen: { sign: string; path?: string; params?: unknown } = { sign: '' };
  const CME = {
    Net: {
      create(opts: { sign: string }) {
        seen.sign = opts.sign;
        return {
          fetch: async (path: string, params: unknown) => {
            seen.path = path;
            seen.params = params;
            return {};
          },
        };
      },
    },
  };
  await new AsyncFunction('CME', code)(CME);
  return seen;
}

function decoded(raw: RawCall): DecodedCall {
  const call = decodeCall(raw, 0, { attributor: createAttributor() });
  if (call === null) throw new Error('not a CME call');
  return call;
}

/** What bash makes of a quoted word. */
function bashEcho(word: string): string {
  return execFileSync('bash', ['-c', `printf %s ${word}`], { encoding: 'utf8' });
}

describe('shellQuote', () => {
  it.each([
    ['abc', "'abc'"],
    ['', "''"],
    ["it's", "'it'\\''s'"],
    ['$HOME `x` "y" \\n', '\'$HOME `x` "y" \\n\''],
  ])('quotes %j as %s', (input, expected) => {
    expect(shellQuote(input)).toBe(expected);
  });

  it('round-trips through bash for any text (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 30 }), (text) => {
        // NUL cannot be passed in a command line at all.
        const clean = text.replaceAll('\0', '');
        expect(bashEcho(shellQuote(clean))).toBe(clean);
      }),
      { numRuns: 40 },
    );
  });
});

describe('jsString', () => {
  it.each(['plain', "it's", 'back\\slash', 'line\nbreak\r\t', '\u2028\u0001', '片头🎬'])(
    'is a JS literal of %j',
    (text) => {
      expect(new Function(`return ${jsString(text)};`)()).toBe(text);
    },
  );
});

describe('toCurl', () => {
  it('writes a POST with JSON body, masked by default', () => {
    const call = apiCall({ body: { MaterialId: "mat_'1'" } });
    expect(toCurl(call)).toBe(
      [
        "curl 'https://web-paas-api.cme.qcloud.com/PaaS/Material/ListMedia?auth=tf_…27ec' \\",
        "  -H 'Content-Type: application/json' \\",
        `  --data-raw '{"MaterialId":"mat_'\\''1'\\''"}'`,
      ].join('\n'),
    );
  });

  it('shows the ticket with reveal, and bash reads the body back exactly', () => {
    const body = { Name: `it's "片头" \\ $x` };
    const command = toCurl(apiCall({ body }), { reveal: true });
    expect(command).toContain(`auth=${FAKE_TICKET}`);
    const data = command.split('--data-raw ')[1]!;
    expect(JSON.parse(bashEcho(data))).toEqual(body);
  });

  it.each<[string, RawCall, string[], string[]]>([
    [
      'a GET login',
      loginCall(),
      ["curl 'https://open.cme.qcloud.com?signature=F9yi6V…MQ=='"],
      ['-X', '--data-raw'],
    ],
    [
      'a PUT with a body',
      makeRawCall({ request: { method: 'PUT', body: { text: 'x' } } }),
      ["-X 'PUT'", "--data-raw 'x'"],
      [],
    ],
    [
      'a DELETE without body',
      makeRawCall({ request: { method: 'DELETE' } }),
      ["-X 'DELETE'"],
      ['--data-raw'],
    ],
    [
      'HTTP/2 pseudo-headers, content-length and accept-encoding',
      makeRawCall({
        request: {
          headers: [
            { name: ':authority', value: 'example.com' },
            { name: 'content-length', value: '10' },
            { name: 'accept-encoding', value: 'gzip' },
            { name: 'x-ok', value: '1' },
          ],
        },
      }),
      ["-H 'x-ok: 1'", '--compressed'],
      [':authority', 'content-length', 'accept-encoding'],
    ],
    [
      'a binary body',
      makeRawCall({ request: { method: 'POST', body: { text: '/w==', encoding: 'base64', size: 1 } } }),
      ['# binary request body (1 bytes) not included', "-X 'POST'"],
      ['--data-raw'],
    ],
  ])('handles %s', (_name, call, present, absent) => {
    const command = toCurl(call);
    for (const p of present) expect(command).toContain(p);
    for (const a of absent) expect(command).not.toContain(a);
  });

  it('masks secrets in headers and in the body', async () => {
    const upload = await makeSignature({ action: 'Upload' });
    const call = apiCall({ body: { VerifySign: upload } });
    call.request.headers.push(
      { name: 'Cookie', value: `t=${FAKE_TICKET}` },
      { name: 'Referer', value: `https://e/?auth=${FAKE_TICKET}` },
    );
    const command = toCurl(call);
    for (const s of [FAKE_TICKET, upload, encodeURIComponent(upload)]) expect(command).not.toContain(s);
    expect(toCurl(call, { reveal: true })).toContain(upload);
  });
});

describe('toFetch', () => {
  it('reproduces the request exactly when revealed', async () => {
    const body = { MaterialIds: ['a', "b'c"], Owner: { Type: 'PERSON', Id: '片头' } };
    const call = apiCall({ body });
    const code = toFetch(call, { reveal: true });
    const { url, init } = await runFetchSnippet(code);
    expect(url).toBe(call.request.url);
    expect(init.method).toBe('POST');
    expect(init.headers).toEqual({ 'Content-Type': 'application/json' });
    expect(JSON.parse(init.body as string)).toEqual(body);
  });

  it('pretty-prints the JSON body and masks by default', () => {
    const code = toFetch(apiCall({ body: { MaterialId: 'm1' } }));
    expect(code).toContain(
      "fetch('https://web-paas-api.cme.qcloud.com/PaaS/Material/ListMedia?auth=tf_…27ec', {",
    );
    expect(code).toContain('  body: JSON.stringify({\n    "MaterialId": "m1"\n  }),');
    expect(code).not.toContain(FAKE_TICKET);
  });

  it('leaves out headers the browser sets and keeps a non-JSON body as a string', async () => {
    const call = makeRawCall({
      request: {
        method: 'POST',
        headers: [
          { name: 'Cookie', value: 'a=b' },
          { name: 'User-Agent', value: 'x' },
          { name: 'sec-fetch-mode', value: 'cors' },
          { name: ':path', value: '/' },
          { name: 'X-Trace', value: '7' },
        ],
        body: { text: 'a=1&b=2', mimeType: 'application/x-www-form-urlencoded' },
      },
    });
    const { init } = await runFetchSnippet(toFetch(call));
    expect(init.headers).toEqual({ 'X-Trace': '7' });
    expect(init.body).toBe('a=1&b=2');
  });

  it('omits headers and body for a plain GET', async () => {
    const { init } = await runFetchSnippet(toFetch(makeRawCall()));
    expect(init).toEqual({ method: 'GET' });
  });
});

describe('toWebSdk', () => {
  it('calls Net.fetch with the path and the body; the sign is a placeholder', async () => {
    const body = { MaterialId: 'mat_1', Tags: ['片头'] };
    const code = toWebSdk(decoded(apiCall({ actionClass: 'Material', action: 'DeleteMaterial', body })));
    expect(code).toContain("CME.Net.create({ sign: '<signature>' })");
    expect(code).toContain('vs-cdn.tencent-cloud.com/sdk/cme_v2.0.1.js');
    expect(code).not.toContain(FAKE_TICKET);
    const seen = await runWebSdkSnippet(code);
    expect(seen).toEqual({ sign: '<signature>', path: '/Material/DeleteMaterial', params: body });
  });

  it('masks a VerifySign in the body unless revealed', async () => {
    const upload = await makeSignature({ action: 'Upload' });
    const call = decoded(
      apiCall({ action: 'CreateUploadMaterial', body: { Name: 'v.mp4', VerifySign: upload } }),
    );
    const masked = await runWebSdkSnippet(toWebSdk(call));
    expect((masked.params as { VerifySign: string }).VerifySign).toMatch(/^.{6}….{4}$/);
    const revealed = await runWebSdkSnippet(toWebSdk(call, { reveal: true }));
    expect(revealed.params).toEqual({ Name: 'v.mp4', VerifySign: upload });
  });

  it('uses an empty object when the call had no body', async () => {
    const seen = await runWebSdkSnippet(toWebSdk(decoded(apiCall({ body: null }))));
    expect(seen.params).toEqual({});
  });

  it('for a login, creates the Net instance with the captured signature (masked unless revealed)', async () => {
    const call = decoded(loginCall());
    expect((await runWebSdkSnippet(toWebSdk(call))).sign).toBe('F9yi6V…MQ==');
    expect((await runWebSdkSnippet(toWebSdk(call, { reveal: true }))).sign).toBe(VECTOR_SIGNATURE);
  });
});
