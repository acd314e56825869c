import { Agent, request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../../lib/node/sandbox/main';
import { ourChromeIds } from '../../lib/node/sandbox/origins';
import { callApi, person, PLATFORM, startTestSandbox, ticketFor, UUID } from './sandbox-helpers';

let sb: RunningSandbox & { errors: string[] };
let ticket: string;

beforeAll(async () => {
  sb = await startTestSandbox({
    allowOrigins: ['http://dev.example:3000'],
    handlers: {
      DescribeTeams: () => {
        throw new Error('boom (test)');
      },
    },
  });
  ticket = await ticketFor(sb);
});
afterAll(() => sb.close());

interface RawAnswer {
  status: number;
  body: string;
  reused: boolean;
}

/** POSTs over node:http with a keep-alive agent, reporting whether the socket was reused. */
function post(agent: Agent, path: string, body: Buffer | string): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const url = new URL(path, sb.url);
    const req = request(
      url,
      { method: 'POST', agent, headers: { 'Content-Type': 'application/json' } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
            reused: req.reusedSocket,
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

// This checkout's unpacked Chrome build (what npm start and npm test load); other origins: sandbox-origins.test.ts.
const OUR_CHROME = `chrome-extension://${ourChromeIds()[0]}`;

describe('sandbox HTTP: CORS', () => {
  it.each([
    'http://localhost:5173',
    'http://127.0.0.1:3000',
    OUR_CHROME,
    'moz-extension://0a1b2c3d-1111-2222-3333-444455556666',
    'http://dev.example:3000',
  ])('answers a preflight from %s with 204 and allows it', async (origin) => {
    const res = await fetch(`${sb.url}/PaaS/Material/ListMedia?auth=x`, {
      method: 'OPTIONS',
      headers: {
        Origin: origin,
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'content-type',
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(origin);
    expect(res.headers.get('access-control-allow-methods')).toContain('POST');
    expect(res.headers.get('access-control-allow-headers')).toContain('content-type');
  });

  it('allows the origin on real answers too, login included', async () => {
    const origin = OUR_CHROME;
    const api = await fetch(`${sb.url}/PaaS/Team/DescribeJoinTeams?auth=${ticket}`, {
      method: 'POST',
      body: '{}',
      headers: { Origin: origin },
    });
    expect(api.headers.get('access-control-allow-origin')).toBe(origin);
    const login = await fetch(`${sb.url}/?signature=x`, { headers: { Origin: origin } });
    expect(login.headers.get('access-control-allow-origin')).toBe(origin);
  });

  it('does not allow an unrelated website', async () => {
    const res = await fetch(`${sb.url}/dev/signature?userId=u`, {
      headers: { Origin: 'https://evil.example' },
    });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('sandbox HTTP: body limit', () => {
  it('answers a body over 1 MB with 413 + LimitExceeded.RequestSize and keeps the connection usable', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const big = Buffer.alloc(1024 * 1024 + 10, 0x61);
      const first = await post(agent, `/PaaS/Material/ListMedia?auth=${ticket}`, big);
      expect(first.status).toBe(413);
      const json = JSON.parse(first.body) as Record<string, unknown>;
      expect(json).toMatchObject({
        Code: 'LimitExceeded.RequestSize',
        Message: expect.stringContaining('1 MB'),
      });
      expect(json.RequestId).toMatch(UUID);
      const second = await post(agent, `/PaaS/Team/DescribeJoinTeams?auth=${ticket}`, '{}');
      expect(second.status).toBe(200);
      expect(second.reused).toBe(true);
      expect(JSON.parse(second.body)).toMatchObject({ Code: 'Success' });
    } finally {
      agent.destroy();
    }
  });

  it('accepts a body of exactly 1 MB', async () => {
    const body = JSON.stringify({ Pad: 'x'.repeat(1024 * 1024 - 10) });
    expect(Buffer.byteLength(body)).toBe(1024 * 1024);
    const ans = await callApi(sb, 'Team/DescribeJoinTeams', body, ticket);
    expect(ans.status).toBe(200);
  });
});

describe('sandbox HTTP: pages and extras', () => {
  it('serves an index at / that links the demo', async () => {
    const res = await fetch(`${sb.url}/`);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(await res.text()).toMatch(/href="demo"/);
  });

  it('serves the demo page with relative URLs, both languages and the proxy call', async () => {
    const html = await (await fetch(`${sb.url}/demo`)).text();
    expect(html).toContain('Run again / 再次运行');
    expect(html).toContain("'proxy/'");
    expect(html).toMatch(/"PingFang SC"/);
    expect(html).not.toMatch(/fetch\(['"]\//);
    expect(html).toContain(`value="${PLATFORM}"`);
  });

  it('answers an unknown path with 404 and an envelope', async () => {
    const res = await fetch(`${sb.url}/nope`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as { Code: string }).Code).toBe('ResourceNotFound');
  });

  it('serves the client API under /proxy/PaaS and counts it', async () => {
    const before = sb.stats.proxied;
    const ans = await callApi(sb, 'Team/DescribeJoinTeams', {}, ticket, '/proxy');
    expect(ans.json.Code).toBe('Success');
    expect(sb.stats.proxied).toBe(before + 1);
  });

  it('answers a handler exception with a 500 InternalError envelope and logs it', async () => {
    const ans = await callApi(sb, 'Team/DescribeTeams', {}, ticket);
    expect(ans.status).toBe(500);
    expect(ans.json).toMatchObject({
      Code: 'InternalError',
      Message: expect.stringContaining('服务器内部错误'),
    });
    expect(sb.errors.join('\n')).toContain('boom (test)');
  });

  it('counts CME calls by action and Code in /__sandbox/stats, and resets', async () => {
    await fetch(`${sb.url}/__sandbox/reset`, { method: 'POST' });
    await callApi(sb, 'Material/DeleteMaterial', { MaterialId: 'nope' }, ticket);
    await callApi(sb, 'Material/DeleteMaterial', { MaterialId: 'nope' }, ticket);
    const stats = (await (await fetch(`${sb.url}/__sandbox/stats`)).json()) as Record<
      string,
      Record<string, unknown>
    >;
    expect(stats.byAction).toEqual({ DeleteMaterial: 2 });
    expect(stats.byCode).toEqual({ 'InvalidParameterValue.MaterialId': 2 });
    expect(stats.byActionCode).toEqual({ DeleteMaterial: { 'InvalidParameterValue.MaterialId': 2 } });
  });

  it('reset restores the demo data and keeps tickets valid', async () => {
    const created = await callApi(
      sb,
      'Material/CreateClass',
      { ParentClassId: 0, Name: 'temp', Owner: person() },
      ticket,
    );
    expect(created.json.Code).toBe('Success');
    await fetch(`${sb.url}/__sandbox/reset`, { method: 'POST' });
    const classes = await callApi(
      sb,
      'Material/DescribeClass',
      { Platform: PLATFORM, Owner: person() },
      ticket,
    );
    const names = (classes.json.Data as { ClassInfoSet: { Name: string }[] }).ClassInfoSet.map((c) => c.Name);
    expect(names).not.toContain('temp');
    expect(names).toContain('视频素材');
  });
});
