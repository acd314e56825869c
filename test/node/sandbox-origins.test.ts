/**
 * Who may use the sandbox from a browser (issue 15, item 9): CORS and 403s per endpoint and Origin, the Host
 * and Sec-Fetch-Site checks, `/__sandbox/reset` only by its exact path, `--allow-origin` and its environment
 * variable, and log lines that hold no ticket, signature or key.
 */
import { request } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { success } from '../../lib/node/sandbox/answers';
import { startSandbox, type RunningSandbox } from '../../lib/node/sandbox/main';
import { parseSandboxArgs, SANDBOX_USAGE } from '../../lib/node/sandbox/options';
import {
  chromeUnpackedId,
  maskLogLine,
  maskTarget,
  ourChromeIds,
  ticketSecret,
  unsafeTarget,
} from '../../lib/node/sandbox/origins';
import { PLATFORM, signIndependently, startTestSandbox, TEST_KEY, ticketFor } from './sandbox-helpers';

interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One request over node:http, with exactly the headers given (Host included) and the target as written. */
function raw(
  sb: RunningSandbox,
  method: string,
  target: string,
  headers: Record<string, string> = {},
  body?: string,
): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: sb.port, method, path: target, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        }),
      );
    });
    req.on('error', reject);
    req.end(body);
  });
}

const OUR_CHROME = `chrome-extension://${ourChromeIds()[0]}`;
const RANDOM_CHROME = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop';
const RANDOM_MOZ = 'moz-extension://0a1b2c3d-1111-2222-3333-444455556666';
const PINNED_MOZ = 'moz-extension://9f8e7d6c-aaaa-bbbb-cccc-ddddeeeeffff';

let sb: RunningSandbox & { errors: string[] };
let ticket: string;

beforeAll(async () => {
  sb = await startTestSandbox({ env: {} });
  ticket = await ticketFor(sb);
});
afterAll(() => sb.close());

/** Every endpoint, how to call it, and whether a foreign Origin is refused with 403 there. */
const ENDPOINTS: { name: string; call: (origin: string | null) => Promise<Raw>; guarded: boolean }[] = [
  {
    name: 'POST /PaaS (client API)',
    call: (o) => raw(sb, 'POST', `/PaaS/Team/DescribeJoinTeams?auth=${ticket}`, hdr(o), '{}'),
    guarded: false,
  },
  {
    name: 'POST /proxy/PaaS',
    call: (o) => raw(sb, 'POST', `/proxy/PaaS/Team/DescribeJoinTeams?auth=${ticket}`, hdr(o), '{}'),
    guarded: false,
  },
  {
    name: 'GET /?signature= (login)',
    call: (o) =>
      raw(sb, 'GET', `/?signature=${encodeURIComponent(signIndependently({ userId: 'o_user' }))}`, hdr(o)),
    guarded: true,
  },
  {
    name: 'GET /dev/signature',
    call: (o) => raw(sb, 'GET', '/dev/signature?userId=u1', hdr(o)),
    guarded: true,
  },
  {
    name: 'POST /dev/signature',
    call: (o) => raw(sb, 'POST', '/dev/signature', hdr(o), JSON.stringify({ userId: 'u1' })),
    guarded: true,
  },
  { name: 'POST /__sandbox/reset', call: (o) => raw(sb, 'POST', '/__sandbox/reset', hdr(o)), guarded: true },
  {
    name: 'POST /__sandbox/revoke',
    call: (o) => raw(sb, 'POST', '/__sandbox/revoke', hdr(o), JSON.stringify({ ticket: 'tf_not_issued' })),
    guarded: true,
  },
  { name: 'GET /__sandbox/info', call: (o) => raw(sb, 'GET', '/__sandbox/info', hdr(o)), guarded: false },
  { name: 'GET /__sandbox/stats', call: (o) => raw(sb, 'GET', '/__sandbox/stats', hdr(o)), guarded: false },
  { name: 'GET /demo', call: (o) => raw(sb, 'GET', '/demo', hdr(o)), guarded: false },
];

function hdr(origin: string | null): Record<string, string> {
  return origin === null
    ? { 'Content-Type': 'application/json' }
    : { Origin: origin, 'Content-Type': 'application/json' };
}

const ALLOWED = () => [
  ['loopback page', 'http://localhost:5173'],
  ['loopback page (127.0.0.1)', 'http://127.0.0.1:3000'],
  ['loopback page ([::1])', 'http://[::1]:8080'],
  ["the sandbox's own origin", 'SELF'],
  ["this checkout's Chrome build", OUR_CHROME],
  ['a Firefox add-on (UUID unknowable)', RANDOM_MOZ],
];
const REFUSED = [
  ['null (sandboxed frame)', 'null'],
  ['a web site', 'https://evil.example'],
  ['a web site on loopback-looking name', 'http://127.0.0.1.evil.example'],
  ['another Chrome extension', RANDOM_CHROME],
  ['a malformed extension origin', 'chrome-extension://x'],
];

describe('sandbox origins: per endpoint', () => {
  for (const ep of ENDPOINTS) {
    describe(ep.name, () => {
      it.each(ALLOWED())('allows %s (%s): CORS header, served', async (_label, origin) => {
        const o = origin === 'SELF' ? sb.url : origin;
        const res = await ep.call(o);
        expect(res.headers['access-control-allow-origin']).toBe(o);
        expect(res.status).not.toBe(403);
      });
      it.each(REFUSED)(
        `refuses %s (%s): no CORS header${ep.guarded ? ', 403 with a clear message' : ''}`,
        async (_label, origin) => {
          const before = sb.stats.requests;
          const res = await ep.call(origin);
          expect(res.headers['access-control-allow-origin']).toBeUndefined();
          if (ep.guarded) {
            expect(res.status).toBe(403);
            expect(res.body).toMatch(origin === 'null' ? /Origin null/ : /--allow-origin/);
            expect(res.body).not.toMatch(/signature"\s*:|Authorization|tf_/);
            // Not reset: the counters still run.
            expect(sb.stats.requests).toBeGreaterThan(before);
          } else {
            expect(res.status).not.toBe(403);
          }
        },
      );
      it('serves a request without Origin (curl, tests, the extension with host permission)', async () => {
        const res = await ep.call(null);
        expect(res.status).toBeLessThan(400);
        expect(res.headers['access-control-allow-origin']).toBeUndefined();
      });
    });
  }

  it('signs nothing and issues no ticket for a refused origin', async () => {
    const tickets = sb.state.tickets.length;
    const sig = await raw(sb, 'GET', '/dev/signature?userId=u1', { Origin: 'null' });
    expect(sig.status).toBe(403);
    expect(sig.headers['content-type']).toMatch(/text\/plain/);
    const posted = await raw(
      sb,
      'POST',
      '/dev/signature',
      { Origin: 'https://evil.example' },
      '{"userId":"u"}',
    );
    expect(JSON.parse(posted.body)).toEqual({ error: expect.stringContaining('https://evil.example') });
    const login = await raw(sb, 'GET', `/?signature=${encodeURIComponent(signIndependently())}`, {
      Origin: RANDOM_CHROME,
    });
    expect(login.status).toBe(403);
    expect(sb.state.tickets.length).toBe(tickets);
  });

  it('answers preflights with CORS headers only for allowed origins', async () => {
    const ask = (origin: string) =>
      raw(sb, 'OPTIONS', '/dev/signature', {
        Origin: origin,
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'content-type',
        'Access-Control-Request-Private-Network': 'true',
      });
    const ok = await ask(OUR_CHROME);
    expect(ok.headers['access-control-allow-origin']).toBe(OUR_CHROME);
    expect(ok.headers['access-control-allow-private-network']).toBe('true');
    for (const origin of ['null', 'https://evil.example', RANDOM_CHROME]) {
      const no = await ask(origin);
      expect(no.headers['access-control-allow-origin']).toBeUndefined();
      expect(no.headers['access-control-allow-methods']).toBeUndefined();
      expect(no.headers['access-control-allow-private-network']).toBeUndefined();
    }
  });

  it("allows the sandbox's own origin when reached by a LAN address, not a neighbour's", async () => {
    const own = await raw(sb, 'GET', '/dev/signature?userId=u', {
      Host: '192.168.7.9:8787',
      Origin: 'http://192.168.7.9:8787',
    });
    expect(own.status).toBe(200);
    expect(own.headers['access-control-allow-origin']).toBe('http://192.168.7.9:8787');
    const other = await raw(sb, 'GET', '/dev/signature?userId=u', {
      Host: '192.168.7.9:8787',
      Origin: 'http://192.168.7.10:8787',
    });
    expect(other.status).toBe(403);
  });

  it('refuses a DNS name pointed at the sandbox (rebinding) and cross-site requests without Origin', async () => {
    const rebound = await raw(sb, 'GET', '/dev/signature?userId=u', { Host: `evil.example:${sb.port}` });
    expect(rebound.status).toBe(403);
    expect(rebound.body).toMatch(/Host evil\.example/);
    const sameOriginPost = await raw(sb, 'POST', '/__sandbox/reset', {
      Host: `evil.example:${sb.port}`,
      Origin: `http://evil.example:${sb.port}`,
    });
    expect(sameOriginPost.status).toBe(403);
    expect((await raw(sb, 'GET', '/dev/signature?userId=u', { Host: `localhost:${sb.port}` })).status).toBe(
      200,
    );
    const crossSite = await raw(sb, 'GET', '/dev/signature?userId=u', { 'Sec-Fetch-Site': 'cross-site' });
    expect(crossSite.status).toBe(403);
    // What our extension's background sends with host permission (verified in Chromium and Firefox).
    for (const site of ['none', 'same-origin', 'same-site']) {
      const ok = await raw(sb, 'GET', '/dev/signature?userId=u', { 'Sec-Fetch-Site': site });
      expect(ok.status).toBe(200);
    }
  });
});

describe('sandbox origins: /__sandbox/reset only by its exact path', () => {
  it.each([
    '/PaaS/../__sandbox/reset',
    '/PaaS/%2e%2e/__sandbox/reset',
    '/PaaS/%2E%2E/__sandbox/reset',
    '/proxy/PaaS/.%2e/.%2E/__sandbox/reset',
    '//__sandbox/reset',
    '/__sandbox//reset',
    '/./__sandbox/reset',
    '/__sandbox/./reset',
    '/__sandbox/%2e/reset',
    '/PaaS/..\\__sandbox/reset',
    '/PaaS/..%5c__sandbox/reset',
    '/PaaS/..%2f__sandbox/reset',
    '/__sandbox/reset/',
    '/__SANDBOX/reset',
    `http://127.0.0.1/__sandbox/reset`,
  ])('does not reset through %s', async (target) => {
    await raw(sb, 'GET', '/__sandbox/stats');
    const before = sb.stats.requests;
    const res = await raw(sb, 'POST', target);
    // A 400 for a path trick, or a CME answer for what the client API route takes (HTTP 200 there).
    expect(res.body).not.toContain('"ok":true');
    expect(sb.stats.requests).toBe(before + 1);
  });

  it('resets by its exact path (no Origin, or an allowed one)', async () => {
    await raw(sb, 'GET', '/__sandbox/stats');
    expect((await raw(sb, 'POST', '/__sandbox/reset')).body).toBe('{"ok":true}');
    expect(sb.stats.requests).toBe(0);
    const fromDemo = await raw(sb, 'POST', '/__sandbox/reset', { Origin: sb.url });
    expect(fromDemo.status).toBe(200);
  });

  it('names the refused path trick in a 400', async () => {
    const res = await raw(sb, 'POST', '/PaaS/../__sandbox/reset');
    expect(res.status).toBe(400);
    expect(res.body).toMatch(/\. or \.\. segments/);
    expect(unsafeTarget('/PaaS/Material/ListMedia?auth=a/../b')).toBeNull();
  });
});

describe('sandbox origins: --allow-origin and CME_SANDBOX_ALLOW_ORIGINS', () => {
  let extra: RunningSandbox;
  beforeAll(async () => {
    extra = await startSandbox({
      port: 0,
      keys: [TEST_KEY],
      platforms: [PLATFORM],
      allowOrigins: ['https://App.Example:8443'],
      env: { CME_SANDBOX_ALLOW_ORIGINS: `${PINNED_MOZ}, chrome-extension://* null` },
      logError: () => {},
    });
  });
  afterAll(() => extra.close());

  it.each([
    ['https://app.example:8443', true],
    [PINNED_MOZ, true],
    [RANDOM_MOZ, false], // naming one Firefox add-on allows only those named
    [RANDOM_CHROME, true], // chrome-extension://*
    ['null', true], // listed explicitly
    ['https://evil.example', false],
  ])('%s → allowed %s', async (origin, allowed) => {
    const res = await raw(extra, 'GET', '/dev/signature?userId=u', { Origin: origin });
    expect(res.status).toBe(allowed ? 200 : 403);
    expect(res.headers['access-control-allow-origin']).toBe(allowed ? origin : undefined);
  });

  it('lets a listed host name reach the guarded endpoints', async () => {
    const res = await raw(extra, 'GET', '/dev/signature?userId=u', { Host: 'app.example:8443' });
    expect(res.status).toBe(200);
  });

  it('* allows any origin but null', async () => {
    const any = await startSandbox({ port: 0, allowOrigins: ['*'], env: {}, logError: () => {} });
    try {
      expect((await raw(any, 'GET', '/dev/signature?userId=u', { Origin: 'https://x.example' })).status).toBe(
        200,
      );
      expect((await raw(any, 'GET', '/dev/signature?userId=u', { Origin: 'null' })).status).toBe(403);
    } finally {
      await any.close();
    }
  });

  it('checks --allow-origin values and the environment variable', async () => {
    expect(parseSandboxArgs(['--allow-origin', 'http://dev.example:3000/'])).toMatchObject({
      kind: 'options',
      options: { allowOrigins: ['http://dev.example:3000'] },
    });
    for (const bad of ['http://dev.example/path', 'dev.example', '']) {
      expect(parseSandboxArgs(['--allow-origin', bad])).toMatchObject({
        kind: 'error',
        message: expect.stringContaining('--allow-origin takes an origin'),
      });
    }
    await expect(
      startSandbox({ port: 0, env: { CME_SANDBOX_ALLOW_ORIGINS: 'not an origin' } }),
    ).rejects.toThrow(/CME_SANDBOX_ALLOW_ORIGINS/);
  });

  it('says in --help what is allowed and how to allow more', () => {
    expect(SANDBOX_USAGE).toContain('--allow-origin');
    expect(SANDBOX_USAGE).toContain('CME_SANDBOX_ALLOW_ORIGINS');
    expect(SANDBOX_USAGE).toMatch(/loopback/);
    expect(SANDBOX_USAGE).toContain('moz-extension://');
  });

  it("derives Chrome's unpacked id from the build folder", () => {
    // The id Chromium gave the build at /work/main/.output/chrome-mv3 (seen in its Origin header).
    expect(chromeUnpackedId('/work/main/.output/chrome-mv3')).toBe('ameddameljonpbjdmljlbijdhegdbmii');
    expect(ourChromeIds('/somewhere', { CME_OUT_DIR: '/tmp/out' })).toContain(
      chromeUnpackedId('/tmp/out/chrome-mv3'),
    );
  });
});

describe('sandbox origins: logs hold no ticket, signature or key', () => {
  let logged: RunningSandbox;
  let lines: string[];
  let clockBroken = false;
  const SECRET_KEY = 'MYOWNSECRETKEY_do_not_log_0123456789';
  const errorSpy = vi.spyOn(console, 'error').mockImplementation(() => {});
  afterEach(() => errorSpy.mockClear());
  afterAll(() => errorSpy.mockRestore());

  beforeAll(async () => {
    lines = [];
    logged = await startSandbox({
      port: 0,
      keys: [{ secretId: TEST_KEY.secretId, secretKey: SECRET_KEY }],
      platforms: [PLATFORM],
      env: {},
      log: (line) => lines.push(line),
      // No logError: the default console.error, captured.
      now: () => {
        if (clockBroken) throw new Error(`clock broke while reading ${SECRET_KEY}`);
        return Date.now();
      },
      handlers: {
        DescribeTeams: (ctx) => {
          throw new Error(`boom with ${JSON.stringify(ctx.body)}`);
        },
        DescribeJoinTeams: () => success({ TotalCount: 0, TeamSet: [] }),
      },
    });
  });
  afterAll(() => logged.close());

  const everything = (): string => [...lines, ...errorSpy.mock.calls.map((c) => c.join(' '))].join('\n');

  it('masks the ticket of a failing call in the URL, the body and the stack', async () => {
    const sig = signIndependently({ secretKey: SECRET_KEY, userId: 'log_user' });
    const login = await raw(logged, 'GET', `/?signature=${encodeURIComponent(sig)}`);
    const t = (JSON.parse(login.body) as { Response: { Authorization: string } }).Response.Authorization;
    expect(t).toMatch(/^tf_/);
    const body = JSON.stringify({ Note: `see /x?auth=${t}`, Escaped: sig.replace(/\//g, '\\/'), Sig: sig });
    for (const target of [
      `/PaaS/Team/DescribeTeams?auth=${t}`,
      `/PaaS/Team/DescribeTeams?%61uth=${t}`,
      `/proxy/PaaS/Team/DescribeTeams?x=1&auth=${encodeURIComponent(t)}&signature=${encodeURIComponent(sig).replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase())}`,
      `/PaaS/${t}/DescribeJoinTeams?auth=${t}`,
    ]) {
      await raw(logged, 'POST', target, { 'Content-Type': 'application/json' }, body);
    }
    expect(errorSpy).toHaveBeenCalled();
    const text = everything();
    expect(text).toContain('InternalError in Team/DescribeTeams');
    expect(text).toContain('tf_…');
    expect(text).not.toContain(t);
    expect(text).not.toContain(t.slice(3, 31));
    expect(text).not.toContain(sig);
    expect(text).not.toContain(encodeURIComponent(sig));
    expect(text).not.toContain(sig.slice(10, 40));
  });

  it('masks the full URL of a request that failed outside a handler', async () => {
    const sig = signIndependently({ secretKey: SECRET_KEY, userId: 'log_user2' });
    const login = await raw(logged, 'GET', `/?signature=${encodeURIComponent(sig)}`);
    const t = (JSON.parse(login.body) as { Response: { Authorization: string } }).Response.Authorization;
    clockBroken = true;
    try {
      const res = await raw(
        logged,
        'GET',
        `/?signature=${encodeURIComponent(sig).replace(/%2F/g, '%2f')}&auth=${t}&%73ignature=${encodeURIComponent(sig)}`,
      );
      expect(res.status).toBe(500);
    } finally {
      clockBroken = false;
    }
    const text = everything();
    expect(text).toContain('InternalError serving GET /?signature=');
    expect(text).not.toContain(SECRET_KEY);
    expect(text).not.toContain(sig.slice(10, 40));
    expect(text).not.toContain(encodeURIComponent(sig).slice(10, 40));
    expect(text).not.toContain(t);
  });

  it('masks helpers: encoded keys, lower-case hex, JSON escapes, unknown tickets', () => {
    expect(maskTarget('/p?%61uth=tf_0123456789abcdef0123456789abcdef&x=1')).toBe('/p?%61uth=tf_…cdef&x=1');
    const secret = 'ab/cd+ef==ghijklmnopqrstuvwxyz0123456789ABCDEFGH';
    const line = `a ${encodeURIComponent(secret).toLowerCase()} b ${secret.replace(/\//g, '\\/')} c tf_ffffffffffffffffffffffffffffffff`;
    const masked = maskLogLine(line, [ticketSecret(secret)]);
    expect(masked).not.toContain('cd+ef');
    expect(masked).not.toMatch(/cd%2bef/i);
    expect(masked).toContain('tf_…ffff');
    expect(masked).not.toContain('ffffffffffffffff');
  });
});
