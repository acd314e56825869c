import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { classifyRequest, normaliseEndpoint } from '../../lib/cme/classify';
import type { Classification, ClassifyOptions } from '../../lib/cme/types';
import { FAKE_TICKET, makeSignature, VECTOR_SIGNATURE } from './factories';

const enc = encodeURIComponent;
let uploadSig = '';
let proxiedLoginSig = '';

beforeAll(async () => {
  proxiedLoginSig = await makeSignature({ platform: 'proxy_platform', userId: 'u_proxy' });
  uploadSig = await makeSignature({ action: 'Upload' });
});

const sandbox: ClassifyOptions = {
  loginEndpoints: ['HTTP://127.0.0.1:8787/login/'],
  apiBases: ['http://LOCALHOST:8788/'],
};

interface Row {
  name: string;
  method: string;
  url: () => string;
  opts?: ClassifyOptions;
  /** A function when the expectation needs a signature made in beforeAll. */
  want: Classification | (() => Classification);
}

const rows: Row[] = [
  {
    name: 'official login, host in caps',
    method: 'GET',
    url: () => `https://OPEN.CME.QCLOUD.COM/?signature=${enc(VECTOR_SIGNATURE)}`,
    want: { kind: 'login', signature: VECTOR_SIGNATURE, host: 'open.cme.qcloud.com', official: true },
  },
  {
    name: 'official login on any path, lower-case method',
    method: 'get',
    url: () => `https://open.cme.qcloud.com/some/path?x=1&signature=${enc(VECTOR_SIGNATURE)}`,
    want: { kind: 'login', signature: VECTOR_SIGNATURE, host: 'open.cme.qcloud.com', official: true },
  },
  {
    name: 'official login with garbage signature is still a login (decode problems come later)',
    method: 'GET',
    url: () => 'https://open.cme.qcloud.com?signature=not-a-signature',
    want: { kind: 'login', signature: 'not-a-signature', host: 'open.cme.qcloud.com', official: true },
  },
  {
    name: 'proxied login recognised by decoding the signature',
    method: 'GET',
    url: () => `https://api.example.com/cme/login?signature=${enc(proxiedLoginSig)}`,
    want: () => ({ kind: 'login', signature: proxiedLoginSig, host: 'api.example.com', official: false }),
  },
  {
    name: 'configured login endpoint (caps host, trailing slash in config, port kept in host)',
    method: 'GET',
    url: () => 'http://127.0.0.1:8787/login?signature=abc',
    opts: sandbox,
    want: { kind: 'login', signature: 'abc', host: '127.0.0.1:8787', official: true },
  },
  {
    name: 'configured endpoint is matched on a path-segment boundary',
    method: 'GET',
    url: () => 'http://127.0.0.1:8787/loginx?signature=abc',
    opts: sandbox,
    want: { kind: 'other' },
  },
  {
    name: 'non-login (Upload) signature param on a random host',
    method: 'GET',
    url: () => `https://cdn.example.net/file?signature=${enc(uploadSig)}`,
    want: { kind: 'other' },
  },
  {
    name: 'random signature param on a random host',
    method: 'GET',
    url: () => 'https://cdn.example.net/img.png?signature=0123456789abcdef0123456789abcdef0123',
    want: { kind: 'other' },
  },
  {
    name: 'POST to open.cme',
    method: 'POST',
    url: () => `https://open.cme.qcloud.com?signature=${enc(VECTOR_SIGNATURE)}`,
    want: { kind: 'other' },
  },
  {
    name: 'PaaS call on the official host',
    method: 'POST',
    url: () => `https://web-paas-api.cme.qcloud.com/PaaS/Material/ListMedia?auth=${FAKE_TICKET}`,
    want: {
      kind: 'api',
      actionClass: 'Material',
      action: 'ListMedia',
      auth: FAKE_TICKET,
      host: 'web-paas-api.cme.qcloud.com',
      proxied: false,
    },
  },
  {
    name: 'PaaS call behind a proxy prefix path',
    method: 'POST',
    url: () => `https://app.example.com/api/cme/PaaS/Material/ListMedia?auth=${FAKE_TICKET}&t=1`,
    want: {
      kind: 'api',
      actionClass: 'Material',
      action: 'ListMedia',
      auth: FAKE_TICKET,
      host: 'app.example.com',
      proxied: true,
    },
  },
  {
    name: 'PaaS call to a configured API base is not proxied',
    method: 'POST',
    url: () => 'http://localhost:8788/PaaS/Project/DescribeProjects?auth=tf_x',
    opts: sandbox,
    want: {
      kind: 'api',
      actionClass: 'Project',
      action: 'DescribeProjects',
      auth: 'tf_x',
      host: 'localhost:8788',
      proxied: false,
    },
  },
  {
    name: 'OPTIONS preflight',
    method: 'OPTIONS',
    url: () => `https://web-paas-api.cme.qcloud.com/PaaS/Material/ListMedia?auth=${FAKE_TICKET}`,
    want: { kind: 'other' },
  },
  {
    name: 'missing auth',
    method: 'POST',
    url: () => 'https://web-paas-api.cme.qcloud.com/PaaS/Material/ListMedia?oauth=x',
    want: { kind: 'other' },
  },
  {
    name: '/paas/ in lower case (matched case-sensitively, as documented)',
    method: 'POST',
    url: () => 'https://web-paas-api.cme.qcloud.com/paas/Material/ListMedia?auth=x',
    want: { kind: 'other' },
  },
  {
    name: 'PaaS with a non-identifier action',
    method: 'POST',
    url: () => 'https://web-paas-api.cme.qcloud.com/PaaS/Material/List-Media?auth=x',
    want: { kind: 'other' },
  },
  {
    name: 'PaaS with extra path after the action',
    method: 'POST',
    url: () => 'https://web-paas-api.cme.qcloud.com/PaaS/Material/ListMedia/more?auth=x',
    want: { kind: 'other' },
  },
  {
    name: 'garbage URL',
    method: 'GET',
    url: () => 'not a url /PaaS/Material/ListMedia?auth=x&signature=y',
    want: { kind: 'other' },
  },
  {
    name: 'relative URL',
    method: 'POST',
    url: () => '/PaaS/Material/ListMedia?auth=x',
    want: { kind: 'other' },
  },
  {
    name: 'ordinary page request',
    method: 'GET',
    url: () => 'https://example.com/index.html',
    want: { kind: 'other' },
  },
];

describe('classifyRequest', () => {
  it.each(rows)('$name', ({ method, url, opts, want }) => {
    expect(classifyRequest({ method, url: url() }, opts)).toEqual(typeof want === 'function' ? want() : want);
  });

  it('keeps the spaces of an unencoded signature (URLSearchParams reads + as space)', () => {
    const url = `https://open.cme.qcloud.com/?signature=${VECTOR_SIGNATURE}`;
    const got = classifyRequest({ method: 'GET', url });
    expect(got).toMatchObject({ kind: 'login', signature: VECTOR_SIGNATURE.replace(/\+/g, ' ') });
  });

  it('recognises an unencoded proxied login signature (decodeSignature tolerates the spaces)', async () => {
    const sig = await makeSignature({ random: 1 });
    // Find a signature with a '+' so the test really exercises the tolerance.
    let withPlus = sig;
    for (let r = 2; !withPlus.includes('+') && r < 200; r++) withPlus = await makeSignature({ random: r });
    expect(withPlus).toContain('+');
    const got = classifyRequest({ method: 'GET', url: `https://proxy.example.com/l?signature=${withPlus}` });
    expect(got).toMatchObject({ kind: 'login', official: false });
  });

  it('prefers api when a PaaS call also carries a signature parameter', () => {
    const url = `https://web-paas-api.cme.qcloud.com/PaaS/Material/CreateUploadMaterial?auth=t&signature=x`;
    expect(classifyRequest({ method: 'POST', url })).toMatchObject({
      kind: 'api',
      action: 'CreateUploadMaterial',
    });
  });

  it('sees configured endpoints edited in place', () => {
    const opts: ClassifyOptions = { loginEndpoints: ['http://127.0.0.1:1'] };
    const url = 'http://127.0.0.1:2/?signature=abc';
    expect(classifyRequest({ method: 'GET', url }, opts).kind).toBe('other');
    opts.loginEndpoints?.push('http://127.0.0.1:2');
    expect(classifyRequest({ method: 'GET', url }, opts).kind).toBe('login');
  });

  it('never throws; without the signature= or /PaaS/ markers a request is always other', () => {
    const url = fc.oneof(fc.string(), fc.webUrl({ withQueryParameters: true, withFragments: true }));
    fc.assert(
      fc.property(url, fc.constantFrom('GET', 'POST', 'OPTIONS'), (u, method) => {
        const got = classifyRequest({ method, url: u });
        if (!u.includes('signature=') && !u.includes('/PaaS/')) expect(got).toEqual({ kind: 'other' });
        if (method === 'OPTIONS') expect(got).toEqual({ kind: 'other' });
      }),
    );
  });

  it('classifies any identifier pair under /PaaS/ with auth', () => {
    const ident = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,20}$/);
    fc.assert(
      fc.property(ident, ident, fc.string({ minLength: 1 }), (cls, act, auth) => {
        const url = `https://h.example/x/PaaS/${cls}/${act}?auth=${encodeURIComponent(auth)}`;
        expect(classifyRequest({ method: 'POST', url })).toEqual({
          kind: 'api',
          actionClass: cls,
          action: act,
          auth,
          host: 'h.example',
          proxied: true,
        });
      }),
    );
  });
});

describe('normaliseEndpoint', () => {
  it.each([
    ['HTTP://Example.COM/', 'http://example.com'],
    ['http://127.0.0.1:8787/login/', 'http://127.0.0.1:8787/login'],
    ['https://example.com:443/a?x=1#y', 'https://example.com/a'],
    ['nonsense', null],
  ])('%s → %s', (input, want) => {
    expect(normaliseEndpoint(input)).toBe(want);
  });
});
