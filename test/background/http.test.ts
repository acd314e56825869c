import { describe, expect, it } from 'vitest';
import { httpRequest } from '../../lib/background/http';

function recordingFetch() {
  const inits: RequestInit[] = [];
  const fetch = (async (_url: string | URL | Request, init: RequestInit = {}) => {
    inits.push(init);
    return new Response('{"Code":"Success"}', { status: 200, headers: { 'x-a': '1' } });
  }) as typeof globalThis.fetch;
  return { fetch, inits };
}

describe('httpRequest', () => {
  it('never sends cookies, and keeps a login (GET) out of the HTTP cache', async () => {
    const net = recordingFetch();
    const login = await httpRequest(net, {
      method: 'GET',
      url: 'https://open.cme.qcloud.com/?signature=x',
      timeoutMs: 1000,
    });
    const call = await httpRequest(net, {
      method: 'POST',
      url: 'https://web-paas-api.cme.qcloud.com/PaaS/Team/DescribeTeams?auth=tf_x',
      body: '{}',
      timeoutMs: 1000,
    });
    expect([login.status, call.status]).toEqual([200, 200]);
    expect(net.inits[0]).toMatchObject({ method: 'GET', credentials: 'omit', cache: 'no-store' });
    expect(net.inits[1]).toMatchObject({ method: 'POST', credentials: 'omit', body: '{}' });
    expect(net.inits[1]?.cache).toBeUndefined();
  });

  it('answers a timeout as a failure, never a throw', async () => {
    const fetch = ((_u: string, init: RequestInit = {}) =>
      new Promise((_resolve, reject) =>
        init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))),
      )) as unknown as typeof globalThis.fetch;
    const res = await httpRequest({ fetch }, { method: 'POST', url: 'http://127.0.0.1:9/x', timeoutMs: 20 });
    expect(res).toMatchObject({ status: 0, text: null, error: 'Timed out after 20 ms' });
  });
});
